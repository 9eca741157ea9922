package check

import (
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/flowctl/flowctl/expressions"
	"github.com/flowctl/flowctl/flows"
)

// tmpl is one template of a flow with where it sits.
type tmpl struct {
	w where
	// refs and err are the parse's outcome (both empty for text without an @).
	refs  []tmplRef
	calls []tmplCall
	err   *tmplErr
	node  int // index of its node in the flow
	// action is the index of its action in the node, or -1 for a router's operand or case.
	action int
	src    string
}

// flowTemplates lists every template of a flow: action fields tagged as templates, router
// operands and case arguments, and translations of those that are localized.
// The list is built (and every template parsed) once per flow, as two layers use it.
func (c *checker) flowTemplates(f *flows.Flow, fw where) []tmpl {
	return c.walked(f, fw).templates
}

// parsedTemplate is what parsing a template's source found.
type parsedTemplate struct {
	refs  []tmplRef
	calls []tmplCall
	err   *tmplErr
}

// refSite is an asset reference of an action and where it is.
type refSite struct {
	w   where
	ref flows.AssetRef
}

// walkedFlow is what one walk of a flow's nodes finds, shared by the layers.
type walkedFlow struct {
	templates []tmpl
	refs      []refSite
}

func (c *checker) walked(f *flows.Flow, fw where) *walkedFlow {
	if wf, ok := c.walks[f]; ok {
		return wf
	}
	wf := c.walkFlow(f, fw)
	for i := range wf.templates {
		t := &wf.templates[i]
		if strings.IndexByte(t.src, '@') < 0 {
			continue
		}
		// A document repeats its templates (@input.text, @contact.name, ...): each is parsed once.
		p, ok := c.parsed[t.src]
		if !ok {
			p.refs, p.calls, p.err = parseTemplate(t.src)
			if c.parsed == nil {
				c.parsed = map[string]parsedTemplate{}
			}
			c.parsed[t.src] = p
		}
		t.refs, t.calls, t.err = p.refs, p.calls, p.err
	}
	if c.walks == nil {
		c.walks = map[*flows.Flow]*walkedFlow{}
	}
	c.walks[f] = wf
	return wf
}

func (c *checker) walkFlow(f *flows.Flow, fw where) *walkedFlow {
	wf := &walkedFlow{}
	// Most nodes hold a template or two: room for that up front saves regrowing a long list.
	out := make([]tmpl, 0, 4*len(f.Nodes))
	// Which properties of which items are localizable templates, to find their translations.
	localized := map[string]map[string]bool{}
	mark := func(item, prop string) {
		if len(f.Localization) == 0 {
			return // nothing translated: no need to know what could be
		}
		if localized[item] == nil {
			localized[item] = map[string]bool{}
		}
		localized[item][prop] = true
	}
	nodeOf := map[string]int{}
	for i, n := range f.Nodes {
		if n == nil {
			continue
		}
		nw := c.nodeAt(fw, i, n)
		// Each action is walked on its own, so its place is known without reading it back out of
		// the pointers the walker gives.
		for j, a := range n.Actions {
			if a == nil {
				continue
			}
			nodeOf[a.UUID()] = i
			aw := c.actionAt(nw, j, a)
			flows.Walk(a, flows.Visitor{AssetRef: func(rel string, ref flows.AssetRef) {
				wf.refs = append(wf.refs, refSite{aw.under(rel), ref})
			}, Template: func(rel, src string, loc bool) {
				out = append(out, tmpl{w: aw.under(rel), node: i, action: j, src: src})
				if loc {
					prop, _, _ := strings.Cut(rel[1:], "/")
					mark(a.UUID(), prop)
				}
			}})
		}
		if n.Router != nil {
			for _, cs := range n.Router.Cases {
				if cs != nil {
					nodeOf[cs.UUID] = i
				}
			}
		}
		// The node itself (its actions are not part of its walk): router operand, cases, wait.
		flows.Walk(n, flows.Visitor{AssetRef: func(rel string, ref flows.AssetRef) {
			wf.refs = append(wf.refs, refSite{nw.under(rel), ref})
		}, Template: func(rel, src string, loc bool) {
			out = append(out, tmpl{w: nw.under(rel), node: i, action: -1, src: src})
			if !loc {
				return
			}
			if item, prop, ok := caseProp(n, rel); ok {
				mark(item, prop)
			}
		}})
	}
	lw := fw.at("localization")
	for _, lang := range sortedKeys(f.Localization) {
		for _, item := range sortedKeys(f.Localization[lang]) {
			ni, ok := nodeOf[item]
			if !ok {
				continue
			}
			for _, prop := range sortedKeys(f.Localization[lang][item]) {
				if !localized[item][prop] {
					continue
				}
				for k, s := range f.Localization[lang][item][prop] {
					w := lw.at(lang, item, prop, strconv.Itoa(k))
					w.node = f.Nodes[ni].UUID
					out = append(out, tmpl{w: w, node: ni, action: -1, src: s})
				}
			}
		}
	}
	wf.templates = out
	return wf
}

// caseProp finds the case a node-relative pointer such as /router/cases/2/arguments/0 is in, and
// the property.
func caseProp(n *flows.Node, rel string) (item, prop string, ok bool) {
	rest, found := strings.CutPrefix(rel, "/router/cases/")
	if !found || n.Router == nil {
		return "", "", false
	}
	num, rest, _ := strings.Cut(rest, "/")
	j, err := strconv.Atoi(num)
	if err != nil || j < 0 || j >= len(n.Router.Cases) || n.Router.Cases[j] == nil {
		return "", "", false
	}
	prop, _, _ = strings.Cut(rest, "/")
	return n.Router.Cases[j].UUID, prop, true
}

