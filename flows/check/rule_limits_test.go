package check

import (
	"fmt"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows"
)

// limitCase is one size limit the reference engine puts on a field when it reads a flow. The
// object at path in baseFlow is replaced by object, whose %s is a value of the tested size: a
// string of that many characters, or a list of that many copies of item when item is set.
type limitCase struct {
	name   string
	path   string
	object string
	item   string
	max    int
	ptr    string // the finding's JSON pointer
	msg    string // the reference's words, which the finding's message starts with
}

// sized is the JSON of a value of size n: a string of n characters, or a list of n items.
func (tc limitCase) sized(n int) string {
	if tc.item == "" {
		return `"` + strings.Repeat("é", n) + `"` // several bytes a character: limits count characters
	}
	items := make([]string, n)
	for i := range items {
		items[i] = tc.item
	}
	return "[" + strings.Join(items, ", ") + "]"
}

// runLimitCases checks that each field is read at its limit and refused one past it, with the
// reference's message.
func runLimitCases(t *testing.T, tests []limitCase) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, n := range []int{tc.max, tc.max + 1} {
				object := fmt.Sprintf(tc.object, tc.sized(n))
				if strings.Contains(tc.path, "/actions/") {
					object = strings.Replace(object, "{", `{"uuid": "20000000-0000-4000-8000-000000000009", `, 1)
				}
				var at []flows.Finding
				for _, f := range onlyLayer(runFlow(t, mutate(t, baseFlow, tc.path, object), nil), "field") {
					if f.Pointer == tc.ptr {
						at = append(at, f)
					}
				}
				switch {
				case n == tc.max && len(at) != 0:
					t.Errorf("size %d (the limit) is refused: %v", n, messages(at))
				case n > tc.max && len(at) != 1:
					t.Errorf("size %d: %d findings at %s, want 1 (%v)", n, len(at), tc.ptr, messages(at))
				case n > tc.max && !strings.HasPrefix(at[0].Message, tc.msg):
					t.Errorf("size %d: message %q doesn't start with %q", n, at[0].Message, tc.msg)
				}
			}
		})
	}
}

func TestContactPropertyLimits(t *testing.T) {
	const act = "/nodes/2/actions/0"
	runLimitCases(t, []limitCase{
		{name: "timezone", path: "nodes/2/actions/0", object: `{"type": "set_contact_timezone", "timezone": %s}`, max: 1000,
			ptr: act + "/timezone", msg: "field 'timezone' must be less than or equal to 1000"},
		{name: "name", path: "nodes/2/actions/0", object: `{"type": "set_contact_name", "name": %s}`, max: 1000,
			ptr: act + "/name", msg: "field 'name' must be less than or equal to 1000"},
		{name: "language", path: "nodes/2/actions/0", object: `{"type": "set_contact_language", "language": %s}`, max: 1000,
			ptr: act + "/language", msg: "field 'language' must be less than or equal to 1000"},
	})
}
