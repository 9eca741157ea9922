package engine

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/flowctl/flowctl/expressions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
)

// refreshGroups re-evaluates membership of query-based groups and logs the groups joined and
// left, as one event. Only active contacts are in query-based groups. After a change to the
// contact (clearInactive), a contact that isn't active also leaves every static group: the
// reference logs those after the query-based ones, in the order the contact lists them. A
// session's start only re-evaluates the query-based groups, so a contact that comes in stopped
// keeps its static groups until something about it changes.
func (s *Session) refreshGroups(log runtime.Logger, clearInactive bool) {
	c := s.Contact
	if c == nil {
		return
	}
	var added, removed []runtime.Ref
	// in the assets' order, as the reference reports joins and leaves
	for _, g := range s.eng.assets.All(flows.AssetGroup) {
		q, _ := g.Extra["query"].(string)
		if q == "" {
			continue
		}
		in := c.InGroup(g.Identity)
		want := c.Status == runtime.StatusActive && s.matchQuery(q)
		switch {
		case want && !in:
			r := runtime.Ref{UUID: g.Identity, Name: g.Name}
			c.Groups = append(c.Groups, r)
			added = append(added, r)
		case !want && in:
			removed = append(removed, runtime.Ref{UUID: g.Identity, Name: g.Name})
		}
	}
	kept := c.Groups[:0:0]
	for _, g := range c.Groups {
		switch {
		case slices.ContainsFunc(removed, func(r runtime.Ref) bool { return r.UUID == g.UUID }):
		case clearInactive && c.Status != runtime.StatusActive:
			removed = append(removed, g)
		default:
			kept = append(kept, g)
		}
	}
	c.Groups = kept
	if len(added) > 0 || len(removed) > 0 {
		e := runtime.NewContactGroupsChanged()
		e.GroupsAdded, e.GroupsRemoved = added, removed
		log(e)
	}
}

// matchQuery evaluates a contact query: conditions `key op value` (op one of = != > >= < <= ~,
// or the words "is" and "has") combined with AND, OR and parentheses, over the contact's name,
// language, status, uuid, tickets, URNs (by scheme, or any with "urn") and fields; a bare value
// is a condition on the name. A query it can't read matches nothing.
func (s *Session) matchQuery(q string) bool {
	p := &queryParser{toks: lexQuery(q), cond: s.matchCondition}
	v, ok := p.or()
	return ok && p.pos == len(p.toks) && v
}

// queryToken is a word, a quoted text, an operator or a parenthesis.
type queryToken struct {
	text   string
	quoted bool
}

func lexQuery(q string) []queryToken {
	var toks []queryToken
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			i++
		case c == '(' || c == ')':
			toks = append(toks, queryToken{text: string(c)})
			i++
		case c == '"':
			j := strings.IndexByte(q[i+1:], '"')
			if j < 0 {
				j = len(q) - i - 1
			}
			toks = append(toks, queryToken{text: q[i+1 : i+1+j], quoted: true})
			i += j + 2
		case strings.ContainsRune("=!<>~", rune(c)):
			j := i + 1
			if j < len(q) && q[j] == '=' {
				j++
			}
			toks = append(toks, queryToken{text: q[i:j]})
			i = j
		default:
			j := i
			for j < len(q) && !strings.ContainsRune(" \t\n()\"=!<>~", rune(q[j])) {
				j++
			}
			toks = append(toks, queryToken{text: q[i:j]})
			i = j
		}
	}
	return toks
}

type queryParser struct {
	toks []queryToken
	pos  int
	// cond is called on every condition, with its key lower-cased and its operator's alias
	// resolved; it says whether the condition holds
	cond func(key, op, value string) bool
}

// queryOperator is the operator a token stands for, or "" when it isn't one.
func queryOperator(t queryToken) string {
	if t.quoted {
		return ""
	}
	switch strings.ToLower(t.text) {
	case "has":
		return "~"
	case "is":
		return "="
	}
	switch t.text {
	case "=", "!=", "~", ">", ">=", "<", "<=":
		return t.text
	}
	return ""
}

func (p *queryParser) peekWord(w string) bool {
	return p.pos < len(p.toks) && !p.toks[p.pos].quoted && strings.EqualFold(p.toks[p.pos].text, w)
}

