package legacy

import (
	"strconv"
	"strings"
	"unicode"
)

// testTypes maps legacy rule test types to router case types; the tests that need more than a
// rename (subflow, webhook_status, airtime_status, true, timeout) are handled in rule.
var testTypes = map[string]string{
	"between":              "has_number_between",
	"contains":             "has_all_words",
	"contains_any":         "has_any_word",
	"contains_only_phrase": "has_only_phrase",
	"contains_phrase":      "has_phrase",
	"date":                 "has_date",
	"date_after":           "has_date_gt",
	"date_before":          "has_date_lt",
	"date_equal":           "has_date_eq",
	"district":             "has_district",
	"has_email":            "has_email",
	"eq":                   "has_number_eq",
	"gt":                   "has_number_gt",
	"gte":                  "has_number_gte",
	"in_group":             "has_group",
	"lt":                   "has_number_lt",
	"lte":                  "has_number_lte",
	"not_empty":            "has_text",
	"number":               "has_number",
	"phone":                "has_phone",
	"regex":                "has_pattern",
	"starts":               "has_beginning",
	"state":                "has_state",
	"ward":                 "has_ward",
}

// waitHints are the hints and operands of the legacy rulesets that wait for a reply.
var waitHints = map[string]struct {
	hint    map[string]any
	operand string
}{
	"wait_message":   {nil, "@input"},
	"wait_audio":     {map[string]any{"type": "audio"}, "@input"},
	"wait_recording": {map[string]any{"type": "audio"}, "@input"},
	"wait_video":     {map[string]any{"type": "video"}, "@input"},
	"wait_photo":     {map[string]any{"type": "image"}, "@input"},
	"wait_gps":       {map[string]any{"type": "location"}, "@input"},
	"wait_digit":     {map[string]any{"type": "digits", "count": 1.0}, "@input.text"},
	"wait_digits":    {map[string]any{"type": "digits"}, "@input.text"},
}

// rules is what a ruleset's rules become.
type rules struct {
	categories, cases, exits []any
	defaultCat, timeoutCat   string
	origins                  Origins // of the router's categories and cases and the exits
}

