package engine

import "testing"

// @contact.first_name is the first word of the name as the reference tokenizes text: letters,
// marks, digits, underscores and apostrophes make words, each symbol is one, anything else
// separates them (answers checked against the reference).
func TestRuleFirstName(t *testing.T) {
	names := map[string]string{
		"2024-05-12": "2024", "Mary-Jane Smith": "Mary", "O'Brien Lee": "O'Brien", "👍 Bob": "👍", "  Ana  ": "Ana",
		"Dr. Who": "Dr", "José María": "José", "_x y": "_x", "(Bob) Z": "Bob", "$5 man": "$", "bob@x.com": "bob",
		"Ümit-Can": "Ümit", "中文 名字": "中文", "--": "",
	}
	var nodes []map[string]any
	var order []string
	for n := range names {
		order = append(order, n)
	}
	for _, n := range order {
		nodes = append(nodes, actionNode(act("set_contact_name", map[string]any{"name": n}), sendMsg("[@contact.first_name]")))
	}
	_, sprints := ruleRun{Flows: []*ruleFlow{{Nodes: nodes}}}.run(t)
	got := sentTexts(sprints)
	if len(got) != len(order) {
		t.Fatalf("sent %q", got)
	}
	for i, n := range order {
		if want := "[" + names[n] + "]"; got[i] != want {
			t.Errorf("name %q: first name %s, want %s", n, got[i], want)
		}
	}
}
