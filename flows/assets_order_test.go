package flows

import (
	"strings"
	"testing"
)

// TestAssetsAllKeepsOrder: All lists assets in the order they were first added, an override
// keeping the place of what it replaces, so that choices among equals are reproducible.
func TestAssetsAllKeepsOrder(t *testing.T) {
	a := NewAssets()
	for _, id := range []string{"z", "a", "m", "b"} {
		a.Add(&Asset{Kind: AssetChannel, Identity: id, Name: id})
	}
	a.Provide(&Asset{Kind: AssetChannel, Identity: "a", Name: "a2"})
	got := ""
	for _, as := range a.All(AssetChannel) {
		got += as.Name + " "
	}
	if want := "z a2 m b "; got != want {
		t.Errorf("All gave %q, want %q", got, want)
	}
}

// TestAssetsWithout: the copy leaves out what drop picks of one kind, keeps the rest in order,
// and leaves the original set as it was.
func TestAssetsWithout(t *testing.T) {
	a := NewAssets()
	for _, id := range []string{"g3", "g1", "g2"} {
		a.Add(&Asset{Kind: AssetGroup, Identity: id, Name: id})
	}
	a.Add(&Asset{Kind: AssetLabel, Identity: "g1", Name: "label"})
	b := a.Without(AssetGroup, func(as *Asset) bool { return as.Identity == "g1" })
	var got []string
	for _, g := range b.All(AssetGroup) {
		got = append(got, g.Identity)
	}
	if strings.Join(got, ",") != "g3,g2" {
		t.Errorf("groups left %v, want g3,g2", got)
	}
	if b.Get(AssetLabel, "g1") == nil || !b.Declared(AssetGroup) {
		t.Error("the copy lost the label of another kind or the declared kinds")
	}
	if a.Get(AssetGroup, "g1") == nil || len(a.All(AssetGroup)) != 3 {
		t.Error("the original set changed")
	}
}
