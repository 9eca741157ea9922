package check

import (
	"strings"
	"unicode"

	"github.com/flowctl/flowctl/flows"
	didyoumean "github.com/flowctl/flowctl/internal/suggest"
)

// assetIndex answers, for one kind of asset, the questions a missing reference asks: is there an
// asset of that name in another case, and which identity or name is nearest. A large export
// can hold tens of thousands of assets and thousands of missing references, so the answers
// come from maps and name indexes built once per kind, not from a scan per reference.
type assetIndex struct {
	all []*flows.Asset
	// byFold is the first asset (in the assets' order) of each name, compared as strings.EqualFold
	// does
	byFold map[string]*flows.Asset
	// names are the distinct names in order and byName the first asset of each
	names  []string
	byName map[string]*flows.Asset
	// the "did you mean" indexes, built when first asked
	idIndex, nameIndex *didyoumean.Index
}

// assetIndex returns the index of a kind of asset, building it on first use.
func (c *checker) assetIndex(kind flows.AssetKind) *assetIndex {
	if ix := c.assetIndexes[kind]; ix != nil {
		return ix
	}
	ix := &assetIndex{all: c.assets.All(kind), byFold: map[string]*flows.Asset{}, byName: map[string]*flows.Asset{}}
	for _, a := range ix.all {
		if a.Name == "" {
			continue
		}
		if k := foldKey(a.Name); ix.byFold[k] == nil {
			ix.byFold[k] = a
		}
		if ix.byName[a.Name] == nil {
			ix.byName[a.Name] = a
			ix.names = append(ix.names, a.Name)
		}
	}
	if c.assetIndexes == nil {
		c.assetIndexes = map[flows.AssetKind]*assetIndex{}
	}
	c.assetIndexes[kind] = ix
	return ix
}

// closestIdentity is the identity nearest to s, if one is near enough to suggest. A UUID is
// copied, never typed: a damaged copy is a character or two off, while unrelated random UUIDs are
// all some twenty edits apart, so a UUID is only matched within two edits (the limit for names
// would allow twelve, which suggests nothing useful and can't be searched fast).
func (ix *assetIndex) closestIdentity(s string) (string, bool) {
	if ix.idIndex == nil {
		ids := make([]string, len(ix.all))
		for i, a := range ix.all {
			ids[i] = a.Identity
		}
		ix.idIndex = didyoumean.NewIndex(ids)
	}
	best := ""
	if flows.IsUUID(s) {
		best = ix.idIndex.NearestWithin(s, 2)
	} else {
		best = ix.idIndex.Nearest(s)
	}
	return best, best != ""
}

// closestName is the name nearest to s, if one is near enough to suggest.
func (ix *assetIndex) closestName(s string) (string, bool) {
	if ix.nameIndex == nil {
		ix.nameIndex = didyoumean.NewIndex(ix.names)
	}
	best := ix.nameIndex.Nearest(s)
	return best, best != ""
}

// suggestIdentity is suggest over the identities of the kind.
func (ix *assetIndex) suggestIdentity(s string) string {
	if best, ok := ix.closestIdentity(s); ok {
		return "; did you mean '" + best + "'?"
	}
	return ""
}

// foldKey maps every string that strings.EqualFold takes for s to one key: each rune becomes
// the smallest rune of its simple case folding orbit.
func foldKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		m := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			m = min(m, f)
		}
		b.WriteRune(m)
	}
	return b.String()
}
