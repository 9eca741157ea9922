package engine

import (
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
	// a value on its own is a condition on the name: contains its words of two characters or
	// more, or equals it when it has none
	if p.pos+1 >= len(p.toks) || queryOperator(p.toks[p.pos+1]) == "" {
		val := p.toks[p.pos]
		if !val.quoted && queryOperator(val) != "" {
			return false, false
		}
		p.pos++
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

// matchCondition tests one condition against the contact.
func (s *Session) matchCondition(key, op, want string) bool {
	c := s.Contact
	// "urns.tel" and "fields.age" name a scheme and a field explicitly
	key = strings.TrimPrefix(strings.TrimPrefix(key, "urns."), "fields.")
	if scheme := key; scheme == "urn" || knownScheme(scheme) {
		var paths []string
		for _, u := range c.URNs {
			if scheme == "urn" || u.Scheme() == scheme {
				paths = append(paths, u.Path())
			}
		}
		if want == "" {
			return (op == "=") == (len(paths) == 0)
		}
		for _, p := range paths {
			if compareQuery(p, true, op, want) {
				return true
			}
		}
		return false
	}
	if t, isSet, ok := s.queryTime(key); ok {
		return s.compareQueryDate(t, isSet, op, want)
	}
	actual, isSet := s.queryValue(key)
	return compareQuery(actual, isSet, op, want)
}

// queryTime is the contact's time for a date key (created_on, last_seen_on or a datetime
// field) and whether it is set; ok is false for other keys.
func (s *Session) queryTime(key string) (t time.Time, isSet, ok bool) {
	c := s.Contact
	switch key {
	case "created_on":
		return c.CreatedOn, !c.CreatedOn.IsZero(), true
	case "last_seen_on":
		if c.LastSeenOn == nil {
			return time.Time{}, false, true
		}
		return *c.LastSeenOn, true, true
	}
	f := s.eng.assets.Get(flows.AssetField, key)
	if f == nil {
		return time.Time{}, false, false
	}
	if typ, _ := f.Extra["type"].(string); typ != "datetime" {
		return time.Time{}, false, false
	}
	fv := c.Fields[key]
	if fv == nil || fv.Datetime == "" {
		return time.Time{}, false, true
	}
	t, err := time.Parse(time.RFC3339Nano, fv.Datetime)
	return t, err == nil, true
}

// compareQueryDate compares a time with a day given as text (in the environment's date order):
// "=" is any time that day, ">" after it, "<" before it, in the environment's time zone. A
// value that isn't a date matches nothing, as a query error would.
func (s *Session) compareQueryDate(actual time.Time, isSet bool, op, want string) bool {
	if want == "" || !isSet {
		return compareQuery("", isSet, op, want)
	}
	env := s.env()
	ctx := &expressions.EvalContext{Env: env, Now: func() time.Time { return s.eng.last }}
	d, err := expressions.ToDate(ctx, expressions.Text(want))
	if err != nil {
		return false
	}
	start := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, env.Timezone)
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
	for _, k := range urnSchemes {
		if k == s {
			return true
		}
	}
	return false
}

// queryValue is the contact's value for a query key, and whether it is set.
func (s *Session) queryValue(key string) (string, bool) {
	c := s.Contact
	switch key {
	case "name":
		return c.Name, c.Name != ""
	case "language":
		return c.Language, c.Language != ""
	case "status":
		return c.Status, true
	case "uuid":
		return c.UUID, true
	case "id":
		return decimal.NewFromInt(c.ID).String(), c.ID != 0
	case "tickets":
		open := 0
		for _, t := range c.Tickets {
			if t.Status == "" || t.Status == "open" {
				open++
			}
		}
		return decimal.NewFromInt(int64(open)).String(), true
	}
	fv := c.Fields[key]
	if fv == nil {
		return "", false
	}
	switch {
	case fv.Number != "":
		return string(fv.Number), true
	case fv.Ward != "":
		return lastName(fv.Ward), true
	case fv.District != "":
		return lastName(fv.District), true
	case fv.State != "":
		return lastName(fv.State), true
	}
	return fv.Text, fv.Text != ""
}

func lastName(path string) string {
	parts := strings.Split(path, " > ")
	return parts[len(parts)-1]
}

func compareQuery(actual string, isSet bool, op, want string) bool {
	if want == "" {
		switch op {
		case "=":
			return !isSet
		case "!=":
			return isSet
		}
		return false
	}
	if !isSet {
		return op == "!="
	}
	a, errA := decimal.NewFromString(actual)
	w, errW := decimal.NewFromString(want)
	if errA == nil && errW == nil {
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
	}
	switch op {
	case "=":
		return strings.EqualFold(actual, want)
	case "!=":
		return !strings.EqualFold(actual, want)
	case "~":
		return strings.Contains(strings.ToLower(actual), strings.ToLower(want))
	}
	return false
}
