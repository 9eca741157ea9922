package simulation

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/check"
	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/flows/scenario"
	"github.com/flowctl/flowctl/internal/readfile"
)

// Loader reads the flow and assets files of runs. It reads each file once however many runs use
// it (a test suite shares one Loader), and of an export it decodes and checks only the flows a
// run starts and those they reach through subflows and started sessions: running one flow of a
// 3 MB export costs about what that flow costs, not what the export does. It is safe for
// concurrent use.
type Loader struct {
	// MaxSize is the largest file read (0: readfile.DefaultMaxSize).
	MaxSize int64
	// Root is the folder, besides its own, that a scenario's files may come from (""
	// for scenario.DefaultRoots: the git work trees holding the scenario and the current
	// folder).
	Root string
	// MediaURL is the base URL legacy flows' relative media URLs are joined to (see
	// read.Options; "": the reference engine's).
	MediaURL string

	mu    sync.Mutex
	files map[string]*file
}

// NewLoader returns an empty loader.
func NewLoader() *Loader {
	return &Loader{files: map[string]*file{}}
}

// file is one file as the loader keeps it.
type file struct {
	path    string
	maxSize int64
	// opts reads the file (with the custom action types of a run's hooks)
	opts read.Options
	once sync.Once
	src  []byte
	err  error
	// outline is set for an export whose flows can be read one by one; otherwise whole holds
	// the whole document.
	outline *read.Outline
	refs    []string // for a whole document: the flows its flows name

	wholeOnce sync.Once
	whole     *read.Document

	mu     sync.Mutex
	parts  map[string]*part
	checks map[string]*checked
}

// part is the document of some of an export's flows, read once per selection.
type part struct {
	once sync.Once
	doc  *read.Document
}

// checked holds what stops the flows of a selection from running with a set of assets files,
// placed in the file, checked once, and else the assets a run of them resolves against.
type checked struct {
	once    sync.Once
	blocked []string
	assets  *flows.Assets
}

// checked returns the check of a selection against a set of assets files.
func (f *file) checked(key string) *checked {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.checks == nil {
		f.checks = map[string]*checked{}
	}
	c := f.checks[key]
	if c == nil {
		c = &checked{}
		f.checks[key] = c
	}
	return c
}

// FileError says a flow or assets file can't be used at all.
type FileError struct {
	// What is the file's role: "flow" or "assets".
	What string
	Path string
	// Line and Col place a problem of the content; 0 for a file that can't be opened.
	Line, Col int
	Err       error
}

// Error says which file and why, without Go's "open" prefix.
func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %v (the %s file can't be read)", e.Path, e.Line, e.Col, e.Err, e.What)
	}
	if e.What == "scenario" {
		return fmt.Sprintf("can't read scenario %s: %v", e.Path, e.Err)
	}
	return fmt.Sprintf("can't read %s file %s: %v", e.What, e.Path, e.Err)
}

// Unwrap returns the cause.
func (e *FileError) Unwrap() error { return e.Err }

// BlockedError says the flows a run needs break rules that stop them from running: the file
// can't be decoded, or breaks the spec's rules. Missing assets and lint warnings don't block:
// the engine reports those as it meets them, as the reference does.
type BlockedError struct {
	Path string
	// Problems are the findings, each as "line:col: message [code]".
	Problems []string
}

// Error lists the problems under the file they are in.
func (e *BlockedError) Error() string {
	return fmt.Sprintf("%s can't be run:\n  %s", e.Path, strings.Join(e.Problems, "\n  "))
}

// Loaded is what a run needs of its files.
type Loaded struct {
	// Assets are everything the engine resolves against: the files' assets and the flows read.
	Assets *flows.Assets
	// Flow is the flow to start.
	Flow *flows.Flow
	// files are the flow and assets files' contents by path, for Warnings
	files map[string][]byte
}

// Warnings are the flow and assets files' repeated keys and bytes that aren't UTF-8, as Setup.Warnings
// words them: the engine reads such files as the reference does (the later key wins, a bad byte
// is U+FFFD), which is rarely what was meant. They are linted only when asked for, as a suite
// loads the same assets for every scenario.
func (ld *Loaded) Warnings() []string { return FileWarnings(ld.files) }

// Warnings are the repeated keys and bytes that aren't UTF-8 of every flow and assets file the
// loader has read, as FileWarnings words them (a suite prints them once, however many scenarios
// name a file). Call it once the runs are done.
func (l *Loader) Warnings() []string {
	files := map[string][]byte{}
	l.mu.Lock()
	for _, f := range l.files {
		if f.src != nil && f.err == nil {
			files[f.path] = f.src
		}
	}
	l.mu.Unlock()
	return FileWarnings(files)
}

func (l *Loader) file(path string) *file { return l.fileWith(path, nil) }

