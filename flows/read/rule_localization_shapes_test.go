package read_test

import (
	"encoding/json"
	"testing"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/check"
	"github.com/flowctl/flowctl/flows/read"
)

// Before 14.2 the engine's migration drops a localization language that isn't a three-byte
// code before anything reads it, so a translation of any shape under it is no error; under a
// language it keeps, or in a 14.2 flow, the same shape is. An item's key is checked even when
// the item is null.
func TestLocalizationShapes(t *testing.T) {
	const item = "a0000000-0000-4000-8000-000000000001"
	tests := []struct {
		name   string
		spec   string
		lang   string
		trans  string
		errors bool
	}{
		{"number under a two-letter code", "14.1.0", "EN", `5`, false},
		{"text under an empty code", "13.0.0", "", `"x"`, false},
		{"number for an item", "14.1.0", "english", `{"` + item + `": 5}`, false},
		{"item that isn't a UUID", "14.1.0", "en", `{"not-a-uuid": {"text": 5}}`, false},
		{"four bytes, two characters", "14.1.0", "éé", `5`, false},
		{"three bytes, two characters", "14.1.0", "é1", `5`, true},
		{"a three-letter code", "14.1.0", "ENG", `5`, true},
		{"a 14.2 flow", "14.2.0", "EN", `5`, true},
		{"item that isn't a UUID in a kept language", "14.1.0", "spa", `{"not-a-uuid": {}}`, true},
		{"null item that isn't a UUID", "14.3.0", "spa", `{"not-a-uuid": null}`, true},
		{"null item with an upper-case UUID", "14.3.0", "spa", `{"A0000000-0000-4000-8000-000000000001": null}`, true},
		{"null item with an empty key", "14.3.0", "spa", `{"": null}`, true},
		{"null item", "14.3.0", "spa", `{"` + item + `": null}`, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var trans any
			if err := json.Unmarshal([]byte(tc.trans), &trans); err != nil {
				t.Fatal(err)
			}
			flow := map[string]any{
				"uuid": "f0000000-0000-4000-8000-000000000001", "name": "T", "spec_version": tc.spec, "language": "eng", "type": "messaging",
				"localization": map[string]any{tc.lang: trans},
				"nodes": []any{map[string]any{
					"uuid":    "b0000000-0000-4000-8000-000000000001",
					"actions": []any{map[string]any{"uuid": item, "type": "send_msg", "text": "hi"}},
					"exits":   []any{map[string]any{"uuid": "c0000000-0000-4000-8000-000000000001"}},
				}},
			}
			src, _ := json.Marshal(flow)
			var errs []string
			for _, f := range check.Check(read.Read("t.json", src), nil) {
				if f.Severity == flows.SeverityError {
					errs = append(errs, f.Code+" "+f.Pointer+": "+f.Message)
				}
			}
			if got := len(errs) > 0; got != tc.errors {
				t.Errorf("errors %v, want some: %v", errs, tc.errors)
			}
		})
	}
}
