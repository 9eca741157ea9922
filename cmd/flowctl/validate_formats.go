package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/check"
	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/internal/cireport"
)

// The machine formats of flowctl validate besides text and json: SARIF for code scanning,
// GitHub workflow commands for annotations on pull requests, and JUnit XML for CI dashboards.

// validateFormats are the values of flowctl validate's --format.
var validateFormats = []string{"text", "json", "sarif", "github", "junit"}

// findingsDocURL is where each finding code is explained; SARIF viewers link a rule's help to it.
const findingsDocURL = "https://github.com/flowctl/flowctl/blob/main/docs/reference/findings.md"

// --- SARIF 2.1.0 ---

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Artifacts   []sarifArtifact   `json:"artifacts"`
	Results     []sarifResult     `json:"results"`
	ColumnKind  string            `json:"columnKind"`
}

// sarifInvocation says whether flowctl could read everything it was asked to validate; a file
// it couldn't read has no results, so a viewer would otherwise take it for a clean one.
type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level   string    `json:"level"`
	Message sarifText `json:"message"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifText      `json:"help"`
	HelpURI              string         `json:"helpUri"`
	DefaultConfiguration sarifRuleLevel `json:"defaultConfiguration"`
	Properties           sarifRuleProps `json:"properties"`
}

type sarifRuleLevel struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags []string `json:"tags"`
}

type sarifArtifact struct {
	Location sarifArtifactLocation `json:"location"`
}

type sarifArtifactLocation struct {
	URI   string `json:"uri"`
	Index *int   `json:"index,omitempty"`
}

type sarifResult struct {
	RuleID     string            `json:"ruleId"`
	RuleIndex  int               `json:"ruleIndex"`
	Level      string            `json:"level"`
	Message    sarifText         `json:"message"`
	Locations  []sarifLocation   `json:"locations"`
	Properties map[string]string `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical          `json:"physicalLocation"`
	LogicalLocations []sarifLogicalLocation `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

type sarifLogicalLocation struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

// writeSARIF writes one SARIF 2.1.0 log with a run of flowctl: every finding code as a rule, every
// file as an artifact and every finding as a result located in its file. Columns are given in
// UTF-16 code units, as GitHub code scanning counts them. problems are the messages of the
// files and folders that couldn't be read; they make the invocation unsuccessful.
func writeSARIF(w io.Writer, results []*fileResult, problems []string) error {
	rules := check.AllRules()
	index := make(map[string]int, len(rules))
	driver := sarifDriver{Name: "flowctl", Version: versionString(), InformationURI: "https://github.com/flowctl/flowctl"}
	for i, r := range rules {
		index[r.Code] = i
		layer, _, _ := strings.Cut(r.Code, "/")
		summary := r.Description()
		as := "an error"
		if r.Severity == flows.SeverityWarning {
			as = "a warning"
		}
		driver.Rules = append(driver.Rules, sarifRule{
			ID:               r.Code,
			Name:             ruleName(r.Code),
			ShortDescription: sarifText{Text: summary},
			FullDescription:  sarifText{Text: summary},
			Help: sarifText{
				Text:     fmt.Sprintf("%s Reported by the %s layer of flowctl validate as %s. See %s#%s.", summary, layer, as, findingsDocURL, anchor(r.Code)),
				Markdown: fmt.Sprintf("%s\n\nReported by the `%s` layer of `flowctl validate` as %s. See [%s](%s#%s).", summary, layer, as, r.Code, findingsDocURL, anchor(r.Code)),
			},
			HelpURI:              findingsDocURL + "#" + anchor(r.Code),
			DefaultConfiguration: sarifRuleLevel{Level: string(r.Severity)},
			Properties:           sarifRuleProps{Tags: []string{layer}},
		})
	}
	inv := sarifInvocation{ExecutionSuccessful: len(problems) == 0}
	for _, p := range problems {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{Level: "error", Message: sarifText{Text: p}})
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Invocations: []sarifInvocation{inv}, Artifacts: []sarifArtifact{}, Results: []sarifResult{}, ColumnKind: "utf16CodeUnits"}
	for ai, fr := range results {
		uri := fileURI(fr.Path)
		run.Artifacts = append(run.Artifacts, sarifArtifact{Location: sarifArtifactLocation{URI: uri}})
		for _, f := range fr.Findings {
			res := sarifResult{
				RuleID:    f.Code,
				RuleIndex: -1,
				Level:     string(f.Severity),
				Message:   sarifText{Text: f.Message},
			}
			if i, ok := index[f.Code]; ok {
				res.RuleIndex = i
			}
			loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifactLocation{URI: uri, Index: &ai}}}
			if f.Line >= 1 {
				loc.PhysicalLocation.Region = findingRegion(fr.src, f)
			}
			if f.Pointer != "" {
				loc.LogicalLocations = []sarifLogicalLocation{{FullyQualifiedName: f.Pointer, Kind: "object"}}
			}
			res.Locations = []sarifLocation{loc}
			props := map[string]string{}
			for k, v := range map[string]string{"pointer": f.Pointer, "flowUuid": f.FlowUUID, "nodeUuid": f.NodeUUID, "actionUuid": f.ActionUUID} {
				if v != "" {
					props[k] = v
				}
			}
			if len(props) > 0 {
				res.Properties = props
			}
			run.Results = append(run.Results, res)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}})
}

// ruleName turns a code (graph/unknown-destination) into a PascalCase rule name
// (GraphUnknownDestination), the form SARIF viewers expect of a name.
func ruleName(code string) string {
	var b strings.Builder
	for part := range strings.FieldsFuncSeq(code, func(r rune) bool { return r == '-' || r == '/' }) {
		if part == "" {
			continue
		}
		r, n := utf8.DecodeRuneInString(part)
		b.WriteString(strings.ToUpper(string(r)))
		b.WriteString(part[n:])
	}
	return b.String()
}

// anchor is the Markdown heading anchor GitHub gives a finding code's heading.
func anchor(code string) string {
	return strings.NewReplacer("/", "", ".", "").Replace(strings.ToLower(code))
}

// fileURI makes a relative URI reference of a path (slashes, percent-escapes), or a file: URI of
// an absolute one.
func fileURI(p string) string {
	slashed := filepath.ToSlash(p)
	if filepath.IsAbs(p) {
		if !strings.HasPrefix(slashed, "/") { // a Windows drive path
			slashed = "/" + slashed
		}
		return (&url.URL{Scheme: "file", Path: slashed}).String()
	}
	// url.URL escapes what a URI can't hold and writes "./" before a first segment with a colon,
	// which would otherwise read as a scheme.
	return (&url.URL{Path: slashed}).String()
}

// findingRegion says where a finding is: its start, and its end when the start is the beginning
// of a JSON value (the usual case, since findings point at values), in UTF-16 columns.
func findingRegion(src []byte, f flows.Finding) *sarifRegion {
	start, ok := offsetOf(src, f.Line, f.Column)
	if !ok {
		return &sarifRegion{StartLine: f.Line, StartColumn: max(1, f.Column)}
	}
	reg := &sarifRegion{StartLine: f.Line, StartColumn: utf16Column(src, start)}
	if end := valueEnd(src, start); end > start {
		el, eo := lineOf(src, end)
		reg.EndLine, reg.EndColumn = el, utf16Column(src, eo)
	}
	return reg
}

// offsetOf turns a 1-based line and byte column into a byte offset.
func offsetOf(src []byte, line, col int) (int, bool) {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(string(src[off:]), '\n')
		if i < 0 {
			return 0, false
		}
		off += i + 1
	}
	off += col - 1
	if col < 1 || off > len(src) {
		return 0, false
	}
	return off, true
}

// lineOf returns the 1-based line of an offset and the offset itself, for utf16Column.
func lineOf(src []byte, off int) (int, int) {
	return 1 + strings.Count(string(src[:off]), "\n"), off
}

// utf16Column is the 1-based column of an offset in UTF-16 code units.
func utf16Column(src []byte, off int) int {
	lineStart := strings.LastIndexByte(string(src[:off]), '\n') + 1
	n := 0
	for _, r := range string(src[lineStart:off]) {
		n += len(utf16.Encode([]rune{r}))
	}
	return n + 1
}

// valueEnd returns the offset just after the JSON value starting at off, or off when there is no
// value there (a syntax error's position, say) or it doesn't end.
func valueEnd(src []byte, off int) int {
	if off >= len(src) {
		return off
	}
	switch c := src[off]; {
	case c == '"':
		for i := off + 1; i < len(src); i++ {
			switch src[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			case '\n':
				return off
			}
		}
		return off
	case c == '{' || c == '[':
		depth := 0
		for i := off; i < len(src); i++ {
			switch src[i] {
			case '"':
				end := valueEnd(src, i)
				if end == i {
					return off
				}
				i = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return off
	case c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z':
		i := off
		for i < len(src) && strings.IndexByte("+-.0123456789eEabcdfilnrstu", src[i]) >= 0 {
			i++
		}
		return i
	}
	return off
}

// --- GitHub workflow commands ---

// writeGitHub prints one workflow command per finding, which GitHub Actions shows as an
// annotation on the file's line, then the summary line.
//
// What couldn't be read (problems) is annotated too, without a file: there is no line to put
// it on, and the run's status 2 alone wouldn't show in a pull request's checks.
func writeGitHub(w io.Writer, results []*fileResult, sum summary, problems []string) {
	for _, p := range problems {
		fmt.Fprintf(w, "::error title=%s::%s\n", cireport.GitHubProperty("flowctl validate"), cireport.GitHubData(p))
	}
	for _, r := range results {
		for _, f := range r.Findings {
			cmd := "error"
			if f.Severity == flows.SeverityWarning {
				cmd = "warning"
			}
			props := []string{"file=" + cireport.GitHubProperty(filepath.ToSlash(r.Path))}
			if f.Line >= 1 {
				props = append(props, fmt.Sprintf("line=%d", f.Line))
				if f.Column >= 1 {
					props = append(props, fmt.Sprintf("col=%d", f.Column))
				}
			}
			props = append(props, "title="+cireport.GitHubProperty(f.Code))
			fmt.Fprintf(w, "::%s %s::%s\n", cmd, strings.Join(props, ","), cireport.GitHubData(f.Message))
		}
	}
	fmt.Fprintln(w, summaryLine(sum))
}

// --- JUnit XML ---

// unreadableSuite names the test suite of the files and folders validate couldn't read: in
// JUnit's terms, tests that errored rather than failed.
const unreadableSuite = "(unreadable)"

// documentCase names the test case of findings that belong to no flow of a file (its syntax, an
// assets document) and of a file without flows.
const documentCase = "(document)"

// writeJUnit writes a test suite per file and a test case per flow in it; a flow with errors has
// a failure listing them, and warnings go to the case's system-out.
//
// problems, the messages of what couldn't be read, become errored cases of their own suite.
func writeJUnit(w io.Writer, results []*fileResult, problems []string) error {
	out := cireport.JUnitSuites{Name: "flowctl validate"}
	if len(problems) > 0 {
		suite := cireport.JUnitSuite{Name: unreadableSuite, Tests: len(problems), Errors: len(problems), Skipped: new(int)}
		for _, p := range problems {
			suite.Cases = append(suite.Cases, cireport.JUnitCase{Name: p, ClassName: unreadableSuite, Error: &cireport.JUnitProblem{Message: p, Type: "io"}})
		}
		out.Suites = append(out.Suites, suite)
		out.Tests += suite.Tests
		out.Errors += suite.Errors
	}
	for _, r := range results {
		suite := cireport.JUnitSuite{Name: filepath.ToSlash(r.Path), Skipped: new(int)}
		type flowCase struct {
			name     string
			findings []flows.Finding
		}
		var cases []*flowCase
		byUUID := map[string]*flowCase{}
		if r.Flows > 0 {
			doc := read.Read(r.Path, r.src)
			for _, fl := range doc.Flows {
				c := &flowCase{name: flowCaseName(fl)}
				cases = append(cases, c)
				if fl.UUID != "" && byUUID[fl.UUID] == nil {
					byUUID[fl.UUID] = c
				}
			}
		}
		var docCase *flowCase
		for _, f := range r.Findings {
			c := byUUID[f.FlowUUID]
			if c == nil {
				if docCase == nil {
					docCase = &flowCase{name: documentCase}
				}
				c = docCase
			}
			c.findings = append(c.findings, f)
		}
		if docCase != nil || len(cases) == 0 {
			if docCase == nil {
				docCase = &flowCase{name: documentCase}
			}
			cases = append([]*flowCase{docCase}, cases...)
		}
		for _, c := range cases {
			jc := cireport.JUnitCase{Name: c.name, ClassName: suite.Name}
			var errs, warns []string
			for _, f := range c.findings {
				line := fmt.Sprintf("%s:%d:%d: %s[%s]: %s", suite.Name, f.Line, f.Column, f.Severity, f.Code, f.Message)
				if f.Severity == flows.SeverityError {
					errs = append(errs, line)
				} else {
					warns = append(warns, line)
				}
			}
			if len(errs) > 0 {
				jc.Failure = &cireport.JUnitProblem{Message: count(len(errs), "error"), Type: "error", Text: strings.Join(errs, "\n") + "\n"}
				suite.Failures++
			}
			if len(warns) > 0 {
				jc.SystemOut = &cireport.JUnitOutput{Text: strings.Join(warns, "\n") + "\n"}
			}
			suite.Cases = append(suite.Cases, jc)
		}
		suite.Tests = len(suite.Cases)
		out.Tests += suite.Tests
		out.Failures += suite.Failures
		out.Suites = append(out.Suites, suite)
	}
	return cireport.WriteJUnit(w, out)
}

// flowCaseName names a flow's test case by name and UUID, since names needn't be unique.
func flowCaseName(fl *flows.Flow) string {
	switch {
	case fl.Name != "" && fl.UUID != "":
		return fl.Name + " (" + fl.UUID + ")"
	case fl.UUID != "":
		return fl.UUID
	case fl.Name != "":
		return fl.Name
	}
	return "(unnamed flow)"
}
