package exportgen

// Noisy generates exports with the findings real exports of deployed chatbots have, in their
// numbers: fields read in many places and missing from the export's list (or the list empty),
// texts left untranslated, quick replies, emoji-only messages, and WhatsApp templates the export
// doesn't carry. validate's benchmarks and noise tests run on them.

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
)

// NoisyOptions says what Noisy generates.
type NoisyOptions struct {
	// Flows is how many flows the export holds.
	Flows int
	// Nodes is how many nodes each flow has (about 14 make a real-sized flow).
	Nodes int
	// Seed varies names, texts and UUIDs between files of one set.
	Seed uint64
	// MissingFields is how many of the fields the flows read are left out of the export's
	// "fields" list, so that every read of them is a finding; the flows read 12 fields.
	MissingFields int
	// EmptyFields writes "fields": [] (as some exports do) instead of the list.
	EmptyFields bool
	// Templates makes some messages use WhatsApp templates, which exports don't carry.
	Templates bool
	// Translations adds a "fra" localization translating most texts (not quick replies,
	// emoji-only texts or a few forgotten ones).
	Translations bool
}

// RealisticNoisy are the options of a typical large export: 180 flows of 8 nodes (about 3 MB),
// translated, with two fields missing and WhatsApp templates.
func RealisticNoisy(seed uint64) NoisyOptions {
	return NoisyOptions{Flows: 180, Nodes: 8, Seed: seed, MissingFields: 2, Templates: true, Translations: true}
}

var noisyFieldKeys = []string{"age", "gender", "district", "village", "occupation", "household_size", "pregnant",
	"due_date", "registration_date", "facility", "language_pref", "consent"}

var noisyWords = []string{"please", "reply", "with", "your", "answer", "thank", "you", "for", "joining", "our",
	"programme", "health", "visit", "clinic", "today", "tomorrow", "remember", "to", "bring", "card",
	"children", "vaccination", "schedule", "next", "week", "questions", "about", "the", "service"}

type noisyGen struct {
	r    *rand.Rand
	opts NoisyOptions
	n    int
}

func (g *noisyGen) uuid() string {
	g.n++
	return fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", g.r.Uint32(), g.n&0xffff, g.r.IntN(0x1000), g.r.IntN(0x1000), g.r.Uint64()&0xffffffffffff)
}

func (g *noisyGen) sentence(n int) string {
	s := ""
	for i := 0; i < n; i++ {
		if i > 0 {
			s += " "
		}
		s += noisyWords[g.r.IntN(len(noisyWords))]
	}
	return s
}

func noisyRef(uuid, name string) map[string]any { return map[string]any{"uuid": uuid, "name": name} }

// Noisy generates one export.
func Noisy(o NoisyOptions) []byte {
	g := &noisyGen{r: rand.New(rand.NewPCG(o.Seed, 0x5eed)), opts: o}
	type flowID struct{ uuid, name string }
	ids := make([]flowID, o.Flows)
	for i := range ids {
		ids[i] = flowID{g.uuid(), fmt.Sprintf("Flow %d %s", i+1, g.sentence(2))}
	}
	groups := []map[string]any{}
	for i := 0; i < 6; i++ {
		groups = append(groups, map[string]any{"uuid": g.uuid(), "name": fmt.Sprintf("Group %d", i+1), "query": nil})
	}
	fl := make([]any, 0, o.Flows)
	for i, id := range ids {
		sub := ids[(i+1)%len(ids)]
		fl = append(fl, g.flow(id.uuid, id.name, sub.uuid, sub.name, groups))
	}
	fields := []map[string]any{}
	if !o.EmptyFields {
		for i, k := range noisyFieldKeys {
			if i >= len(noisyFieldKeys)-o.MissingFields {
				break
			}
			fields = append(fields, map[string]any{"key": k, "name": k, "type": "text"})
		}
	}
	triggers := []any{}
	for i := 0; i < min(5, len(ids)); i++ {
		triggers = append(triggers, map[string]any{"trigger_type": "K", "keyword": fmt.Sprintf("join%d", i), "flow": noisyRef(ids[i].uuid, ids[i].name),
			"groups": []any{}, "exclude_groups": []any{}, "channel": nil})
	}
	doc := map[string]any{
		"version": "13", "site": "https://app.rapidpro.io", "flows": fl, "campaigns": []any{},
		"triggers": triggers, "fields": fields, "groups": groups,
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic(err) // only maps, slices and strings: can't fail
	}
	return b
}