// ruleSet migrates a ruleset to a node with a router (and, for webhooks, subflows and airtime,
// the action that does the work). It returns the node, its editor type and editor config; a nil
// node when the ruleset type has no counterpart.
func (mg *migrator) ruleSet(s map[string]any) (map[string]any, string, map[string]any, Origins) {
	uuid := str(s["uuid"])
	typ := str(s["ruleset_type"])
	if typ == "" {
		typ = "wait_message" // the oldest flows don't say
	}
	label := str(s["label"])
	config, _ := s["config"].(map[string]any)
	ui := map[string]any{}
	rs := mg.rules(s, ui)

	router := map[string]any{"type": "switch", "categories": rs.categories, "cases": rs.cases}
	node := map[string]any{"uuid": uuid, "exits": rs.exits, "router": router}
	resultName := label
	var operand, uiType string
	switch typ {
	case "subflow":
		sub, _ := config["flow"].(map[string]any)
		node["actions"] = []any{map[string]any{"uuid": derive(uuid, "enter_flow"), "type": "enter_flow", "flow": flowRef(sub)}}
		operand, uiType = "@child.status", "split_by_subflow"
	case "webhook":
		node["actions"] = []any{webhookAction(uuid, label, config)}
		operand, uiType, resultName = "@results."+snakify(label)+".category", "split_by_webhook", ""
	case "resthook":
		a := map[string]any{"uuid": derive(uuid, "call_resthook"), "type": "call_resthook", "resthook": str(config["resthook"])}
		if label != "" {
			a["result_name"] = label
		}
		node["actions"] = []any{a}
		operand, uiType, resultName = "@results."+snakify(label)+".category", "split_by_resthook", ""
	case "airtime":
		a := map[string]any{"uuid": derive(uuid, "transfer_airtime"), "type": "transfer_airtime", "amounts": mg.airtimeAmounts(s["config"])}
		if label != "" {
			a["result_name"] = label
		}
		node["actions"] = []any{a}
		operand, uiType, resultName = "@results."+snakify(label), "split_by_airtime", ""
	case "form_field":
		op := MigrateTemplate(str(s["operand"]), migrateOptions{})
		if op == "" {
			op = "@input"
		}
		delim, idx := str(config["field_delimiter"]), int(num(config["field_index"]))
		operand = "@(field(" + op[1:] + ", " + strconv.Itoa(idx) + ", " + strconv.Quote(delim) + "))"
		uiType = "split_by_run_result_delimited"
		if key := lastKey(str(s["operand"])); key != "" {
			ui["operand"] = map[string]any{"id": key}
			ui["delimiter"] = delim
			ui["index"] = float64(idx)
		}
	case "group":
		// the operand of these was @step.value but never used
		operand, uiType = "@contact.groups", "split_by_groups"
	case "flow_field", "contact_field", "expression":
		operand = MigrateTemplate(str(s["operand"]), migrateOptions{defaultToSelf: typ == "expression"})
		if operand == "" {
			operand = "@input"
		}
		uiType = map[string]string{"flow_field": "split_by_run_result", "contact_field": "split_by_contact_field", "expression": "split_by_expression"}[typ]
		if key := lastKey(str(s["operand"])); key != "" && typ != "expression" {
			switch {
			case typ == "flow_field":
				ui["operand"] = map[string]any{"id": key}
			case key == "name":
				ui["operand"] = map[string]any{"type": "property", "id": "name", "name": "Name"}
			case key == "groups":
				uiType = "split_by_expression"
			case urnSchemes[key]:
				ui["operand"] = map[string]any{"type": "scheme", "id": key}
			default:
				ui["operand"] = map[string]any{"type": "field", "id": key}
			}
		}
	case "random":
		router = map[string]any{"type": "random", "categories": rs.categories}
		node["router"] = router
		uiType = "split_by_random"
	default:
		w, waits := waitHints[typ]
		if !waits {
			mg.problem("legacy ruleset type '"+typ+"' can't be migrated: expected wait_message, expression, flow_field, contact_field, form_field, group, random, subflow, webhook, resthook, airtime or a wait_ type", "ruleset_type")
			return nil, "", nil, nil
		}
		wait := map[string]any{"type": "msg"}
		if w.hint != nil {
			hint := make(map[string]any, len(w.hint)+1)
			for k, v := range w.hint {
				hint[k] = v
			}
			if typ == "wait_digits" {
				hint["terminated_by"] = str(s["finished_key"])
			}
			wait["hint"] = hint
		}
		if secs := mg.timeoutSeconds(s); secs > 0 && rs.timeoutCat != "" {
			wait["timeout"] = map[string]any{"seconds": float64(secs), "category_uuid": rs.timeoutCat}
		}
		router["wait"] = wait
		operand, uiType = w.operand, "wait_for_response"
	}
	if router["type"] == "switch" {
		router["operand"] = operand
		if rs.defaultCat != "" {
			router["default_category_uuid"] = rs.defaultCat
		}
	}
	if resultName != "" {
		router["result_name"] = resultName
	}
	origins := rs.origins
	origins[""] = ""
	origins["/router/operand"] = "/operand"
	origins["/router/result_name"] = "/label"
	origins["/actions/0"] = "/config"
	return node, uiType, ui, origins
}

