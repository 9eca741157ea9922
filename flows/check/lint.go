package check

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/flowctl/flowctl/flows"
)

// checkLint warns about flows the reference engine accepts but that are almost always mistakes.
func (c *checker) checkLint(f *flows.Flow, fw where) {
	if len(f.Nodes) == 0 || f.Nodes[0] == nil {
		return
	}
	g := newGraph(f)
	reached := g.reachable()
	for i, n := range f.Nodes {
		if n != nil && !reached[i] {
			nw := c.nodeAt(fw, i, n)
			c.report(codeLintUnreachable, nw, "node %s can't be reached: no exit of a node reachable from the first node leads to it", n.UUID)
		}
	}
	c.lintLoops(f, fw, g)
	c.lintResultOrder(f, fw, g, reached)
	c.lintTranslations(f, fw)
	c.lintDeprecated(f, fw)
	c.lintCaseUUIDs(f, fw)
}

// lintCaseUUIDs warns about a router case whose UUID is missing or isn't one: the engine reads
// it (a case's UUID only keys translations of its arguments), but nothing can translate it.
func (c *checker) lintCaseUUIDs(f *flows.Flow, fw where) {
	for i, n := range f.Nodes {
		if n == nil || n.Router == nil {
			continue
		}
		for j, cs := range n.Router.Cases {
			if cs == nil || flows.IsUUID(cs.UUID) {
				continue
			}
			w := c.nodeAt(fw, i, n).at("router").idx("cases", j)
			what := "has no UUID"
			if cs.UUID != "" {
				what = fmt.Sprintf("has UUID '%s', which isn't one", cs.UUID)
			}
			c.report(codeLintCaseUUID, w, "case %s: the engine reads it, but a translation of its arguments can't name it; give it a UUID", what)
		}
	}
}

// graph is a flow's nodes as indices, with the exits as edges.
type graph struct {
	succ [][]int
	pred [][]int
	// wait marks the nodes that can pause a session (a wait, or a subflow), breaking loops.
	wait []bool
}

func newGraph(f *flows.Flow) *graph {
	idx := make(map[string]int, len(f.Nodes))
	for i, n := range f.Nodes {
		if n != nil {
			if _, dup := idx[n.UUID]; !dup {
				idx[n.UUID] = i
			}
		}
	}
	g := &graph{succ: make([][]int, len(f.Nodes)), pred: make([][]int, len(f.Nodes)), wait: make([]bool, len(f.Nodes))}
	for i, n := range f.Nodes {
		if n == nil {
			continue
		}
		// A wait pauses the session; so may a subflow, which a contact enters and may wait in.
		g.wait[i] = n.Router != nil && n.Router.Wait != nil || entersFlow(n)
		for _, e := range n.Exits {
			if e == nil || e.DestinationUUID == "" {
				continue
			}
			if j, ok := idx[e.DestinationUUID]; ok {
				g.succ[i] = append(g.succ[i], j)
				g.pred[j] = append(g.pred[j], i)
			}
		}
	}
	return g
}

func entersFlow(n *flows.Node) bool {
	for _, a := range n.Actions {
		if a != nil && a.Type() == "enter_flow" {
			return true
		}
	}
	return false
}

// reachable marks the nodes some path from the first node reaches.
func (g *graph) reachable() []bool {
	seen := make([]bool, len(g.succ))
	stack := []int{0}
	seen[0] = true
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, j := range g.succ[i] {
			if !seen[j] {
				seen[j] = true
				stack = append(stack, j)
			}
		}
	}
	return seen
}

