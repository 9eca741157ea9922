package flows

import "sort"

// AssetKind names a kind of asset a flow may refer to.
type AssetKind string

// The asset kinds of the goflow assets format, named as the keys of an assets document.
const (
	AssetChannel    AssetKind = "channels"
	AssetClassifier AssetKind = "classifiers"
	AssetField      AssetKind = "fields"
	AssetFlow       AssetKind = "flows"
	AssetGlobal     AssetKind = "globals"
	AssetGroup      AssetKind = "groups"
	AssetLabel      AssetKind = "labels"
	AssetLLM        AssetKind = "llms"
	AssetLocation   AssetKind = "locations"
	AssetOptIn      AssetKind = "optins"
	AssetResthook   AssetKind = "resthooks"
	AssetTemplate   AssetKind = "templates"
	AssetTopic      AssetKind = "topics"
	AssetUser       AssetKind = "users"
)

// AssetRef is a reference from a flow to an asset. Identity is the UUID for most kinds, the key for
// fields and globals, the slug for resthooks and the email or UUID for users.
type AssetRef interface {
	Kind() AssetKind
	Identity() string
	// DisplayName is the name the reference carries (may be empty), compared with the asset's.
	DisplayName() string
}

// Asset is one declared asset.
type Asset struct {
	Kind AssetKind
	// UUID, key, slug or email: what references use to find it.
	Identity string
	Name     string
	// Extra holds kind-specific properties (a field's value type, a channel's schemes and roles,
	// a group's query, a global's value, ...), as decoded JSON.
	Extra map[string]any
}

// Assets is the set of assets loaded for validating or running flows. Declared records which
// kinds some loaded document declares (even as an empty list), so that a missing reference can
// be told from a kind nothing declares.
type Assets struct {
	Flows    []*Flow
	byKind   map[AssetKind]map[string]*Asset
	declared map[AssetKind]bool
	// order is when each identity was first added, so that All keeps the files' order: the
	// engine's choices among equals (which channel sends) follow it, as the reference's do.
	order map[AssetKind]map[string]int
}

// NewAssets returns an empty set.
func NewAssets() *Assets {
	return &Assets{byKind: map[AssetKind]map[string]*Asset{}, declared: map[AssetKind]bool{}, order: map[AssetKind]map[string]int{}}
}

// Declare records that some loaded document declares assets of this kind.
func (a *Assets) Declare(kind AssetKind) { a.declared[kind] = true }

// Declared reports whether some loaded document declares assets of this kind.
func (a *Assets) Declared(kind AssetKind) bool { return a.declared[kind] }

// Add records an asset (and declares its kind). A later asset with the same identity replaces
// an earlier one, so --assets files can override a document's own assets.
func (a *Assets) Add(as *Asset) {
	a.declared[as.Kind] = true
	a.Provide(as)
}

// Get finds an asset by kind and identity.
func (a *Assets) Get(kind AssetKind, identity string) *Asset {
	return a.byKind[kind][identity]
}

// All returns the assets of a kind in the order they were first added (an override keeps the
// place of the asset it replaces).
func (a *Assets) All(kind AssetKind) []*Asset {
	out := make([]*Asset, 0, len(a.byKind[kind]))
	for _, as := range a.byKind[kind] {
		out = append(out, as)
	}
	pos := a.order[kind]
	sort.Slice(out, func(i, j int) bool { return pos[out[i].Identity] < pos[out[j].Identity] })
	return out
}

// Provide records an asset without declaring its kind: a bare flow file offers itself as a flow
// that references can find, without claiming to list every flow of the workspace.
func (a *Assets) Provide(as *Asset) {
	m := a.byKind[as.Kind]
	if m == nil {
		m = map[string]*Asset{}
		a.byKind[as.Kind] = m
	}
	if _, seen := m[as.Identity]; !seen {
		if a.order == nil {
			a.order = map[AssetKind]map[string]int{}
		}
		if a.order[as.Kind] == nil {
			a.order[as.Kind] = map[string]int{}
		}
		a.order[as.Kind][as.Identity] = len(m)
	}
	m[as.Identity] = as
}

// Without returns a copy of the set leaving out the assets of a kind that drop picks; the set
// itself is unchanged and the copy keeps every other asset, the declared kinds and the order.
func (a *Assets) Without(kind AssetKind, drop func(*Asset) bool) *Assets {
	out := &Assets{Flows: a.Flows, byKind: map[AssetKind]map[string]*Asset{}, declared: map[AssetKind]bool{}, order: map[AssetKind]map[string]int{}}
	for k, m := range a.byKind {
		kept := make(map[string]*Asset, len(m))
		for id, as := range m {
			if k != kind || !drop(as) {
				kept[id] = as
			}
		}
		out.byKind[k] = kept
	}
	for k, v := range a.declared {
		out.declared[k] = v
	}
	for k, m := range a.order {
		pos := make(map[string]int, len(m))
		for id, i := range m {
			pos[id] = i
		}
		out.order[k] = pos
	}
	return out
}
