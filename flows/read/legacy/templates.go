package legacy

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/flowctl/flowctl/expressions"
)

// migrateOptions say how the expressions of one template are migrated.
type migrateOptions struct {
	// defaultToSelf makes an expression that fails evaluate to its own legacy text, as the
	// operands of legacy expression rulesets did.
	defaultToSelf bool
	// urlEncode wraps every expression in url_encode (webhook URLs).
	urlEncode bool
	// rawDates leaves date.today and friends as dates instead of formatting them (date tests).
	rawDates bool
}

// legacyRoots are the names a legacy @-reference may start with; any other @ is text (an e-mail
// address, a price).
var legacyRoots = []string{"channel", "child", "contact", "date", "extra", "flow", "parent", "step"}

// MigrateTemplate rewrites a legacy template to the current syntax: references such as
// @flow.age, @contact.tel_e164, @step.value and @extra.x become @results.age,
// @(default(urn_parts(urns.tel).path, "")), @input and @legacy_extra.x; expressions @(...) are
// parsed as the legacy Excel-like language and written in the new one (functions renamed,
// 1-based indexes made 0-based, date arithmetic made explicit). An expression that can't be
// parsed is kept as written.
func MigrateTemplate(tpl string, opts migrateOptions) string {
	if !strings.Contains(tpl, "@") {
		return tpl
	}
	var b strings.Builder
	for i := 0; i < len(tpl); {
		c := tpl[i]
		if c != '@' || i+1 >= len(tpl) {
			b.WriteByte(c)
			i++
			continue
		}
		next := tpl[i+1]
		switch {
		case next == '@':
			b.WriteString("@@")
			i += 2
		case next == '(':
			end := expressionEnd(tpl, i+2)
			if end < 0 {
				b.WriteString(tpl[i:])
				return b.String()
			}
			body := tpl[i+2 : end]
			i = end + 1
			if body == `""` {
				continue // @("") was a workaround for the editor refusing empty text
			}
			migrated, ok := migrateExpression(body, opts.rawDates)
			if !ok {
				b.WriteString("@(" + body + ")")
				continue
			}
			b.WriteString(wrap(migrated, "@("+body+")", opts))
		default:
			end := identifierEnd(tpl, i+1)
			ident := tpl[i+1 : end]
			root, _, _ := strings.Cut(strings.ToLower(ident), ".")
			if ident == "" || !slices.Contains(legacyRoots, root) {
				b.WriteByte('@')
				i++
				continue
			}
			b.WriteString(wrap(migrateRef(ident, opts.rawDates), "@"+ident, opts))
			i = end
		}
	}
	return b.String()
}