// lintLoops finds cycles made only of nodes without a wait: the strongly connected components of
// the graph with waiting nodes removed (Tarjan's algorithm, iterative so that a long chain of
// nodes can't overflow the stack).
func (c *checker) lintLoops(f *flows.Flow, fw where, g *graph) {
	n := len(g.succ)
	index := make([]int, n)
	low := make([]int, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int
	next := 0
	type frame struct{ v, edge int }
	for root := 0; root < n; root++ {
		if index[root] >= 0 || g.wait[root] || f.Nodes[root] == nil {
			continue
		}
		call := []frame{{root, 0}}
		index[root], low[root] = next, next
		next++
		stack = append(stack, root)
		onStack[root] = true
		for len(call) > 0 {
			fr := &call[len(call)-1]
			v := fr.v
			if fr.edge < len(g.succ[v]) {
				w := g.succ[v][fr.edge]
				fr.edge++
				if g.wait[w] {
					continue
				}
				if index[w] < 0 {
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					onStack[w] = true
					call = append(call, frame{w, 0})
				} else if onStack[w] {
					low[v] = min(low[v], index[w])
				}
				continue
			}
			call = call[:len(call)-1]
			if len(call) > 0 {
				p := call[len(call)-1].v
				low[p] = min(low[p], low[v])
			}
			if low[v] != index[v] {
				continue
			}
			var comp []int
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp = append(comp, w)
				if w == v {
					break
				}
			}
			if len(comp) > 1 || selfLoop(g, v) {
				first := comp[0]
				for _, x := range comp {
					first = min(first, x)
				}
				nw := c.nodeAt(fw, first, f.Nodes[first])
				c.report(codeLintLoop, nw, "node %s is on a loop of %d %s with no wait: a contact entering it would go round until the engine's step limit ends the session", f.Nodes[first].UUID, len(comp), plural(len(comp), "node", "nodes"))
			}
		}
	}
}

func selfLoop(g *graph, v int) bool {
	for _, w := range g.succ[v] {
		if w == v {
			return true
		}
	}
	return false
}

// lintResultOrder warns where a template reads a result that some paths from the first node
// reach without saving it first. must[i] is the set of results saved on every path to node i,
// found by iterating to a fixed point from "everything" (the usual must-analysis).
func (c *checker) lintResultOrder(f *flows.Flow, fw where, g *graph, reached []bool) {
	fr := c.results(f)
	all := fr.all
	if len(all) == 0 {
		return
	}
	keys := sortedKeys(all)
	bit := make(map[string]int, len(keys))
	for i, k := range keys {
		bit[k] = i
	}
	words := (len(keys) + 63) / 64
	full := make([]uint64, words)
	for i := range keys {
		full[i/64] |= 1 << (i % 64)
	}
	saves := make([][]uint64, len(f.Nodes))
	for i := range f.Nodes {
		saves[i] = make([]uint64, words)
		for _, k := range fr.byNode[i] {
			saves[i][bit[k]/64] |= 1 << (bit[k] % 64)
		}
	}
	in := make([][]uint64, len(f.Nodes))
	for i := range in {
		in[i] = make([]uint64, words)
		if i != 0 {
			copy(in[i], full)
		}
	}
	for changed := true; changed; {
		changed = false
		for i := range f.Nodes {
			if i == 0 || !reached[i] {
				continue
			}
			nw := make([]uint64, words)
			copy(nw, full)
			for _, p := range g.pred[i] {
				if !reached[p] {
					continue
				}
				for k := range nw {
					nw[k] &= in[p][k] | saves[p][k]
				}
			}
			for k := range nw {
				if nw[k] != in[i][k] {
					in[i] = nw
					changed = true
					break
				}
			}
		}
	}
	for _, t := range c.flowTemplates(f, fw) {
		if !reached[t.node] || t.err != nil {
			continue
		}
		for _, r := range t.refs {
			if len(r.path) < 2 || r.path[0] != "results" {
				continue
			}
			b, known := bit[r.path[1]]
			if !known || in[t.node][b/64]&(1<<(b%64)) != 0 || savedEarlierInNode(f.Nodes[t.node], t.action, r.path[1]) {
				continue
			}
			c.reportAt(codeLintResultOrder, "", t.w, r.offset, "@%s is read here, but some paths from the first node reach this point without saving result '%s'", strings.Join(r.path, "."), r.path[1])
		}
	}
}

