package engine

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/language"

	"github.com/flowctl/flowctl/expressions"
	"github.com/flowctl/flowctl/flows"
)

// queryAttributes are the contact attributes a query may name, with the type of their values;
// any other key is a URN scheme or a field of the assets.
var queryAttributes = map[string]string{
	"uuid": "text", "id": "text", "ref": "text", "name": "text", "status": "text", "language": "text",
	"urn": "text", "group": "text", "flow": "text", "history": "text",
	"tickets": "number", "created_on": "datetime", "last_seen_on": "datetime",
}

// usableGroups drops the query-based groups whose query the reference can't parse over these
// assets (a field it doesn't know, an operator the value's type doesn't take, a value that isn't
// of that type...). The reference leaves them out of the session's assets, so to a flow they are
// missing dependencies and no contact is ever in them. The assets are returned as they are when
// every group's query is sound.
func usableGroups(assets *flows.Assets, env *expressions.Environment) *flows.Assets {
	var broken []string
	for _, g := range assets.All(flows.AssetGroup) {
		if q, _ := g.Extra["query"].(string); q != "" && queryProblem(q, assets, env) != "" {
			broken = append(broken, g.Identity)
		}
	}
	if len(broken) == 0 {
		return assets
	}
	return assets.Without(flows.AssetGroup, func(a *flows.Asset) bool { return slices.Contains(broken, a.Identity) })
}

// queryProblem says why a contact query doesn't parse over the assets, or "" when it does.
func queryProblem(q string, assets *flows.Assets, env *expressions.Environment) string {
	var problem string
	p := &queryParser{toks: lexQuery(strings.TrimSpace(q)), cond: func(key, op, value string) bool {
		if problem == "" {
			problem = conditionProblem(key, op, value, assets, env)
		}
		return true
	}}
	_, ok := p.or()
	if !ok || p.pos != len(p.toks) {
		return "syntax error"
	}
	return problem
}

// conditionProblem says why one condition doesn't parse, or "".
func conditionProblem(key, op, value string, assets *flows.Assets, env *expressions.Environment) string {
	prop := resolveQueryProperty(assets, key)
	if prop.kind == "" {
		return fmt.Sprintf("unknown property type '%s'", prop.name)
	}
	typ, isURN := prop.typ, prop.kind == "urn"
	if typ == "" {
		return fmt.Sprintf("can't resolve '%s' to attribute, scheme or field", key)
	}
	switch op {
	case "~":
		switch {
		case key == "name":
			if len(nameTokens(value)) == 0 {
				return "contains operator on name requires token of minimum length 2"
			}
		case isURN:
			if len(value) < 3 {
				return "contains operator on URN requires value of minimum length 3"
			}
		default:
			return "contains conditions can only be used with name or URN values"
		}
	case ">", ">=", "<", "<=":
		if typ != "number" && typ != "datetime" {
			return fmt.Sprintf("comparisons with %s can only be used with date and number fields", op)
		}
	}
	if (op == "=" || op == "!=") && value == "" {
		switch key {
		case "uuid", "id", "ref", "status", "created_on", "tickets":
			return fmt.Sprintf("can't check whether '%s' is set or not set", key)
		}
		return ""
	}
	switch typ {
	case "number":
		if _, err := decimal.NewFromString(value); err != nil || strings.ContainsAny(value, "eE") {
			return fmt.Sprintf("can't convert '%s' to a number", value)
		}
	case "datetime":
		ctx := &expressions.EvalContext{Env: env, Now: func() time.Time { return time.Time{} }}
		if _, err := expressions.ToDate(ctx, expressions.Text(value)); err != nil {
			return fmt.Sprintf("can't convert '%s' to a date", value)
		}
	}
	switch key {
	case "group":
		// a group's query is parsed knowing only the fields: no group or flow resolves
		return fmt.Sprintf("'%s' is not a valid group name", value)
	case "flow", "history":
		return fmt.Sprintf("'%s' is not a valid flow name", value)
	case "status":
		if !slices.Contains([]string{"active", "blocked", "stopped", "archived"}, strings.ToLower(value)) {
			return fmt.Sprintf("'%s' is not a valid contact status", value)
		}
	case "language":
		if _, err := language.ParseBase(value); err != nil || len(value) != 3 {
			return fmt.Sprintf("'%s' is not a valid language code", value)
		}
	}
	return ""
}

// queryProperty is what a query's key names: an attribute of the contact, a URN scheme ("urn"
// for any) or a field, with the type of its values ("" for a field the assets don't have).
type queryProperty struct {
	kind, name, typ string
}

// resolveQueryProperty resolves a key as the reference does: "fields." and "urns." name the
// kind; otherwise an attribute, then a URN scheme, then a field. An unknown prefix gives no kind.
func resolveQueryProperty(assets *flows.Assets, key string) queryProperty {
	if prefix, rest, ok := strings.Cut(key, "."); ok {
		switch prefix {
		case "fields":
			return queryProperty{"field", rest, fieldType(assets, rest)}
		case "urns":
			return queryProperty{"urn", rest, "text"}
		}
		return queryProperty{name: prefix}
	}
	if t := queryAttributes[key]; t != "" {
		if key == "urn" {
			return queryProperty{"urn", key, t}
		}
		return queryProperty{"attribute", key, t}
	}
	if knownScheme(key) {
		return queryProperty{"urn", key, "text"}
	}
	return queryProperty{"field", key, fieldType(assets, key)}
}

// fieldType is the value type of a field of the assets, or "" when there is no such field.
func fieldType(assets *flows.Assets, key string) string {
	f := assets.Get(flows.AssetField, key)
	if f == nil {
		return ""
	}
	if t, _ := f.Extra["type"].(string); t != "" {
		return t
	}
	return "text"
}
