package engine

import (
	"reflect"
	"testing"

	"github.com/flowctl/flowctl/expressions"
	"github.com/flowctl/flowctl/flows"
)

func TestFindLocations(t *testing.T) {
	assets := flows.NewAssets()
	assets.Add(&flows.Asset{Kind: flows.AssetLocation, Identity: "Rwanda", Name: "Rwanda", Extra: map[string]any{
		"children": []any{
			map[string]any{"name": "Kigali City", "aliases": []any{"Kigali"}, "children": []any{
				map[string]any{"name": "Gasabo", "children": []any{map[string]any{"name": "Ndera"}}},
				map[string]any{"name": "Nyarugenge"},
			}},
			map[string]any{"name": "Eastern Province", "children": []any{map[string]any{"name": "Gasabo"}}},
		},
	}})
	idx := newLocationIndex(assets)
	tests := []struct {
		text   string
		level  expressions.LocationLevel
		parent string
		want   []string
	}{
		{"Kigali City", expressions.LocationState, "", []string{"Rwanda > Kigali City"}},
		{"i'm in kigali!", expressions.LocationState, "", []string{"Rwanda > Kigali City"}},
		{"I live in gasabo", expressions.LocationDistrict, "Rwanda > Kigali City", []string{"Rwanda > Kigali City > Gasabo"}},
		{"gasabo", expressions.LocationDistrict, "", []string{"Rwanda > Kigali City > Gasabo", "Rwanda > Eastern Province > Gasabo"}},
		{"ndera", expressions.LocationWard, "Rwanda > Kigali City > Gasabo", []string{"Rwanda > Kigali City > Gasabo > Ndera"}},
		{"gasabonia", expressions.LocationDistrict, "", nil},
		{"Nyarugenge", expressions.LocationState, "", nil},
	}
	for _, tc := range tests {
		if got := idx.FindLocations(tc.text, tc.level, tc.parent); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("FindLocations(%q, %d, %q) = %q, want %q", tc.text, tc.level, tc.parent, got, tc.want)
		}
	}
}
