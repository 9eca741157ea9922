package validate

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/flowctl/flowctl/findings"
)

// jsonFormat writes one JSON object: {"files": [...], "summary": {...}}, with "problems" listing
// what couldn't be read. Files are written as they are done, so the object is streamed.
type jsonFormat struct {
	written int
}

// jsonFile is one file in the JSON output.
type jsonFile struct {
	Path     string             `json:"path"`
	Flows    int                `json:"flows"`
	Findings []findings.Finding `json:"findings"`
}

// marshalIndent encodes v indented by prefix, without escaping <, > and & (messages quote
// templates), and without the final newline.
func marshalIndent(v any, prefix string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

func (j *jsonFormat) Begin(w io.Writer) error {
	_, err := io.WriteString(w, "{\n  \"files\": [")
	return err
}

func (j *jsonFormat) Render(f *File) []byte {
	fs := f.Findings
	if fs == nil {
		fs = []findings.Finding{}
	}
	out, err := marshalIndent(jsonFile{Path: f.Path, Flows: len(f.Units), Findings: fs}, "    ")
	if err != nil {
		// Findings are strings and numbers, so this can't happen; the pipeline reports a panic
		// as a file it couldn't validate rather than writing broken JSON.
		panic(err)
	}
	return out
}

func (j *jsonFormat) Write(w io.Writer, f *File, rendered []byte) error {
	if f.Err != "" {
		return nil
	}
	sep := ",\n    "
	if j.written == 0 {
		sep = "\n    "
	}
	j.written++
	if _, err := io.WriteString(w, sep); err != nil {
		return err
	}
	_, err := w.Write(rendered)
	return err
}

func (j *jsonFormat) End(w io.Writer, s *Summary) error {
	var b bytes.Buffer
	if j.written > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("],\n  \"summary\": ")
	sum, err := marshalIndent(s, "  ")
	if err != nil {
		return err
	}
	b.Write(sum)
	if len(s.Problems) > 0 {
		probs, err := marshalIndent(s.Problems, "  ")
		if err != nil {
			return err
		}
		b.WriteString(",\n  \"problems\": ")
		b.Write(probs)
	}
	b.WriteString("\n}\n")
	_, err = w.Write(b.Bytes())
	return err
}
