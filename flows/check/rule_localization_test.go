package check

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
)

// The engine reads a localization whose languages and items are objects or null, whatever its
// translations hold: a translation that isn't a list of strings is ignored (a warning), and so is
// a property its item doesn't translate. Only a property name that is empty or longer than 64
// bytes makes it refuse the flow.
func TestRuleLocalizationValues(t *testing.T) {
	const item = "20000000-0000-4000-8000-000000000001" // baseFlow's send_msg
	const exit = "40000000-0000-4000-8000-000000000000"
	tests := []struct {
		name string
		loc  string
		want []string // code and pointer of each finding about the localization
	}{
		{"a list of strings", `{"spa": {"` + item + `": {"text": ["hola"]}}}`, nil},
		{"null translation", `{"spa": {"` + item + `": {"text": null}}}`,
			[]string{"lint/ignored-translation /localization/spa/" + item + "/text"}},
		{"a string", `{"spa": {"` + item + `": {"text": "hola"}}}`,
			[]string{"lint/ignored-translation /localization/spa/" + item + "/text"}},
		{"a number", `{"spa": {"` + item + `": {"quick_replies": 3}}}`,
			[]string{"lint/ignored-translation /localization/spa/" + item + "/quick_replies"}},
		{"a list holding null", `{"spa": {"` + item + `": {"attachments": ["image:a.png", null]}}}`,
			[]string{"lint/ignored-translation /localization/spa/" + item + "/attachments"}},
		{"an empty list is no finding", `{"spa": {"` + item + `": {"text": []}}}`, nil},
		{"null language and null item", `{"spa": null, "fra": {"` + item + `": null}}`, nil},
		{"a property the item doesn't translate", `{"spa": {"` + item + `": {"txt": ["hola"]}}}`,
			[]string{"lint/unknown-translation-property /localization/spa/" + item + "/txt"}},
		{"a property that isn't snake case", `{"spa": {"` + item + `": {"Quick-Replies": ["si"]}}}`,
			[]string{"lint/unknown-translation-property /localization/spa/" + item + "/Quick-Replies"}},
		{"anything of an exit", `{"spa": {"` + exit + `": {"name": ["x"]}}}`,
			[]string{"lint/unknown-translation-property /localization/spa/" + exit + "/name"}},
		{"an empty property name", `{"spa": {"` + item + `": {"": ["x"]}}}`,
			[]string{"graph/invalid-localization-property /localization/spa/" + item + "/"}},
		{"a language that is a string", `{"spa": "hola"}`,
			[]string{"schema/wrong-type /localization/spa"}},
		{"an item that is a list", `{"spa": {"` + item + `": ["hola"]}}`,
			[]string{"schema/wrong-type /localization/spa/" + item}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := mutate(t, baseFlow)
			var loc any
			if err := json.Unmarshal([]byte(tc.loc), &loc); err != nil {
				t.Fatal(err)
			}
			m["localization"] = loc
			src, _ := json.Marshal(m)
			var got []string
			for _, f := range Check(read.Read("flow.json", src), nil) {
				if strings.HasPrefix(f.Pointer, "/localization") {
					got = append(got, f.Code+" "+f.Pointer)
				} else if f.Severity == flows.SeverityError {
					t.Errorf("unexpected error elsewhere: %s %s: %s", f.Code, f.Pointer, f.Message)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("findings\n  %v\nwant\n  %v", got, tc.want)
			}
		})
	}
}