// rules migrates a ruleset's rules: one category and exit per distinct category name (the rule's
// UUID becomes the exit's, since RapidPro's run paths name it), and one case per rule that tests
// something. "Other" (true) becomes the default category and "timeout" the wait's timeout.
func (mg *migrator) rules(s map[string]any, ui map[string]any) rules {
	rs := rules{origins: Origins{}}
	type catExit struct{ cat, exit string }
	byName := map[string]catExit{}
	rulesArr := mg.objects(s, "rules")
	cats := make([]catExit, len(rulesArr))
	mg.push("rules")
	defer mg.pop()
	for i, r := range rulesArr {
		if r == nil {
			continue
		}
		test, _ := r["test"].(map[string]any)
		ttype := str(test["type"])
		name := mg.baseText(r["category"])
		ce, seen := byName[name]
		if !seen || ttype == "true" {
			ruleUUID := str(r["uuid"])
			ce = catExit{derive(ruleUUID, "category"), ruleUUID}
			rule := "/rules/" + strconv.Itoa(i)
			rs.origins["/exits/"+strconv.Itoa(len(rs.exits))] = rule
			rs.origins["/router/categories/"+strconv.Itoa(len(rs.categories))] = rule + "/category"
			rs.exits = append(rs.exits, mg.exit(ruleUUID, r["destination"]))
			cat := map[string]any{"uuid": ce.cat, "exit_uuid": ce.exit}
			if name != "" {
				cat["name"] = name
			}
			rs.categories = append(rs.categories, cat)
		}
		byName[name] = ce
		cats[i] = ce
		mg.pushIndex(i)
		mg.translate(r["category"], ce.cat, "name", migrateOptions{})
		mg.pop()
	}
	for i, r := range rulesArr {
		if r == nil {
			continue
		}
		test, _ := r["test"].(map[string]any)
		ttype := str(test["type"])
		switch ttype {
		case "true":
			rs.defaultCat = cats[i].cat
			continue
		case "timeout":
			rs.timeoutCat = cats[i].cat
			continue
		case "webhook_status", "airtime_status":
			// the last of these (the failure) catches everything else
			rs.defaultCat = cats[i].cat
		}
		mg.pushIndex(i)
		if c := mg.rule(str(r["uuid"]), test, cats[i].cat, ui); c != nil {
			rs.origins["/router/cases/"+strconv.Itoa(len(rs.cases))] = "/rules/" + strconv.Itoa(i) + "/test"
			rs.cases = append(rs.cases, c)
		}
		mg.pop()
	}
	// empty lists rather than nulls, so that what's missing is reported as empty
	for _, l := range []*[]any{&rs.cases, &rs.categories, &rs.exits} {
		if *l == nil {
			*l = []any{}
		}
	}
	return rs
}

// rule migrates one rule's test to a router case; nil when it becomes no case.
func (mg *migrator) rule(ruleUUID string, test map[string]any, category string, ui map[string]any) map[string]any {
	ttype := str(test["type"])
	caseUUID := derive(ruleUUID, "case")
	newType := testTypes[ttype]
	var args []any
	switch ttype {
	case "date", "has_email", "not_empty", "number", "phone", "state":
	case "eq", "gt", "gte", "lt", "lte":
		args = []any{MigrateTemplate(str(test["test"]), migrateOptions{})}
	case "between":
		args = []any{MigrateTemplate(str(test["min"]), migrateOptions{}), MigrateTemplate(str(test["max"]), migrateOptions{})}
	case "contains", "contains_any", "contains_phrase", "contains_only_phrase", "regex", "starts":
		base := mg.baseText(test["test"])
		if ttype != "regex" { // a pattern is no template
			base = MigrateTemplate(base, migrateOptions{})
		}
		args = []any{base}
		mg.translate(test["test"], caseUUID, "arguments", migrateOptions{})
	case "date_equal", "date_after", "date_before":
		raw := str(test["test"])
		args = []any{MigrateTemplate(raw, migrateOptions{rawDates: true})}
		ui[caseUUID] = map[string]any{"arguments": []any{strconv.Itoa(relativeDays(raw))}}
	case "in_group":
		g, _ := test["test"].(map[string]any)
		if g == nil {
			args = []any{"", str(test["test"])}
		} else {
			args = []any{str(g["uuid"]), str(g["name"])}
		}
	case "subflow":
		newType, args = "has_only_text", []any{str(test["exit_type"])}
	case "webhook_status":
		newType, args = "has_only_text", []any{"Failure"}
		if str(test["status"]) == "success" {
			args = []any{"Success"}
		}
	case "airtime_status":
		if str(test["exit_status"]) != "success" {
			return nil // failure is the default category
		}
		newType, args = "has_category", []any{"Success"}
	case "district":
		args = []any{MigrateTemplate(str(test["test"]), migrateOptions{})}
	case "ward":
		args = []any{MigrateTemplate(str(test["district"]), migrateOptions{}), MigrateTemplate(str(test["state"]), migrateOptions{})}
	default:
		mg.problem("legacy rule test type '"+ttype+"' can't be migrated, so no case leads to its category: expected a type such as contains_any, number, between, date_before, regex, subflow or webhook_status", "test", "type")
		return nil
	}
	c := map[string]any{"uuid": caseUUID, "type": newType, "category_uuid": category}
	if len(args) > 0 {
		c["arguments"] = args
	}
	return c
}

