package check

import (
	"fmt"
	"strings"

	"github.com/flowctl/flowctl/flows"
)

// assetNoun names one asset of a kind in messages.
var assetNoun = map[flows.AssetKind]string{
	flows.AssetChannel: "channel", flows.AssetClassifier: "classifier", flows.AssetField: "field",
	flows.AssetFlow: "flow", flows.AssetGlobal: "global", flows.AssetGroup: "group",
	flows.AssetLabel: "label", flows.AssetLLM: "LLM", flows.AssetLocation: "location",
	flows.AssetOptIn: "opt-in", flows.AssetResthook: "resthook", flows.AssetTemplate: "template",
	flows.AssetTopic: "topic", flows.AssetUser: "user",
}

// checkAssets resolves every asset an action or router names against the loaded assets.
func (c *checker) checkAssets(f *flows.Flow, fw where) {
	for _, r := range c.walked(f, fw).refs {
		c.checkRef(r.ref.Kind(), r.ref.Identity(), r.ref.DisplayName(), r.w)
	}
	for i, n := range f.Nodes {
		if n == nil {
			continue
		}
		nw := c.nodeAt(fw, i, n)
		// has_group cases name a group by UUID and name in their arguments.
		if r := n.Router; r != nil {
			for j, cs := range r.Cases {
				if cs != nil && cs.Type == "has_group" && len(cs.Arguments) > 0 && cs.Arguments[0] != "" {
					name := ""
					if len(cs.Arguments) > 1 {
						name = cs.Arguments[1]
					}
					c.checkRef(flows.AssetGroup, cs.Arguments[0], name, nw.at("router").idx("cases", j).at("arguments", "0"))
				}
			}
		}
	}
}

func (c *checker) checkRef(kind flows.AssetKind, identity, name string, w where) {
	if identity == "" || strings.HasPrefix(identity, "@") {
		return // a name_match group or label, or a template (an assignee's email), resolved at run time
	}
	noun := assetNoun[kind]
	if noun == "" {
		noun = string(kind)
	}
	as := c.assets.Get(kind, identity)
	if as == nil && !c.assets.Declared(kind) {
		c.reportUndeclared(kind, w, -1)
		return
	}
	if as == nil {
		sev := c.missingSeverity(kind)
		ix := c.assetIndex(kind)
		if a := ix.byFold[foldKey(name)]; a != nil && name != "" {
			c.reportAt(codeAssetMissing, sev, w, -1, "%s %s%s is not among the declared %s; the %s named '%s' has identity %s%s", noun, quoteIdentity(identity), nameSuffix(name), kind, noun, a.Name, quoteIdentity(a.Identity), missingNote(kind, sev))
			return
		}
		// A name is what people recognise: suggest the asset whose name is nearest the one the
		// reference carries, else the nearest identity (a mistyped UUID or key).
		hint := ""
		if name != "" {
			if best, ok := ix.closestName(name); ok {
				hint = fmt.Sprintf("; did you mean the %s '%s' (%s)?", noun, best, quoteIdentity(ix.byName[best].Identity))
			}
		}
		if hint == "" {
			hint = ix.suggestIdentity(identity)
		}
		c.reportAt(codeAssetMissing, sev, w, -1, "%s %s%s is not among the %d declared %s%s%s", noun, quoteIdentity(identity), nameSuffix(name), len(ix.all), kind, hint, missingNote(kind, sev))
		return
	}
	if name != "" && as.Name != "" && name != as.Name {
		c.report(codeAssetName, w, "%s %s is named '%s' here but '%s' in the assets", noun, quoteIdentity(identity), name, as.Name)
	}
}

// reportUndeclared reports a reference to an asset of a kind no loaded document declares. It is
// one problem however many references there are (an export that omits its WhatsApp templates
// names them in every template message), so the message names the kind, not the asset, and the
// references are its places.
func (c *checker) reportUndeclared(kind flows.AssetKind, w where, offset int) {
	if c.src.emptyLists[kind] {
		c.reportAt(codeAssetUndeclared, "", w, offset, "%s can't be checked: the document lists \"%s\": [] (empty), which flowctl reads as not declaring them, as exports write it when they leave them out (pass --assets with the workspace's assets)", kind, kind)
		return
	}
	c.reportAt(codeAssetUndeclared, "", w, offset, "%s can't be checked: no loaded document declares %s (pass --assets with the workspace's assets)", kind, kind)
}

// missingSeverity is the severity of a reference to an asset that isn't declared: an error
// when the workspace's assets (--assets) declare that kind, since they list every asset there
// is; a warning when only the file itself does, as goflow reads such a flow and treats the asset
// as deleted when it runs.
func (c *checker) missingSeverity(kind flows.AssetKind) flows.Severity {
	if c.workspace != nil && c.workspace.Declared(kind) {
		return flows.SeverityError
	}
	return flows.SeverityWarning
}

// missingNote explains a missing asset reported as a warning: the user should know that it
// would be an error with the workspace's assets, and how to get there.
func missingNote(kind flows.AssetKind, sev flows.Severity) string {
	if sev != flows.SeverityWarning {
		return ""
	}
	return " (a warning: only this file declares " + string(kind) + ", and the reference engine runs a flow naming a deleted asset; with --assets declaring " + string(kind) + " it is an error)"
}

func quoteIdentity(s string) string { return "'" + s + "'" }

func nameSuffix(name string) string {
	if name == "" {
		return ""
	}
	return " ('" + name + "')"
}
