package flows

import "testing"

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