// expressionEnd returns the index of the parenthesis closing an expression whose body starts at
// start, skipping string literals, or -1 when there is none.
func expressionEnd(s string, start int) int {
	depth := 1
	inString := false
	for i := start; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			inString = !inString // "" inside a string toggles twice
		case inString:
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// identifierEnd returns where a dotted name starting at start ends; a trailing dot (the end of
// a sentence) is not part of it.
func identifierEnd(s string, start int) int {
	i := start
	for i < len(s) {
		r, size := rune(s[i]), 1
		if r >= 0x80 {
			r, size = decodeRune(s[i:])
		}
		if i == start && !unicode.IsLetter(r) {
			return start
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '.' {
			break
		}
		i += size
	}
	for i > start && s[i-1] == '.' {
		i--
	}
	return i
}

func decodeRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 1
}

// wrap turns a migrated expression into template text: @name for a plain reference to the run
// context, @(expr) for anything else, with the wrappers the options ask for.
func wrap(expr, original string, opts migrateOptions) string {
	if opts.defaultToSelf {
		expr = "if(is_error(" + expr + "), " + strconv.Quote(original) + ", " + expr + ")"
	}
	if opts.urlEncode {
		expr = "url_encode(" + expr + ")"
	}
	if isContextPath(expr) {
		return "@" + expr
	}
	return "@(" + expr + ")"
}

// isContextPath reports whether expr is a dotted name starting at a root of the run context, so
// it can be written without parentheses.
func isContextPath(expr string) bool {
	if expr == "" {
		return false
	}
	for i, r := range expr {
		if !unicode.IsLetter(r) && (i == 0 || (!unicode.IsDigit(r) && r != '_' && r != '.')) {
			return false
		}
	}
	root, _, _ := strings.Cut(expr, ".")
	return slices.Contains(expressions.ContextRoots, root)
}

// dateRefs are the legacy date references; all but now are dates that a template shows
// formatted.
var dateRefs = map[string]string{
	"date":           "now()",
	"date.now":       "now()",
	"date.today":     "today()",
	"date.tomorrow":  `datetime_add(now(), 1, "D")`,
	"date.yesterday": `datetime_add(now(), -1, "D")`,
}

// channelRefs are the legacy channel references, now properties of the contact's channel.
var channelRefs = map[string]string{
	"channel":          "contact.channel.address",
	"channel.address":  "contact.channel.address",
	"channel.tel":      "contact.channel.address",
	"channel.tel_e164": "contact.channel.address",
	"channel.name":     "contact.channel.name",
}

// contactProps are the contact properties that keep their names; any other contact.x is a field.
var contactProps = []string{"uuid", "id", "name", "first_name", "created_on", "language"}

// resultProps maps the properties of a legacy flow result to those of a run result.
var resultProps = map[string]string{"value": "value", "category": "category_localized", "text": "input", "time": "created_on"}

// migrateRef rewrites a legacy context reference (without its @) as a new expression. Names are
// case-insensitive in legacy flows; one that matches nothing is kept, lower-cased.
func migrateRef(path string, rawDates bool) string {
	p := strings.ToLower(path)
	if out, ok := migrateContactRef(p); ok {
		return fixLookups(out)
	}
	if out, ok := dateRefs[p]; ok {
		if p != "date" && p != "date.now" && !rawDates {
			out = "format_date(" + out + ")"
		}
		return out
	}
	if out, ok := channelRefs[p]; ok {
		return out
	}
	segs := strings.Split(p, ".")
	switch segs[0] {
	case "flow", "child", "parent":
		prefix := map[string]string{"flow": "results", "child": "child.results", "parent": "parent.results"}[segs[0]]
		if out, ok := resultRef(prefix, segs[1:]); ok {
			return fixLookups(out)
		}
	case "extra":
		if len(segs) > 1 && segs[1] == "flow" {
			if out, ok := resultRef("parent.results", segs[2:]); ok {
				return fixLookups(out)
			}
		}
		if len(segs) == 1 {
			return "legacy_extra"
		}
		return fixLookups("legacy_extra." + strings.Join(segs[1:], "."))
	case "step":
		switch strings.Join(segs[1:], ".") {
		case "", "value":
			return "input"
		case "text":
			return "input.text"
		case "time":
			return "input.created_on"
		case "attachments":
			return `foreach(foreach(input.attachments, attachment_parts), extract, "url")`
		}
		if len(segs) == 3 && segs[1] == "attachments" && isDigits(segs[2]) {
			return "attachment_parts(input.attachments[" + segs[2] + "]).url"
		}
	}
	return p
}

// resultRef rewrites the segments after flow., child. or parent. (a result and its property).
func resultRef(prefix string, segs []string) (string, bool) {
	switch {
	case len(segs) == 0:
		return prefix, true
	case !isWord(segs[0]):
		return "", false
	case len(segs) == 1:
		return prefix + "." + segs[0], true
	case len(segs) == 2:
		if prop, ok := resultProps[segs[1]]; ok {
			return prefix + "." + segs[0] + "." + prop, true
		}
	}
	return "", false
}

// migrateContactRef rewrites [flow.|step.][parent.|child.]contact[.x[.y]].
func migrateContactRef(p string) (string, bool) {
	segs := strings.Split(p, ".")
	if len(segs) > 1 && (segs[0] == "flow" || segs[0] == "step") {
		segs = segs[1:]
	}
	prefix := ""
	if len(segs) > 1 && (segs[0] == "parent" || segs[0] == "child") {
		prefix, segs = segs[0]+".", segs[1:]
	}
	if segs[0] != "contact" {
		return "", false
	}
	urns := func(scheme string) string { return prefix + "urns." + scheme }
	switch len(segs) {
	case 1:
		return prefix + "contact", true
	case 2:
		prop := segs[1]
		switch {
		case slices.Contains(contactProps, prop):
			return prefix + "contact." + prop, true
		case prop == "groups":
			return "join(" + prefix + `contact.groups, ",")`, true
		case prop == "tel_e164":
			return "default(urn_parts(" + urns("tel") + `).path, "")`, true
		case prop == "tel":
			return "format_urn(" + urns("tel") + ")", true
		case urnSchemes[prop]:
			return "default(urn_parts(" + urns(prop) + `).path, "")`, true
		case isWord(prop):
			return prefix + "fields." + prop, true
		}
	case 3:
		if !urnSchemes[segs[1]] {
			return "", false
		}
		switch segs[2] {
		case "display":
			return "format_urn(" + urns(segs[1]) + ")", true
		case "path":
			return "urn_parts(" + urns(segs[1]) + ").path", true
		case "scheme":
			return "urn_parts(" + urns(segs[1]) + ").scheme", true
		case "urn":
			return urns(segs[1]), true
		}
	}
	return "", false
}

// fixLookups writes path steps that start with a digit as string lookups: .1st → ["1st"].
func fixLookups(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '.' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
			j := i + 1
			for j < len(s) && (isWordByte(s[j])) {
				j++
			}
			b.WriteString(`["` + s[i+1:j] + `"]`)
			i = j - 1
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// isWord reports whether s is letters, digits and underscores.
func isWord(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