// flow makes one flow: a chain of question nodes, each sending a message and waiting for a reply,
// with field updates, a split on a field, a group, a webhook and a subflow along the way.
func (g *noisyGen) flow(uuid, name, subUUID, subName string, groups []map[string]any) map[string]any {
	nodes := make([]map[string]any, g.opts.Nodes)
	nodeUUIDs := make([]string, len(nodes))
	for i := range nodeUUIDs {
		nodeUUIDs[i] = g.uuid()
	}
	loc := map[string]any{}
	translate := func(item string, props map[string]any) {
		if g.opts.Translations && g.r.IntN(10) > 0 {
			loc[item] = props
		}
	}
	next := func(i int) any {
		if i+1 < len(nodes) {
			return nodeUUIDs[i+1]
		}
		return nil
	}
	field := func() string { return noisyFieldKeys[g.r.IntN(len(noisyFieldKeys))] }
	ui := map[string]any{}
	for i := range nodes {
		ui[nodeUUIDs[i]] = map[string]any{"position": map[string]any{"left": (i % 4) * 260, "top": i * 180}, "type": "execute_actions"}
		var actions []any
		var router map[string]any
		exits := []any{map[string]any{"uuid": g.uuid(), "destination_uuid": next(i)}}
		switch i % 7 {
		case 0, 3: // a question with quick replies, then a wait
			a := g.uuid()
			text := fmt.Sprintf("Hi @contact.name, %s? Your %s is @fields.%s.", g.sentence(8), "record", field())
			actions = append(actions, map[string]any{"uuid": a, "type": "send_msg", "text": text, "quick_replies": []any{"Yes", "No", "A", "B"}, "attachments": []any{}})
			translate(a, map[string]any{"text": []any{"Bonjour @contact.name, " + g.sentence(6) + " @fields." + field()}})
			cats, cases, exs := g.router(i, next(i), loc)
			ui[nodeUUIDs[i]].(map[string]any)["type"] = "wait_for_response"
			router = map[string]any{"type": "switch", "operand": "@input.text", "result_name": fmt.Sprintf("Q%d", i),
				"wait": map[string]any{"type": "msg"}, "cases": cases, "categories": cats, "default_category_uuid": cats[len(cats)-1].(map[string]any)["uuid"]}
			exits = exs
		case 1: // save answers into fields
			for j := 0; j < 2; j++ {
				k := field()
				actions = append(actions, map[string]any{"uuid": g.uuid(), "type": "set_contact_field", "field": map[string]any{"key": k, "name": k}, "value": fmt.Sprintf("@results.q%d", i-1)})
			}
		case 2: // a message with an emoji only, and a template message
			a := g.uuid()
			actions = append(actions, map[string]any{"uuid": a, "type": "send_msg", "text": "👍 @fields." + field(), "quick_replies": []any{}})
			if g.opts.Templates {
				t := g.uuid()
				actions = append(actions, map[string]any{"uuid": t, "type": "send_msg", "text": "Reminder: " + g.sentence(5),
					"template": noisyRef(g.uuid(), fmt.Sprintf("reminder_%d", g.r.IntN(4))), "template_variables": []any{"@contact.name", "@fields." + field()}})
				translate(t, map[string]any{"text": []any{"Rappel : " + g.sentence(4)}})
			}
		case 4: // a split on a field
			cats, cases, exs := g.router(i, next(i), loc)
			router = map[string]any{"type": "switch", "operand": "@fields." + field(), "cases": cases, "categories": cats,
				"default_category_uuid": cats[len(cats)-1].(map[string]any)["uuid"]}
			exits = exs
			ui[nodeUUIDs[i]].(map[string]any)["type"] = "split_by_contact_field"
		case 5: // groups and a webhook
			gr := groups[g.r.IntN(len(groups))]
			actions = append(actions, map[string]any{"uuid": g.uuid(), "type": "add_contact_groups", "groups": []any{noisyRef(gr["uuid"].(string), gr["name"].(string))}})
			actions = append(actions, map[string]any{"uuid": g.uuid(), "type": "call_webhook", "method": "POST", "url": "https://example.org/api/@fields." + field(),
				"headers": map[string]any{"Content-Type": "application/json"}, "body": `{"contact": "@contact.uuid", "answer": "@results.q3"}`, "result_name": "Result"})
		case 6: // a subflow
			actions = append(actions, map[string]any{"uuid": g.uuid(), "type": "enter_flow", "flow": noisyRef(subUUID, subName)})
			cats := []any{}
			exits = []any{}
			for _, c := range []string{"Complete", "Expired"} {
				e := g.uuid()
				cats = append(cats, map[string]any{"uuid": g.uuid(), "name": c, "exit_uuid": e})
				exits = append(exits, map[string]any{"uuid": e, "destination_uuid": next(i)})
			}
			router = map[string]any{"type": "switch", "operand": "@child.run.status", "categories": cats,
				"cases":                 []any{map[string]any{"uuid": g.uuid(), "type": "has_only_text", "arguments": []any{"completed"}, "category_uuid": cats[0].(map[string]any)["uuid"]}},
				"default_category_uuid": cats[1].(map[string]any)["uuid"]}
			ui[nodeUUIDs[i]].(map[string]any)["type"] = "split_by_subflow"
		}
		n := map[string]any{"uuid": nodeUUIDs[i], "actions": actionsOrEmpty(actions), "exits": exits}
		if router != nil {
			n["router"] = router
		}
		nodes[i] = n
	}
	localization := map[string]any{}
	if g.opts.Translations {
		localization["fra"] = loc
	}
	nodeList := make([]any, len(nodes))
	for i, n := range nodes {
		nodeList[i] = n
	}
	return map[string]any{
		"uuid": uuid, "name": name, "spec_version": "13.1.0", "language": "eng", "type": "messaging",
		"revision": 1 + g.r.IntN(90), "expire_after_minutes": 10080, "localization": localization,
		"nodes": nodeList, "_ui": map[string]any{"nodes": ui, "stickies": map[string]any{}},
	}
}

func actionsOrEmpty(a []any) []any {
	if a == nil {
		return []any{}
	}
	return a
}

// router makes the categories, cases and exits of a yes/no/other router whose exits all lead to
// the next node, translating the category names.
func (g *noisyGen) router(i int, next any, loc map[string]any) (cats, cases, exits []any) {
	for _, name := range []string{"Yes", "No", "Other"} {
		e, c := g.uuid(), g.uuid()
		cats = append(cats, map[string]any{"uuid": c, "name": name, "exit_uuid": e})
		exits = append(exits, map[string]any{"uuid": e, "destination_uuid": next})
		if name != "Other" {
			cs := g.uuid()
			cases = append(cases, map[string]any{"uuid": cs, "type": "has_any_word", "arguments": []any{name + " " + name[:1]}, "category_uuid": c})
			if g.opts.Translations {
				loc[cs] = map[string]any{"arguments": []any{map[string]string{"Yes": "Oui O", "No": "Non N"}[name]}}
			}
		}
		if g.opts.Translations {
			loc[c] = map[string]any{"name": []any{map[string]string{"Yes": "Oui", "No": "Non", "Other": "Autre"}[name]}}
		}
	}
	_ = i
	return cats, cases, exits
}
