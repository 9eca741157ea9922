package check

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
)

// limitCase is one size limit the reference engine puts on a field when it reads a flow. The
// object at path in baseFlow is replaced by object, whose %s is a value of the tested size: a
// string of that many characters, or a list of that many copies of item when item is set. Without
// an object, the value itself goes at path.
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
				var value any = fmt.Sprintf(tc.object, tc.sized(n))
				switch {
				case tc.object == "":
					if err := json.Unmarshal([]byte(tc.sized(n)), &value); err != nil {
						t.Fatal(err)
					}
				case strings.Contains(tc.path, "/actions/"):
					value = strings.Replace(value.(string), "{", `{"uuid": "20000000-0000-4000-8000-000000000009", `, 1)
				}
				var at []flows.Finding
				for _, f := range onlyLayer(runFlow(t, mutate(t, baseFlow, tc.path, value), nil), "field") {
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

func TestFieldLimits(t *testing.T) {
	const act, path = "/nodes/2/actions/0", "nodes/2/actions/0"
	runLimitCases(t, []limitCase{
		{name: "timezone", path: path, object: `{"type": "set_contact_timezone", "timezone": %s}`, max: 1000,
			ptr: act + "/timezone", msg: "field 'timezone' must be less than or equal to 1000"},
		{name: "contact name", path: path, object: `{"type": "set_contact_name", "name": %s}`, max: 1000,
			ptr: act + "/name", msg: "field 'name' must be less than or equal to 1000"},
		{name: "language", path: path, object: `{"type": "set_contact_language", "language": %s}`, max: 1000,
			ptr: act + "/language", msg: "field 'language' must be less than or equal to 1000"},
		{name: "field value", path: path, object: `{"type": "set_contact_field", "field": {"key": "age", "name": "Age"}, "value": %s}`, max: 10000,
			ptr: act + "/value", msg: "field 'value' must be less than or equal to 10000"},
		{name: "result value", path: path, object: `{"type": "set_run_result", "name": "Age", "value": %s}`, max: 10000,
			ptr: act + "/value", msg: "field 'value' must be less than or equal to 10000"},
		{name: "llm instructions", path: path, object: `{"type": "call_llm", "llm": {"uuid": "70000000-0000-4000-8000-000000000001", "name": "GPT"}, "instructions": %s, "output_local": "out"}`, max: 10000,
			ptr: act + "/instructions", msg: "field 'instructions' must be less than or equal to 10000"},
		{name: "llm input", path: path, object: `{"type": "call_llm", "llm": {"uuid": "70000000-0000-4000-8000-000000000001", "name": "GPT"}, "instructions": "sum up", "input": %s, "output_local": "out"}`, max: 10000,
			ptr: act + "/input", msg: "field 'input' must be less than or equal to 10000"},
		{name: "ticket note", path: path, object: `{"type": "open_ticket", "note": %s}`, max: 10000,
			ptr: act + "/note", msg: "field 'note' must be less than or equal to 10000"},
		{name: "broadcast contact query", path: path, object: `{"type": "send_broadcast", "text": "hi", "contact_query": %s}`, max: 10000,
			ptr: act + "/contact_query", msg: "field 'contact_query' must be less than or equal to 10000"},
		{name: "session contact query", path: path, object: `{"type": "start_session", "flow": {"uuid": "10000000-0000-4000-8000-000000000000", "name": "Age"}, "contact_query": %s}`, max: 10000,
			ptr: act + "/contact_query", msg: "field 'contact_query' must be less than or equal to 10000"},
		{name: "webhook body", path: path, object: `{"type": "call_webhook", "method": "POST", "url": "http://x.io", "body": %s}`, max: 20000,
			ptr: act + "/body", msg: "field 'body' must be less than or equal to 20000"},
		{name: "router operand", path: "nodes/1/router/operand", max: 10000,
			ptr: "/nodes/1/router/operand", msg: "field 'nodes[1].router.operand' must be less than or equal to 10000"},
		{name: "dial phone", path: "nodes/1/router/wait", object: `{"type": "dial", "phone": %s}`, max: 1000,
			ptr: "/nodes/1/router/wait/phone", msg: "field 'nodes[1].router.wait.phone' must be less than or equal to 1000"},
	})
}

func TestReferenceLimits(t *testing.T) {
	const act, path = "/nodes/2/actions/0", "nodes/2/actions/0"
	runLimitCases(t, []limitCase{
		{name: "group name_match", path: path, object: `{"type": "add_contact_groups", "groups": [{"name_match": %s}]}`, max: 1000,
			ptr: act + "/groups/0/name_match", msg: "field 'groups[0].name_match' must be less than or equal to 1000"},
		{name: "group name_match of a removal", path: path, object: `{"type": "remove_contact_groups", "groups": [{"name_match": %s}]}`, max: 1000,
			ptr: act + "/groups/0/name_match", msg: "field 'groups[0].name_match' must be less than or equal to 1000"},
		{name: "label name_match", path: path, object: `{"type": "add_input_labels", "labels": [{"name_match": %s}]}`, max: 1000,
			ptr: act + "/labels/0/name_match", msg: "field 'labels[0].name_match' must be less than or equal to 1000"},
		{name: "assignee email", path: path, object: `{"type": "open_ticket", "assignee": {"email": %s}}`, max: 1000,
			ptr: act + "/assignee/email", msg: "field 'assignee.email' must be less than or equal to 1000"},
		{name: "assignee name", path: path, object: `{"type": "open_ticket", "assignee": {"uuid": "70000000-0000-4000-8000-000000000001", "name": %s}}`, max: 320,
			ptr: act + "/assignee/name", msg: "field 'assignee.name' must be less than or equal to 320"},
		{name: "template name", path: path, object: `{"type": "send_msg", "text": "hi", "template": {"uuid": "70000000-0000-4000-8000-000000000001", "name": %s}}`, max: 512,
			ptr: act + "/template/name", msg: "field 'template.name' must be less than or equal to 512"},
		{name: "contact name", path: path, object: `{"type": "send_broadcast", "text": "hi", "contacts": [{"uuid": "70000000-0000-4000-8000-000000000001", "name": %s}]}`, max: 128,
			ptr: act + "/contacts/0/name", msg: "field 'contacts[0].name' must be less than or equal to 128"},
	})
}

func TestRecipientLimits(t *testing.T) {
	const act, path = "/nodes/2/actions/0", "nodes/2/actions/0"
	var tests []limitCase
	for typ, a := range map[string]string{
		"send_broadcast": `{"type": "send_broadcast", "text": "hi", "%s": %%s}`,
		"start_session":  `{"type": "start_session", "flow": {"uuid": "10000000-0000-4000-8000-000000000000", "name": "Age"}, "%s": %%s}`,
	} {
		for field, item := range map[string]string{
			"urns":        `"tel:+12065551212"`,
			"groups":      `{"uuid": "70000000-0000-4000-8000-000000000001", "name": "Testers"}`,
			"contacts":    `{"uuid": "70000000-0000-4000-8000-000000000002", "name": "Bob"}`,
			"legacy_vars": `"@contact.urn"`,
		} {
			tests = append(tests, limitCase{name: typ + " " + field, path: path, object: fmt.Sprintf(a, field), item: item, max: 100,
				ptr: act + "/" + field, msg: "field '" + field + "' must have a maximum of 100 items"})
		}
	}
	runLimitCases(t, tests)
}

// A timeout's seconds are required: 0 is refused, as absent, but the reference reads any other
// number, negative ones too.
func TestTimeoutSeconds(t *testing.T) {
	for _, tc := range []struct {
		seconds float64
		want    []string
	}{
		{60, nil},
		{1, nil},
		{-1, nil},
		{0, []string{"field/required /nodes/1/router/wait/timeout/seconds"}},
	} {
		t.Run(fmt.Sprint(tc.seconds), func(t *testing.T) {
			fs := onlyLayer(runFlow(t, mutate(t, baseFlow, "nodes/1/router/wait/timeout/seconds", tc.seconds), nil), "field")
			if got := summary(fs); !slices.Equal(got, tc.want) {
				t.Errorf("findings %q, want %q", got, tc.want)
			}
		})
	}
}

// Result names and category names are 1 to 64 characters, spaces included, wherever they are.
func TestResultNameAndCategoryLimits(t *testing.T) {
	const act, path = "/nodes/2/actions/0", "nodes/2/actions/0"
	runLimitCases(t, []limitCase{
		{name: "router category", path: "nodes/1/router/categories/0/name", max: 64,
			ptr: "/nodes/1/router/categories/0/name", msg: "field 'nodes[1].router.categories[0].name' is not a valid result category"},
		{name: "set_run_result category", path: path, object: `{"type": "set_run_result", "name": "Age", "value": "1", "category": %s}`, max: 64,
			ptr: act + "/category", msg: "field 'category' is not a valid result category"},
		{name: "set_run_result name", path: path, object: `{"type": "set_run_result", "name": %s, "value": "1"}`, max: 64,
			ptr: act + "/name", msg: "field 'name' is not a valid result name"},
		{name: "router result name", path: "nodes/1/router/result_name", max: 64,
			ptr: "/nodes/1/router/result_name", msg: "field 'nodes[1].router.result_name' must be less than or equal to 64"},
		{name: "call_classifier input", path: path, object: `{"type": "call_classifier", "input": %s, "result_name": "Intent"}`, max: 10000,
			ptr: act + "/input", msg: "field 'input' must be less than or equal to 10000"},
	})
	runActionFieldCases(t, []actionFieldCase{
		{"result name of spaces", `{"type": "set_run_result", "name": "  ", "value": "1"}`, ""},
		{"webhook result name of spaces", `{"type": "call_webhook", "method": "GET", "url": "http://x.io", "result_name": " "}`, ""},
		{"category of spaces", `{"type": "set_run_result", "name": "Age", "value": "1", "category": " "}`, ""},
	})
}

// Fields the reference no longer reads are neither checked nor required.
func TestIgnoredFields(t *testing.T) {
	long := strings.Repeat("x", 65)
	runActionFieldCases(t, []actionFieldCase{
		{"send_msg topic", `{"type": "send_msg", "text": "hi", "topic": "bogus"}`, ""},
		{"open_ticket result name", `{"type": "open_ticket", "note": "help", "result_name": "` + long + `"}`, ""},
		{"transfer_airtime result name", `{"type": "transfer_airtime", "amounts": {"USD": 1}, "result_name": "` + long + `"}`, ""},
		{"call_classifier classifier of no shape", `{"type": "call_classifier", "classifier": {"uuid": "nope"}, "input": "@input.text", "result_name": "Intent"}`, ""},
		{"call_classifier without a classifier", `{"type": "call_classifier", "input": "@input.text", "result_name": "Intent"}`, ""},
		{"call_classifier without a result name", `{"type": "call_classifier", "input": "@input.text"}`, "field/required /result_name"},
	})
}

// send_msg's all_urns (dropped in spec 14.4) is read whatever it holds, in a flow of any version.
func TestIgnoredAllURNs(t *testing.T) {
	for _, spec := range []string{"13.0.0", "14.4.2"} {
		for _, v := range []string{`true`, `"yes"`, `5`, `null`, `{}`} {
			t.Run(spec+" "+v, func(t *testing.T) {
				src := `{"uuid": "f0000000-0000-4000-8000-000000000001", "name": "T", "spec_version": "` + spec + `", "language": "eng", "type": "messaging",
					"nodes": [{"uuid": "b0000000-0000-4000-8000-000000000001", "exits": [{"uuid": "c0000000-0000-4000-8000-000000000001"}],
					"actions": [{"uuid": "a0000000-0000-4000-8000-000000000001", "type": "send_msg", "text": "hi", "all_urns": ` + v + `}]}]}`
				for _, f := range Check(read.Read("flow.json", []byte(src)), nil) {
					t.Errorf("%s %s: %s", f.Code, f.Pointer, f.Message)
				}
			})
		}
	}
}