// fileWith is the file as read with a dialect's custom action types: runs with different hooks
// files read a flow file each their own way.
func (l *Loader) fileWith(path string, dialect *actions.Dialect) *file {
	key := path
	if fp := dialect.Fingerprint(); fp != "" {
		key += "\x00" + fp
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.files == nil {
		l.files = map[string]*file{}
	}
	f := l.files[key]
	if f == nil {
		f = &file{path: path, parts: map[string]*part{}, maxSize: l.MaxSize, opts: read.Options{Dialect: dialect, MediaURL: l.MediaURL}}
		l.files[key] = f
	}
	return f
}

// open reads the file and outlines it, once.
func (f *file) open(what string) error {
	f.once.Do(func() {
		max := f.maxSize
		if max <= 0 {
			max = readfile.DefaultMaxSize
		}
		src, err := readfile.Read(f.path, max)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			f.err = &FileError{What: what, Path: f.path, Err: err}
			return
		}
		f.src = src
		if o, ok := read.OutlineOf(src); ok {
			f.outline = o
			return
		}
		doc := f.wholeDoc()
		if fd := unusable(doc); fd != nil {
			f.err = &FileError{What: what, Path: f.path, Line: fd.Line, Col: fd.Column, Err: errors.New(fd.Message)}
			return
		}
		f.refs = read.FlowRefs(src)
	})
	return f.err
}

// wholeDoc reads the whole file, once.
func (f *file) wholeDoc() *read.Document {
	f.wholeOnce.Do(func() { f.whole = read.ReadWith(f.path, f.src, f.opts) })
	return f.whole
}

// unusable is the finding that makes a read document unusable at all, if any.
func unusable(doc *read.Document) *flows.Finding {
	for i, fd := range doc.Findings {
		switch fd.Code {
		case read.CodeInvalidJSON, read.CodeUnknownDocument, read.CodeLegacyFormat, read.CodeReaderPanic:
			return &doc.Findings[i]
		}
	}
	return nil
}

// ids lists the file's flows.
func (f *file) ids() []flows.FlowID {
	var out []flows.FlowID
	if f.outline != nil {
		for _, fl := range f.outline.Flows {
			out = append(out, flows.FlowID{UUID: fl.UUID, Name: fl.Name})
		}
		return out
	}
	for _, fl := range f.whole.Flows {
		out = append(out, flows.FlowID{UUID: fl.UUID, Name: fl.Name})
	}
	return out
}

// part returns the document of the flows at the given indices of the outline.
func (f *file) part(indices []int) *part {
	key := fmt.Sprint(indices)
	f.mu.Lock()
	p := f.parts[key]
	if p == nil {
		p = &part{}
		f.parts[key] = p
	}
	f.mu.Unlock()
	p.once.Do(func() { p.doc = f.outline.ReadOutlinedWith(f.path, f.src, indices, f.opts) })
	return p
}

// Load reads what a run of one flow needs: the flow file, the assets files (later ones overriding
// earlier ones), and the flow to start, by UUID or name (empty: the flow file's first). The flows
// the started one can reach must not break rules that stop them from running. Errors are a
// *FileError, a *flows.UnknownFlowError or a *BlockedError.
func (l *Loader) Load(flowPath string, assetPaths []string, which string) (*Loaded, error) {
	return l.load(flowPath, assetPaths, which, nil)
}

// LoadSetup loads what a setup's run needs: its hooks files first (unless loaded already), then
// its flow and assets files read with the custom action types the hooks declare. Errors are
// Load's, a *FileError for a hooks file that can't be opened, or a *jshooks.LoadError.
//
// The files a scenario names are read only from the scenario's folder or below Root (see
// scenario.CheckPath); one elsewhere is a *scenario.OutsideError, and is never opened.
func (l *Loader) LoadSetup(s *Setup) (*Loaded, error) {
	for _, ref := range s.ScenarioRefs {
		if err := scenario.CheckPath(s.ScenarioFile, ref.What, ref.Path, l.Root); err != nil {
			line, col := ref.Position()
			return nil, &scenario.ReadError{Path: s.ScenarioFile, Line: line, Col: col, Msg: ref.Pointer + ": " + err.Error()}
		}
	}
	if s.Hooks == nil && len(s.HookPaths) > 0 {
		if err := s.LoadHooks(l.MaxSize); err != nil {
			return nil, err
		}
	}
	var dialect *actions.Dialect
	if s.Hooks != nil {
		dialect = s.Hooks.Dialect()
	}
	return l.load(s.FlowPath, s.AssetPaths, s.Flow, dialect)
}

