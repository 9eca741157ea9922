// Package draw renders a flow as a picture description: Mermaid flowcharts and Graphviz dot.
// Nodes show their actions summarised in a few words, routers show their categories on the edges,
// waits are marked and subflows are linked, so a reviewer can see a flow's shape in a pull request.
package draw

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/flowctl/flowctl/flows"
)

// maxWords bounds how much of a message a node label shows.
const maxWords = 6

// Summary describes an action in a few words, e.g. `send_msg: "Hi there! Welcome to..."`.
// It reads the action through its JSON form so that every registered type, including custom
// ones, gets a sensible summary without per-type code here.
func Summary(a flows.Action) string {
	b, err := json.Marshal(a)
	if err != nil {
		return a.Type()
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return a.Type()
	}
	detail := describe(a.Type(), m)
	if detail == "" {
		return a.Type()
	}
	return a.Type() + ": " + detail
}

func describe(typ string, m map[string]any) string {
	switch {
	case str(m, "text") != "":
		return quote(firstWords(str(m, "text")))
	case str(m, "subject") != "":
		return quote(firstWords(str(m, "subject")))
	case typ == "set_contact_field":
		return fmt.Sprintf("%s = %s", nameOf(m["field"]), quote(firstWords(str(m, "value"))))
	case typ == "set_run_result":
		return fmt.Sprintf("%s = %s", str(m, "name"), quote(firstWords(str(m, "value"))))
	case typ == "set_run_local":
		return fmt.Sprintf("%s %s %s", str(m, "local"), str(m, "operation"), quote(firstWords(str(m, "value"))))
	case m["groups"] != nil:
		return names(m["groups"])
	case m["labels"] != nil:
		return names(m["labels"])
	case m["flow"] != nil:
		return nameOf(m["flow"])
	case str(m, "scheme") != "":
		return str(m, "scheme") + ":" + str(m, "path")
	case m["topic"] != nil:
		return "topic " + nameOf(m["topic"])
	case m["optin"] != nil:
		return nameOf(m["optin"])
	case m["classifier"] != nil:
		return nameOf(m["classifier"])
	case m["llm"] != nil:
		return nameOf(m["llm"]) + " " + quote(firstWords(str(m, "instructions")))
	case m["amounts"] != nil:
		return amounts(m["amounts"])
	case str(m, "url") != "":
		return strings.TrimSpace(str(m, "method") + " " + str(m, "url"))
	case str(m, "resthook") != "":
		return str(m, "resthook")
	case str(m, "name") != "":
		return quote(firstWords(str(m, "name")))
	case str(m, "language") != "":
		return str(m, "language")
	case str(m, "status") != "":
		return str(m, "status")
	case str(m, "timezone") != "":
		return str(m, "timezone")
	case m["channel"] != nil:
		return nameOf(m["channel"])
	case str(m, "audio_url") != "":
		return str(m, "audio_url")
	}
	return ""
}

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

// nameOf returns the name of an asset reference, or its key or UUID when it has no name.
func nameOf(v any) string {
	m, ok := v.(map[string]any)
	if !ok {
		return ""
	}
	for _, k := range []string{"name", "key", "name_match", "uuid"} {
		if s := str(m, k); s != "" {
			return s
		}
	}
	return ""
}

func names(v any) string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		if n := nameOf(x); n != "" {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// amounts lists transfer_airtime's amounts by currency, e.g. "RWF 500, USD 1".
func amounts(v any) string {
	m, _ := v.(map[string]any)
	out := make([]string, 0, len(m))
	for cur, amount := range m {
		out = append(out, fmt.Sprintf("%s %v", cur, amount))
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

func firstWords(s string) string {
	words := strings.Fields(s)
	if len(words) <= maxWords {
		return strings.Join(words, " ")
	}
	return strings.Join(words[:maxWords], " ") + "…"
}

func quote(s string) string {
	if s == "" {
		return ""
	}
	return "“" + s + "”"
}
