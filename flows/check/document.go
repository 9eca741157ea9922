package check

import (
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
)

// Check runs every layer over a read document and returns the reader's findings and its own,
// sorted by position. workspace holds the assets of the workspace the flows run in (from
// --assets files: read.LoadAssets of them), or nil; references resolve against the document's
// own assets and those, the workspace's winning.
func Check(doc *read.Document, workspace *flows.Assets) []flows.Finding {
	if doc == nil {
		return nil
	}
	assets := merge(doc.Assets, workspace)
	src := &source{
		flows:      doc.Flows,
		pointers:   doc.FlowPointers,
		generic:    doc.SchemaGeneric(),
		position:   doc.Position,
		pointerOf:  doc.PointerOf,
		positionIn: doc.PositionInString,
		emptyLists: doc.EmptyAssetLists,
	}
	src.skipped = doc.WrappedFlows()
	return run(src, assets, workspace, doc.Findings)
}

// assetKinds are the kinds merge copies.
var assetKinds = []flows.AssetKind{
	flows.AssetChannel, flows.AssetClassifier, flows.AssetField, flows.AssetFlow, flows.AssetGlobal,
	flows.AssetGroup, flows.AssetLabel, flows.AssetLLM, flows.AssetLocation, flows.AssetOptIn,
	flows.AssetResthook, flows.AssetTemplate, flows.AssetTopic, flows.AssetUser,
}

// merge combines asset sets, later ones replacing earlier assets of the same identity and
// declaring what they declare.
func merge(sets ...*flows.Assets) *flows.Assets {
	out := flows.NewAssets()
	for _, s := range sets {
		if s == nil {
			continue
		}
		for _, k := range assetKinds {
			declared := s.Declared(k)
			if declared {
				out.Declare(k)
			}
			for _, a := range s.All(k) {
				if declared {
					out.Add(a)
				} else {
					out.Provide(a)
				}
			}
		}
		out.Flows = append(out.Flows, s.Flows...)
	}
	return out
}