func (l *Loader) load(flowPath string, assetPaths []string, which string, dialect *actions.Dialect) (*Loaded, error) {
	files := make([]*file, 0, 1+len(assetPaths))
	for i, p := range append([]string{flowPath}, assetPaths...) {
		f := l.fileWith(p, dialect)
		what := "assets"
		if i == 0 {
			what = "flow"
		}
		if err := f.open(what); err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	main := files[0]
	// The flow to start: among the flow file's flows, then the assets files'.
	ids := main.ids()
	if len(ids) == 0 {
		return nil, &FileError{What: "flow", Path: flowPath, Err: errors.New("no flows in this file")}
	}
	all := ids
	for _, f := range files[1:] {
		all = append(all[:len(all):len(all)], f.ids()...)
	}
	where := flowPath
	if len(files) > 1 && which != "" {
		where = flowPath + " or its assets files"
	}
	i, err := flows.ChooseFlow(all, which, where)
	if err != nil {
		return nil, err
	}
	start := all[i].UUID

	// The flows reached, across files: a subflow may live in an assets file and name a flow
	// of the flow file again.
	reached := map[string]bool{start: true}
	selections := make([][]int, len(files))
	for changed := true; changed; {
		changed = false
		uuids := make([]string, 0, len(reached))
		for u := range reached {
			uuids = append(uuids, u)
		}
		slices.Sort(uuids)
		for k, f := range files {
			var refs []string
			if f.outline != nil {
				selections[k] = f.outline.Reach(uuids...)
				for _, i := range selections[k] {
					refs = append(refs, f.outline.Flows[i].UUID)
					refs = append(refs, f.outline.Flows[i].Refs...)
				}
			} else {
				refs = f.refs
				for _, fl := range f.whole.Flows {
					refs = append(refs, fl.UUID)
				}
			}
			for _, r := range refs {
				if !reached[r] {
					reached[r] = true
					changed = true
				}
			}
		}
	}

	docs := make([]*read.Document, len(files))
	parts := make([]*part, len(files))
	for k, f := range files {
		if f.outline != nil {
			parts[k] = f.part(selections[k])
			docs[k] = parts[k].doc
			if unusable(docs[k]) != nil {
				// the flows read are broken: say where in the file
				return nil, &BlockedError{Path: f.path, Problems: f.placedProblems(selections[k], nil)}
			}
		} else {
			docs[k] = f.wholeDoc()
		}
	}
	// The assets files only need to read: the flow file's flows are checked against them.
	for k := 1; k < len(files); k++ {
		if problems := blocking(docs[k].Findings); len(problems) > 0 {
			return nil, &BlockedError{Path: files[k].path, Problems: files[k].placedProblems(selections[k], nil)}
		}
	}
	c := main.checked(fmt.Sprint(selections, assetPaths))
	c.once.Do(func() {
		workspace := read.LoadAssets(docs[1:]...)
		if problems := blocking(check.Check(docs[0], workspace)); len(problems) > 0 {
			if parts[0] != nil {
				problems = main.placedProblems(selections[0], workspace)
			}
			c.blocked = problems
			return
		}
		c.assets = read.LoadAssets(docs...)
	})
	if len(c.blocked) > 0 {
		return nil, &BlockedError{Path: flowPath, Problems: c.blocked}
	}
	var flow *flows.Flow
	for _, fl := range c.assets.Flows {
		if fl.UUID == start {
			flow = fl
		}
	}
	if flow == nil {
		return nil, &FileError{What: "flow", Path: flowPath, Err: fmt.Errorf("flow %s could not be read", start)}
	}
	// the flow file is linted too, as a suite lints the flow files its scenarios name
	lintFiles := make(map[string][]byte, len(files))
	for _, f := range files {
		lintFiles[f.path] = f.src
	}
	return &Loaded{Assets: c.assets, Flow: flow, files: lintFiles}, nil
}

// placedProblems reads and checks the whole file to place the problems of the flows at indices
// in it (the partial document's positions are not the file's): a rare path, taken only when a
// flow can't run. Problems outside any flow (the document's assets) count too.
func (f *file) placedProblems(indices []int, workspace *flows.Assets) []string {
	doc := f.wholeDoc()
	var findings []flows.Finding
	if workspace != nil {
		findings = check.Check(doc, workspace)
	} else {
		findings = doc.Findings
	}
	keep := func(ptr string) bool {
		if f.outline == nil || !strings.HasPrefix(ptr, "/flows/") {
			return true
		}
		n, _, _ := strings.Cut(strings.TrimPrefix(ptr, "/flows/"), "/")
		i, err := strconv.Atoi(n)
		return err != nil || slices.Contains(indices, i)
	}
	var kept []flows.Finding
	for _, fd := range findings {
		if keep(fd.Pointer) {
			kept = append(kept, fd)
		}
	}
	return blocking(kept)
}

// blocking lists the findings that stop a flow from running: errors of the reading, schema,
// field and graph layers, each once, as "line:col: message [code]".
func blocking(findings []flows.Finding) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range findings {
		if f.Severity != flows.SeverityError {
			continue
		}
		layer, _, _ := strings.Cut(f.Code, "/")
		switch layer {
		case "asset", "template", "lint":
			continue
		}
		msg := fmt.Sprintf("%d:%d: %s [%s]", f.Line, f.Column, f.Message, f.Code)
		if !seen[msg] {
			seen[msg] = true
			out = append(out, msg)
		}
	}
	return out
}

// FileFlows returns every flow of a file, decoding all of them: coverage counts the flows no run
// reached too. The file is read once per loader.
func (l *Loader) FileFlows(path, what string) ([]*flows.Flow, error) {
	f := l.file(path)
	if err := f.open(what); err != nil {
		return nil, err
	}
	return f.wholeDoc().Flows, nil
}