func (p *queryParser) or() (bool, bool) {
	v, ok := p.and()
	for ok && p.peekWord("or") {
		p.pos++
		w, ok2 := p.and()
		v, ok = v || w, ok2
	}
	return v, ok
}

func (p *queryParser) and() (bool, bool) {
	v, ok := p.factor()
	for ok && p.pos < len(p.toks) && !p.peekWord("or") && !p.peekWord(")") {
		if p.peekWord("and") {
			p.pos++
		}
		w, ok2 := p.factor()
		v, ok = v && w, ok2
	}
	return v, ok
}

func (p *queryParser) factor() (bool, bool) {
	if p.peekWord("(") {
		p.pos++
		v, ok := p.or()
		if !ok || !p.peekWord(")") {
			return false, false
		}
		p.pos++
		return v, true
	}
	if p.pos >= len(p.toks) || p.peekWord(")") {
		return false, false
	}
	// a value on its own is a condition on a URN when it reads as one, on the phone number when
	// it looks like one (contains its digits), else on the name: contains its words of two
	// characters or more, or equals it when it has none
	if p.pos+1 >= len(p.toks) || queryOperator(p.toks[p.pos+1]) == "" {
		val := p.toks[p.pos]
		if !val.quoted && queryOperator(val) != "" {
			return false, false
		}
		p.pos++
		if scheme, path, ok := strings.Cut(val.text, ":"); ok && knownScheme(scheme) && path != "" {
			return p.cond(scheme, "=", path), true
		}
		if phoneLike.MatchString(val.text) {
			return p.cond("tel", "~", strings.ReplaceAll(val.text, "-", "")), true
		}
		op := "~"
		if len(nameTokens(val.text)) == 0 {
			op = "="
		}
		return p.cond("name", op, val.text), true
	}
	if p.pos+3 > len(p.toks) {
		return false, false
	}
	key, op, val := p.toks[p.pos], queryOperator(p.toks[p.pos+1]), p.toks[p.pos+2]
	if key.quoted || (!val.quoted && queryOperator(val) != "") {
		return false, false
	}
	p.pos += 3
	return p.cond(strings.ToLower(key.text), op, val.text), true
}

// phoneLike is a bare query value taken for (part of) a phone number.
var phoneLike = regexp.MustCompile(`^\+?[\-\d]{4,}$`)

// nameTokens are the words of a value that a contains condition on the name looks for: those
// of two characters or more.
func nameTokens(v string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(v, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }) {
		if utf8.RuneCountInString(w) >= 2 {
			out = append(out, w)
		}
	}
	return out
}

// matchCondition tests one condition against the contact, as the reference evaluates it: over
// every value the contact has for the property (a scheme's URNs, say), "=" and the others hold
// when any value matches, "!=" when none does; `= ""` and `!= ""` test whether it has a value.
// How values compare is decided by the property's type, not by how the value reads: numbers as
// numbers, dates by whole days in the environment's time zone, the rest as text ignoring case and
// surrounding spaces, a name's "~" matching the starts of its words.
func (s *Session) matchCondition(key, op, want string) bool {
	prop := resolveQueryProperty(s.eng.assets, key)
	vals := s.queryValues(prop)
	if want == "" && (op == "=" || op == "!=") {
		return (op == "=") == (len(vals) == 0)
	}
	anyTrue, allTrue := false, true
	for _, v := range vals {
		if s.compareQueryValue(prop, v, op, want) {
			anyTrue = true
		} else {
			allTrue = false
		}
	}
	if op == "!=" {
		return allTrue
	}
	return anyTrue
}

