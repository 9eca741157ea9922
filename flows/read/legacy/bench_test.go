package legacy

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// benchFlow is a legacy flow of n questions: a reply with translations and expressions, then a
// wait with three rules.
func benchFlow(n int) string {
	var as, rs []string
	for i := range n {
		next := "null"
		if i+1 < n {
			next = fmt.Sprintf(`"a%d"`, i+1)
		}
		as = append(as, fmt.Sprintf(`{"uuid": "a%d", "exit_uuid": "e%d", "destination": "r%d", "y": %d, "actions": [
			{"type": "reply", "uuid": "m%d", "msg": {"eng": "Hi @contact.first_name, question %d? You said @flow.q%d.", "fra": "Salut @(PROPER(contact.name))"}},
			{"type": "save", "uuid": "s%d", "field": "q%d", "label": "Q", "value": "@(UPPER(step.value))"}]}`, i, i, i, 2*i, i, i, i, i, i))
		rs = append(rs, fmt.Sprintf(`{"uuid": "r%d", "label": "Q%d", "ruleset_type": "wait_message", "operand": "@step.value", "y": %d, "rules": [
			{"uuid": "x%da", "category": {"eng": "Yes", "fra": "Oui"}, "destination": %s, "test": {"type": "contains_any", "test": {"eng": "yes", "fra": "oui"}}},
			{"uuid": "x%db", "category": {"eng": "Number"}, "destination": %s, "test": {"type": "between", "min": "1", "max": "@flow.max"}},
			{"uuid": "x%dc", "category": {"eng": "Other"}, "destination": "a%d", "test": {"type": "true"}}]}`, i, i, 2*i+1, i, next, i, next, i, i))
	}
	return `{"base_language": "eng", "flow_type": "M", "entry": "a0", "metadata": {"uuid": "f1", "name": "Bench"},
	"action_sets": [` + strings.Join(as, ",") + `], "rule_sets": [` + strings.Join(rs, ",") + `]}`
}

func BenchmarkMigrate(b *testing.B) {
	var flow map[string]any
	if err := json.Unmarshal([]byte(benchFlow(100)), &flow); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, problems := Migrate(flow, Options{}); len(problems) > 0 {
			b.Fatal(problems)
		}
	}
}

func BenchmarkMigrateTemplate(b *testing.B) {
	tpl := `Hi @contact.first_name, you said @flow.answer.category (@(WORD(step.value, 2) & "!")) on @date.today`
	b.ReportAllocs()
	for b.Loop() {
		MigrateTemplate(tpl, migrateOptions{})
	}
}