// checkTemplates parses every template and resolves what it reads from @fields, @globals and
// @results.
func (c *checker) checkTemplates(f *flows.Flow, fw where) {
	results := c.results(f).all
	for _, t := range c.flowTemplates(f, fw) {
		refs, serr := t.refs, t.err
		if serr != nil {
			c.reportAt(codeTemplateSyntax, "", t.w, serr.offset, "template syntax error at character %d: %s (in %s)", serr.offset+1, serr.msg, excerpt(t.src, serr.offset))
			continue
		}
		for _, r := range refs {
			c.checkTemplateRef(r, t, results)
		}
		for _, call := range t.calls {
			if call.unknown {
				c.reportAt(codeTemplateFunction, "", t.w, call.offset, "%s%s (in %s)", call.problem, suggest(call.name, expressions.FunctionNames()), excerpt(t.src, call.offset))
			} else {
				c.reportAt(codeTemplateArguments, "", t.w, call.offset, "%s (in %s)", call.problem, excerpt(t.src, call.offset))
			}
		}
	}
}

func (c *checker) checkTemplateRef(r tmplRef, t tmpl, results map[string]bool) {
	p := r.path
	switch {
	case len(p) >= 2 && p[0] == "fields", len(p) >= 3 && p[0] == "contact" && p[1] == "fields":
		key := p[1]
		if p[0] == "contact" {
			key = p[2]
		}
		if !c.assets.Declared(flows.AssetField) && c.src.emptyLists[flows.AssetField] {
			c.reportUndeclared(flows.AssetField, t.w, r.offset)
		}
		if c.assets.Declared(flows.AssetField) && c.assets.Get(flows.AssetField, key) == nil {
			c.reportAt(codeTemplateField, c.missingSeverity(flows.AssetField), t.w, r.offset, "@%s reads field '%s', which is not among the declared fields%s%s", strings.Join(p, "."), key, c.assetIndex(flows.AssetField).suggestIdentity(key), missingNote(flows.AssetField, c.missingSeverity(flows.AssetField)))
		}
	case len(p) >= 2 && p[0] == "globals":
		if !c.assets.Declared(flows.AssetGlobal) && c.src.emptyLists[flows.AssetGlobal] {
			c.reportUndeclared(flows.AssetGlobal, t.w, r.offset)
		}
		if c.assets.Declared(flows.AssetGlobal) && c.assets.Get(flows.AssetGlobal, p[1]) == nil {
			c.reportAt(codeTemplateGlobal, c.missingSeverity(flows.AssetGlobal), t.w, r.offset, "@%s reads global '%s', which is not among the declared globals%s%s", strings.Join(p, "."), p[1], c.assetIndex(flows.AssetGlobal).suggestIdentity(p[1]), missingNote(flows.AssetGlobal, c.missingSeverity(flows.AssetGlobal)))
		}
	case len(p) >= 2 && p[0] == "results":
		if !results[p[1]] {
			c.reportAt(codeTemplateResult, "", t.w, r.offset, "@%s reads result '%s', which no node of this flow saves%s", strings.Join(p, "."), p[1], suggest(p[1], sortedKeys(results)))
		}
	}
}

// excerpt quotes the template around offset, shortened for long texts.
func excerpt(src string, offset int) string {
	const span = 30
	start, end := max(0, offset-span), min(len(src), offset+span)
	for start > 0 && !utf8Start(src[start]) {
		start--
	}
	for end < len(src) && !utf8Start(src[end]) {
		end++
	}
	s := strconv.Quote(src[start:end])
	if start > 0 {
		s = "…" + s
	}
	if end < len(src) {
		s += "…"
	}
	return s
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// flowResults are the result keys a flow's nodes save: all of them, and per node.
type flowResults struct {
	all    map[string]bool
	byNode [][]string
}

// results returns the results a flow saves, found once per flow.
func (c *checker) results(f *flows.Flow) *flowResults {
	if r, ok := c.saved[f]; ok {
		return r
	}
	r := &flowResults{all: map[string]bool{}, byNode: make([][]string, len(f.Nodes))}
	for i, n := range f.Nodes {
		r.byNode[i] = nodeResults(n)
		for _, k := range r.byNode[i] {
			r.all[k] = true
		}
	}
	if c.saved == nil {
		c.saved = map[*flows.Flow]*flowResults{}
	}
	c.saved[f] = r
	return r
}

// nodeResults lists the result keys a node saves: its router's result name and every action
// field named result_name (webhooks, classifiers, airtime, ...) or set_run_result's name.
func nodeResults(n *flows.Node) []string {
	if n == nil {
		return nil
	}
	var out []string
	for _, a := range n.Actions {
		if k := actionResult(a); k != "" {
			out = append(out, k)
		}
	}
	if n.Router != nil && n.Router.ResultName != "" {
		out = append(out, flows.ResultKey(n.Router.ResultName))
	}
	return out
}

func actionResult(a flows.Action) string {
	if a == nil {
		return ""
	}
	v := reflect.ValueOf(a)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return ""
	}
	v = v.Elem()
	want := "result_name"
	if a.Type() == "set_run_result" {
		want = "name"
	}
	idx, ok := resultFields.Load(v.Type())
	if !ok {
		idx = -1
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == want && f.Type.Kind() == reflect.String {
				idx = i
				break
			}
		}
		resultFields.Store(v.Type(), idx)
	}
	if i := idx.(int); i >= 0 {
		return flows.ResultKey(v.Field(i).String())
	}
	return ""
}

// resultFields caches, per action struct type, the index of the field holding the result name
// (-1 for none).
var resultFields sync.Map