// queryValues are the contact's values for a property: texts, numbers (as text) or times.
// Status, id, groups and flows have none for a group's query, as in the reference.
func (s *Session) queryValues(prop queryProperty) []any {
	c := s.Contact
	switch prop.kind {
	case "urn":
		var out []any
		for _, u := range c.URNs {
			if prop.name == "urn" || u.Scheme() == prop.name {
				out = append(out, u.Path())
			}
		}
		return out
	case "attribute":
		switch prop.name {
		case "uuid":
			return []any{c.UUID}
		case "name":
			if c.Name != "" {
				return []any{c.Name}
			}
		case "language":
			if c.Language != "" {
				return []any{c.Language}
			}
		case "tickets":
			open := 0
			for _, t := range c.Tickets {
				if t.Status == "" || t.Status == "open" {
					open++
				}
			}
			return []any{decimal.NewFromInt(int64(open))}
		case "created_on":
			return []any{c.CreatedOn}
		case "last_seen_on":
			if c.LastSeenOn != nil {
				return []any{*c.LastSeenOn}
			}
		}
		return nil
	}
	fv := c.Fields[prop.name]
	if fv == nil {
		return nil
	}
	switch prop.typ {
	case "number":
		if d, err := decimal.NewFromString(string(fv.Number)); err == nil && fv.Number != "" {
			return []any{d}
		}
	case "datetime":
		if t, err := time.Parse(time.RFC3339Nano, fv.Datetime); err == nil && fv.Datetime != "" {
			return []any{t}
		}
	case "state", "district", "ward":
		path := map[string]string{"state": fv.State, "district": fv.District, "ward": fv.Ward}[prop.typ]
		if path != "" {
			return []any{lastName(path)}
		}
	default:
		if fv.Text != "" {
			return []any{fv.Text}
		}
	}
	return nil
}

// compareQueryValue compares one of the contact's values with the condition's value.
func (s *Session) compareQueryValue(prop queryProperty, actual any, op, want string) bool {
	switch a := actual.(type) {
	case decimal.Decimal:
		w, err := decimal.NewFromString(want)
		if err != nil {
			return false
		}
		switch op {
		case "=":
			return a.Equal(w)
		case "!=":
			return !a.Equal(w)
		case ">":
			return a.GreaterThan(w)
		case ">=":
			return a.GreaterThanOrEqual(w)
		case "<":
			return a.LessThan(w)
		case "<=":
			return a.LessThanOrEqual(w)
		}
		return false
	case time.Time:
		return s.compareQueryDate(a, op, want)
	case string:
		av := strings.TrimSpace(strings.ToLower(a))
		wv := strings.TrimSpace(strings.ToLower(want))
		switch op {
		case "=":
			return av == wv
		case "!=":
			return av != wv
		case "~":
			if prop.kind == "attribute" && prop.name == "name" {
				return namePrefixMatch(av, wv)
			}
			return strings.Contains(av, wv)
		}
	}
	return false
}

// namePrefixMatch reports whether some word of the name starts with some word of the query
// (words of two characters or more, both cut to their first 8 characters).
func namePrefixMatch(name, query string) bool {
	cut := func(w string) string {
		if r := []rune(w); len(r) > 8 {
			return string(r[:8])
		}
		return w
	}
	for _, n := range nameTokens(name) {
		for _, q := range nameTokens(query) {
			if strings.HasPrefix(cut(n), cut(q)) {
				return true
			}
		}
	}
	return false
}

// compareQueryDate compares a time with a day given as text (in the environment's date order):
// "=" is any time that day, ">" after it, "<" before it, in the session environment's time zone
// (the contact's own zone plays no part). A value that isn't a date matches nothing.
func (s *Session) compareQueryDate(actual time.Time, op, want string) bool {
	env := s.eng.env
	ctx := &expressions.EvalContext{Env: env, Now: func() time.Time { return s.eng.last }}
	d, err := expressions.ToDate(ctx, expressions.Text(want))
	if err != nil {
		return false
	}
	zone := env.Timezone
	if zone == nil {
		zone = time.UTC
	}
	start := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, zone)
	end := start.AddDate(0, 0, 1)
	switch op {
	case "=":
		return !actual.Before(start) && actual.Before(end)
	case "!=":
		return actual.Before(start) || !actual.Before(end)
	case ">":
		return !actual.Before(end)
	case ">=":
		return !actual.Before(start)
	case "<":
		return actual.Before(start)
	case "<=":
		return actual.Before(end)
	}
	return false
}

func knownScheme(s string) bool {
	for _, k := range flows.URNSchemes {
		if k == s {
			return true
		}
	}
	return false
}

func lastName(path string) string {
	parts := strings.Split(path, " > ")
	return parts[len(parts)-1]
}
