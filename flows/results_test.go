package flows_test

import (
	"testing"

	"github.com/flowctl/flowctl/flows"
)

func TestResultKey(t *testing.T) {
	for name, want := range map[string]string{"Age": "age", "Favorite Color": "favorite_color", "Favorite Color!": "favorite_color_",
		"  my--result 2 ": "my_result_2", "Ünïcode Name": "ünïcode_name", "_Result Classification": "_result_classification", "a__b": "a__b", "!!": "_"} {
		if got := flows.ResultKey(name); got != want {
			t.Errorf("ResultKey(%q) = %q, want %q", name, got, want)
		}
	}
}