// savedEarlierInNode reports whether an action of the node before the one at index action (or
// any action, for the router, which runs after them) saves the result.
func savedEarlierInNode(n *flows.Node, action int, key string) bool {
	limit := len(n.Actions)
	if action >= 0 {
		limit = action
	}
	for _, a := range n.Actions[:limit] {
		if actionResult(a) == key {
			return true
		}
	}
	return false
}

// lintTranslations warns when the localization lists a language but a localizable text of an
// action has no translation in it. The flow's own language needs none, and neither do texts
// without words to translate (an emoji, a number, an expression, a URL), quick replies (often the
// keywords the next router matches: YES, A, B) nor attachments (the same picture in every
// language): a missing translation leaves them as they are, as authors intend.
func (c *checker) lintTranslations(f *flows.Flow, fw where) {
	if len(f.Localization) == 0 {
		return
	}
	for i, n := range f.Nodes {
		if n == nil {
			continue
		}
		for j, a := range n.Actions {
			if a == nil {
				continue
			}
			var props []string
			wordy := map[string]bool{}
			flows.Walk(a, flows.Visitor{Template: func(rel, text string, loc bool) {
				prop, _, _ := strings.Cut(strings.TrimPrefix(rel, "/"), "/")
				if !loc || untranslated[prop] || wordy[prop] || !hasWords(text) {
					return
				}
				wordy[prop] = true
				props = append(props, prop)
			}})
			if len(props) == 0 {
				continue
			}
			aw := c.actionAt(c.nodeAt(fw, i, n), j, a)
			for _, lang := range sortedKeys(f.Localization) {
				if lang == f.Language {
					continue
				}
				var missing []string
				for _, p := range props {
					if f.Localization.Translation(lang, a.UUID(), p) == nil {
						missing = append(missing, p)
					}
				}
				if len(missing) > 0 {
					c.report(codeLintTranslation, aw, "%s action has no '%s' translation of %s", a.Type(), lang, strings.Join(missing, ", "))
				}
			}
		}
	}
}

// untranslated are the localizable properties a missing translation of is no mistake.
var untranslated = map[string]bool{"quick_replies": true, "attachments": true}

// hasWords reports whether a text has words to translate: two letters in a row outside its
// @-expressions and URLs. "👍", "1.", "@contact.name" and "https://example.org/a.png" have
// none; "OK" and "Hi @contact.name" have.
func hasWords(text string) bool {
	run := 0
	for i := 0; i < len(text); {
		switch rest := text[i:]; {
		case strings.HasPrefix(rest, "@@"):
			i += 2
			run = 0
			continue
		case rest[0] == '@':
			i += expressionLength(rest)
			run = 0
			continue
		case strings.HasPrefix(rest, "http://") || strings.HasPrefix(rest, "https://"):
			end := strings.IndexFunc(rest, unicode.IsSpace)
			if end < 0 {
				return false
			}
			i += end
			run = 0
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsLetter(r) {
			run++
			if run >= 2 {
				return true
			}
		} else {
			run = 0
		}
		i += size
	}
	return false
}

// expressionLength is the length of the @-expression at the start of s: @(...) to its closing
// parenthesis (strings inside skipped), or @name.name.name.
func expressionLength(s string) int {
	if len(s) > 1 && s[1] == '(' {
		depth, inString := 0, false
		for i := 1; i < len(s); i++ {
			switch c := s[i]; {
			case inString && c == '\\':
				i++
			case c == '"':
				inString = !inString
			case inString:
			case c == '(':
				depth++
			case c == ')':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return len(s)
	}
	i := 1
	for i < len(s) {
		c := s[i]
		if c == '_' || c == '.' && i+1 < len(s) && isIdentByte(s[i+1]) || isIdentByte(c) {
			i++
			continue
		}
		break
	}
	return i
}

func isIdentByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}
