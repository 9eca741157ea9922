package validate

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/flowctl/flowctl/findings"
)

// sarifFormat writes one SARIF 2.1.0 log with a run of flowctl: every code as a rule, every file
// as an artifact and every finding as a result located in its file, its other places as related
// locations. Columns are given in UTF-16 code units, as GitHub code scanning counts them. The log
// is streamed: the results as files are done, then the artifacts and the invocation (which says
// whether everything could be read).
type sarifFormat struct {
	o       FormatOptions
	index   map[string]int
	written int
	// paths are the files written, for the artifacts at the end: the callers' strings, kept
	// rather than URIs made of them, so that a long run keeps a word or two per file
	paths []string
}

func newSARIF(o FormatOptions) *sarifFormat {
	s := &sarifFormat{o: o, index: map[string]int{}}
	for i, r := range o.Rules {
		s.index[r.Code] = i
	}
	return s
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

type sarifArtifact struct {
	Location sarifArtifactLocation `json:"location"`
}

type sarifArtifactLocation struct {
	URI   string `json:"uri"`
	Index *int   `json:"index,omitempty"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
	Properties          map[string]any    `json:"properties,omitempty"`
}

type sarifLocation struct {
	ID               *int                   `json:"id,omitempty"`
	PhysicalLocation sarifPhysical          `json:"physicalLocation"`
	LogicalLocations []sarifLogicalLocation `json:"logicalLocations,omitempty"`
	Message          *sarifText             `json:"message,omitempty"`
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

// fingerprintKey names flowctl's partial fingerprint: GitHub code scanning follows an alert
// across commits by it, whatever lines move.
const fingerprintKey = "flowctlProblem/v1"

func (s *sarifFormat) Begin(w io.Writer) error {
	driver := sarifDriver{Name: s.o.Tool, Version: s.o.Version, InformationURI: "https://github.com/flowctl/flowctl", Rules: []sarifRule{}}
	for _, r := range s.o.Rules {
		layer, _, _ := strings.Cut(r.Code, "/")
		summary := r.Summary
		as := "an error"
		if r.Severity == findings.SeverityWarning {
			as = "a warning"
		}
		driver.Rules = append(driver.Rules, sarifRule{
			ID:               r.Code,
			Name:             ruleName(r.Code),
			ShortDescription: sarifText{Text: summary},
			FullDescription:  sarifText{Text: summary},
			Help: sarifText{
				Text:     fmt.Sprintf("%s Reported by the %s layer of flowctl validate as %s. See %s#%s.", summary, layer, as, s.o.DocsURL, anchor(r.Code)),
				Markdown: fmt.Sprintf("%s\n\nReported by the `%s` layer of `flowctl validate` as %s. See [%s](%s#%s).", summary, layer, as, r.Code, s.o.DocsURL, anchor(r.Code)),
			},
			HelpURI:              s.o.DocsURL + "#" + anchor(r.Code),
			DefaultConfiguration: sarifRuleLevel{Level: string(r.Severity)},
			Properties:           sarifRuleProps{Tags: []string{layer}},
		})
	}
	tool, err := marshalIndent(sarifTool{Driver: driver}, "      ")
	if err != nil {
		return err
	}
	var b bytes.Buffer
	b.WriteString("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": ")
	b.Write(tool)
	b.WriteString(",\n      \"columnKind\": \"utf16CodeUnits\",\n      \"results\": [")
	_, err = w.Write(b.Bytes())
	return err
}

func (s *sarifFormat) Render(f *File) []byte {
	var b bytes.Buffer
	uri := FileURI(f.Path)
	for i := range f.Findings {
		fd := &f.Findings[i]
		res := sarifResult{
			RuleID:              fd.Code,
			RuleIndex:           -1,
			Level:               string(fd.Severity),
			Message:             sarifText{Text: sarifMessage(fd)},
			PartialFingerprints: map[string]string{fingerprintKey: fd.Fingerprint},
		}
		if i, ok := s.index[fd.Code]; ok {
			res.RuleIndex = i
		}
		places := fd.AllPlaces()
		res.Locations = []sarifLocation{s.location(f, uri, places[0], true)}
		for k, p := range places[1:] {
			loc := s.location(f, uri, p, false)
			id := k + 1
			loc.ID = &id
			loc.Message = &sarifText{Text: "also here" + suffixWhere(p)}
			res.RelatedLocations = append(res.RelatedLocations, loc)
		}
		props := map[string]any{}
		for k, v := range map[string]string{"pointer": fd.Pointer, "flowUuid": fd.FlowUUID, "flowName": fd.FlowName,
			"nodeUuid": fd.NodeUUID, "actionUuid": fd.ActionUUID, "node": fd.Node} {
			if v != "" {
				props[k] = v
			}
		}
		if fd.Count > 1 {
			props["count"] = fd.Count
		}
		if len(props) > 0 {
			res.Properties = props
		}
		out, err := marshalIndent(res, "        ")
		if err != nil {
			panic(err) // strings and numbers only
		}
		if b.Len() > 0 {
			b.WriteString(",\n        ")
		}
		b.Write(out)
	}
	return b.Bytes()
}

// sarifMessage is a finding's message with the flow and node it is in, and how many places share it.
func sarifMessage(f *findings.Finding) string {
	msg := f.Message + suffixWhere(f.First())
	if f.Count > 1 {
		msg += fmt.Sprintf(" Also in %s of this file.", Count(f.Count-1, "more place"))
	}
	return msg
}

func suffixWhere(p findings.Place) string {
	if where := Where(p); where != "" {
		return " (in " + where + ")"
	}
	return ""
}

func (s *sarifFormat) location(f *File, uri string, p findings.Place, primary bool) sarifLocation {
	idx := f.Index
	loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifactLocation{URI: uri, Index: &idx}}}
	if p.Line >= 1 {
		loc.PhysicalLocation.Region = region(f.Lines, p.Line, p.Column, primary)
	}
	if p.Pointer != "" {
		loc.LogicalLocations = []sarifLogicalLocation{{FullyQualifiedName: p.Pointer, Kind: "object"}}
	}
	return loc
}

func (s *sarifFormat) Write(w io.Writer, f *File, rendered []byte) error {
	// Every file is an artifact, one that couldn't be read too: results name theirs by index.
	s.paths = append(s.paths, f.Path)
	if len(rendered) == 0 {
		return nil
	}
	sep := ",\n        "
	if s.written == 0 {
		sep = "\n        "
	}
	s.written++
	if _, err := io.WriteString(w, sep); err != nil {
		return err
	}
	_, err := w.Write(rendered)
	return err
}

func (s *sarifFormat) End(w io.Writer, sum *Summary) error {
	var b bytes.Buffer
	if s.written > 0 {
		b.WriteString("\n      ")
	}
	arts := make([]sarifArtifact, 0, len(s.paths))
	for _, p := range s.paths {
		arts = append(arts, sarifArtifact{Location: sarifArtifactLocation{URI: FileURI(p)}})
	}
	inv := sarifInvocation{ExecutionSuccessful: len(sum.Problems) == 0}
	for _, p := range sum.Problems {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{Level: "error", Message: sarifText{Text: p}})
	}
	a, err := marshalIndent(arts, "      ")
	if err != nil {
		return err
	}
	i, err := marshalIndent([]sarifInvocation{inv}, "      ")
	if err != nil {
		return err
	}
	b.WriteString("],\n      \"artifacts\": ")
	b.Write(a)
	b.WriteString(",\n      \"invocations\": ")
	b.Write(i)
	b.WriteString("\n    }\n  ]\n}\n")
	_, err = w.Write(b.Bytes())
	return err
}

// ruleName turns a code (graph/unknown-destination) into a PascalCase rule name
// (GraphUnknownDestination), the form SARIF viewers expect of a name.
func ruleName(code string) string {
	var b strings.Builder
	for part := range strings.FieldsFuncSeq(code, func(r rune) bool { return r == '-' || r == '/' }) {
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

// FileURI makes a relative URI reference of a path (slashes, percent-escapes), or a file: URI of
// an absolute one.
func FileURI(p string) string {
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

// region says where a place is: its start, and (for the primary location) its end when the start
// is the beginning of a JSON value (the usual case, since findings point at values), in UTF-16
// columns.
func region(lines *findings.Lines, line, col int, withEnd bool) *sarifRegion {
	if lines == nil {
		return &sarifRegion{StartLine: line, StartColumn: max(1, col)}
	}
	start, ok := lines.Offset(line, col)
	if !ok {
		return &sarifRegion{StartLine: line, StartColumn: max(1, col)}
	}
	reg := &sarifRegion{StartLine: line, StartColumn: lines.UTF16Column(line, col)}
	if !withEnd {
		return reg
	}
	if end := valueEnd(lines.Src(), start); end > start {
		el, ec := lines.Position(end)
		reg.EndLine, reg.EndColumn = el, lines.UTF16Column(el, ec)
	}
	return reg
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
