package engine

import (
	"strconv"
	"strings"
	"testing"
)

// A random router's result has the category's index (from 0) as value and the draw that picked
// it, a number in [0, 1), as input: floor(draw × categories) is the index.
func TestRuleRandomRouterResultInputIsDraw(t *testing.T) {
	for _, seed := range []uint64{1, 42, 12345} {
		router := map[string]any{"type": "random", "result_name": "Pick", "categories": []map[string]any{
			{"uuid": ruleUUID(), "name": "A", "exit_uuid": ruleUUID()},
			{"uuid": ruleUUID(), "name": "B", "exit_uuid": ruleUUID()},
			{"uuid": ruleUUID(), "name": "C", "exit_uuid": ruleUUID()},
		}}
		flows := []*ruleFlow{{Nodes: []map[string]any{
			{"uuid": ruleUUID(), "actions": []any{}, "router": router},
			actionNode(sendMsg(`@results.pick.input|@results.pick.value`)),
		}}}
		_, sprints := ruleRun{Flows: flows, Seed: seed}.run(t)
		got := sentTexts(sprints)
		if len(got) != 1 {
			t.Fatalf("seed %d: sent %q", seed, got)
		}
		input, value, _ := strings.Cut(got[0], "|")
		draw, err := strconv.ParseFloat(input, 64)
		if err != nil || draw < 0 || draw >= 1 || strconv.Itoa(int(draw*3)) != value {
			t.Errorf("seed %d: input %q and value %q, want a draw in [0, 1) whose floor(draw × 3) is the value", seed, input, value)
		}
	}
}
