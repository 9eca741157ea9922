package engine

import (
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
)

// refreshGroups re-evaluates membership of query-based groups after the contact changed, and
// logs the groups joined and left. Only active contacts are in query-based groups.
func (s *Session) refreshGroups(_ *Run, log runtime.Logger) {
	c := s.Contact
	if c == nil {
		return
	}
	var added, removed []runtime.Ref
	groups := s.eng.assets.All(flows.AssetGroup)
	sort.Slice(groups, func(i, j int) bool { return groups[i].Name < groups[j].Name })
	for _, g := range groups {
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
	if len(removed) > 0 {
		kept := c.Groups[:0:0]
		for _, g := range c.Groups {
			gone := false
			for _, r := range removed {
				if r.UUID == g.UUID {
					gone = true
				}
			}
			if !gone {
				kept = append(kept, g)
			}
		}
		c.Groups = kept
	}
	if len(added) > 0 || len(removed) > 0 {
		e := runtime.NewContactGroupsChanged()
		e.GroupsAdded, e.GroupsRemoved = added, removed
		log(e)
	}
}

// matchQuery evaluates a contact query of conditions joined by AND or OR (no parentheses):
// `field op value` with = != > >= < <= and ~ (contains), over the contact's name, language,
// status, tickets, URN schemes and fields. Queries it can't read match nothing.
func (s *Session) matchQuery(q string) bool {
	for _, alt := range splitWord(q, "or") {
		all := true
		for _, cond := range splitWord(alt, "and") {
			if !s.matchCondition(strings.TrimSpace(cond)) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

func splitWord(q, word string) []string {
	var out []string
	fields := strings.Fields(q)
	var cur []string
	for _, f := range fields {
		if strings.EqualFold(f, word) {
			out = append(out, strings.Join(cur, " "))
			cur = nil
			continue
		}
		cur = append(cur, f)
	}
	return append(out, strings.Join(cur, " "))
}

var queryOps = []string{"!=", ">=", "<=", "=", ">", "<", "~"}

func (s *Session) matchCondition(cond string) bool {
	for _, op := range queryOps {
		i := strings.Index(cond, op)
		if i <= 0 {
			continue
		}
		key := strings.ToLower(strings.TrimSpace(cond[:i]))
		val := strings.Trim(strings.TrimSpace(cond[i+len(op):]), `"`)
		actual, isSet := s.queryValue(key)
		return compareQuery(actual, isSet, op, val)
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
	case "tickets":
		open := 0
		for _, t := range c.Tickets {
			if t.Status == "" || t.Status == "open" {
				open++
			}
		}
		return decimal.NewFromInt(int64(open)).String(), true
	}
	if u := c.URNWithScheme(key); u != "" {
		return u.Path(), true
	}
	if fv := c.Fields[key]; fv != nil {
		if fv.Number != "" {
			return string(fv.Number), true
		}
		return fv.Text, fv.Text != ""
	}
	return "", false
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