// relativeDays reads the day offset of a legacy relative date test, @(date.today + 3).
func relativeDays(s string) int {
	s = strings.ReplaceAll(s, " ", "")
	rest, ok := strings.CutPrefix(s, "@(date.today")
	if !ok || len(rest) < 3 || (rest[0] != '+' && rest[0] != '-') {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSuffix(rest[1:], ")"))
	if err != nil {
		return 0
	}
	if rest[0] == '-' {
		return -n
	}
	return n
}

// timeoutSeconds reads the minutes of a ruleset's timeout rule.
func (mg *migrator) timeoutSeconds(s map[string]any) int {
	arr, _ := s["rules"].([]any)
	for _, r := range arr {
		r, _ := r.(map[string]any)
		test, _ := r["test"].(map[string]any)
		if str(test["type"]) == "timeout" {
			return 60 * int(num(test["minutes"]))
		}
	}
	return 0
}

// webhookAction is the call_webhook a webhook ruleset becomes. A POST sends the JSON payload
// legacy webhooks sent.
func webhookAction(rsUUID, label string, config map[string]any) map[string]any {
	method := strings.ToUpper(str(config["webhook_action"]))
	if method == "" {
		method = "POST"
	}
	a := map[string]any{
		"uuid":   derive(rsUUID, "call_webhook"),
		"type":   "call_webhook",
		"method": method,
		"url":    MigrateTemplate(str(config["webhook"]), migrateOptions{urlEncode: true}),
	}
	headers := map[string]any{}
	if method == "POST" {
		headers["Content-Type"] = "application/json"
		a["body"] = legacyWebhookBody
	}
	if hs, ok := config["webhook_headers"].([]any); ok {
		for _, h := range hs {
			h, _ := h.(map[string]any)
			if name := str(h["name"]); name != "" {
				headers[name] = MigrateTemplate(str(h["value"]), migrateOptions{})
			}
		}
	}
	if len(headers) > 0 {
		a["headers"] = headers
	}
	if label != "" {
		a["result_name"] = label
	}
	return a
}

// legacyWebhookBody is a template giving the JSON payload RapidPro's legacy webhooks posted: the
// contact, the flow, the run's path and results, and the input that led here.
const legacyWebhookBody = `@(json(object(` +
	`"contact", object("uuid", contact.uuid, "name", contact.name, "urn", contact.urn), ` +
	`"flow", run.flow, ` +
	`"path", run.path, ` +
	`"results", foreach_value(results, extract_object, "category", "category_localized", "created_on", "input", "name", "node_uuid", "value"), ` +
	`"run", object("uuid", run.uuid, "created_on", run.created_on), ` +
	`"input", if(input, object(` +
	`"attachments", foreach(input.attachments, attachment_parts), ` +
	`"channel", input.channel, ` +
	`"created_on", input.created_on, ` +
	`"text", input.text, ` +
	`"type", input.type, ` +
	`"urn", if(input.urn, object("display", default(format_urn(input.urn), ""), "path", urn_parts(input.urn).path, "scheme", urn_parts(input.urn).scheme), null), ` +
	`"uuid", input.uuid), null), ` +
	`"channel", default(input.channel, null))))`

// airtimeAmounts turns an airtime ruleset's config (country → currency and amount) into amounts
// by currency. Two countries with one currency and different amounts can't be migrated.
func (mg *migrator) airtimeAmounts(v any) map[string]any {
	cfg, _ := v.(map[string]any)
	out := map[string]any{}
	for _, country := range sortedKeys(cfg) {
		c, _ := cfg[country].(map[string]any)
		cur := str(c["currency_code"])
		amt := num(c["amount"])
		if prev, dup := out[cur]; dup && prev != amt {
			mg.problem("airtime amounts differ for currency "+cur+": the new format has one amount per currency", "config", country)
			continue
		}
		out[cur] = amt
	}
	return out
}

// snakify is the key a result label is stored under ("Webhook Result" → "webhook_result").
func snakify(s string) string {
	var b strings.Builder
	under := false
	for _, c := range strings.ToLower(s) {
		if unicode.IsLetter(c) || unicode.IsDigit(c) || c == '_' {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = false
			b.WriteRune(c)
		} else {
			under = true
		}
	}
	return strings.Trim(b.String(), "_")
}

// lastKey is the last dotted name of a legacy operand (@contact.age → age).
func lastKey(operand string) string {
	i := strings.LastIndexByte(operand, '.')
	if i < 0 {
		return ""
	}
	return operand[i+1:]
}
