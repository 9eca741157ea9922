package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// WithOutputs returns the scenario file's bytes with the value of "outputs" replaced by sprints,
// or an "outputs" key added at the end of the object. Everything else is kept byte for byte (key
// order, spacing, other keys); the new value follows the file's indentation. Events are written
// as the engine produced them, with their key order.
func (sc *Scenario) WithOutputs(sprints []Sprint) ([]byte, error) {
	var compact bytes.Buffer
	compact.WriteByte('[')
	for i, sp := range sprints {
		if i > 0 {
			compact.WriteByte(',')
		}
		compact.WriteString(`{"events":[`)
		for j, ev := range sp.Events {
			if j > 0 {
				compact.WriteByte(',')
			}
			if err := json.Compact(&compact, ev); err != nil {
				return nil, fmt.Errorf("sprint %d, event %d is not valid JSON: %w", i+1, j+1, err)
			}
		}
		compact.WriteString(`]}`)
	}
	compact.WriteByte(']')

	unit := sc.indentUnit()
	var old *member
	for i := range sc.members {
		if sc.members[i].Key == "outputs" {
			old = &sc.members[i]
		}
	}
	var out bytes.Buffer
	if old != nil {
		value, err := indentValue(compact.Bytes(), lineIndent(sc.Raw, old.Start), unit, sc.newline())
		if err != nil {
			return nil, err
		}
		out.Write(sc.Raw[:old.Start])
		out.Write(value)
		out.Write(sc.Raw[old.End:])
		return out.Bytes(), nil
	}

	// No outputs yet: add the key after the last one, before the closing brace.
	end := bytes.LastIndexByte(sc.Raw, '}')
	if end < 0 {
		return nil, fmt.Errorf("%s: no closing brace", sc.Path)
	}
	body := bytes.TrimRight(sc.Raw[:end], " \t\r\n")
	out.Write(body)
	if len(sc.members) > 0 {
		out.WriteByte(',')
	}
	nl := sc.newline()
	value, err := indentValue(compact.Bytes(), unit, unit, nl)
	if err != nil {
		return nil, err
	}
	if unit == "" {
		out.WriteString(`"outputs":`)
		out.Write(value)
	} else {
		out.WriteString(nl + unit + `"outputs": `)
		out.Write(value)
		out.WriteString(nl)
	}
	out.Write(sc.Raw[end:])
	return out.Bytes(), nil
}

// indentUnit guesses the file's indentation from the first key's line: "" for a file written on
// one line.
func (sc *Scenario) indentUnit() string {
	if len(sc.members) == 0 {
		return "  "
	}
	start := sc.members[0].Start
	if !bytes.Contains(sc.Raw[:start], []byte{'\n'}) {
		return ""
	}
	return lineIndent(sc.Raw, start)
}

// lineIndent returns the leading spaces and tabs of the line holding offset.
func lineIndent(data []byte, offset int) string {
	lineStart := bytes.LastIndexByte(data[:offset], '\n') + 1
	end := lineStart
	for end < len(data) && (data[end] == ' ' || data[end] == '\t') {
		end++
	}
	return string(data[lineStart:end])
}

// indentValue lays out compact JSON for a place whose line starts with prefix, ending lines with
// newline (\n or \r\n, as the file does).
func indentValue(compact []byte, prefix, unit, newline string) ([]byte, error) {
	if unit == "" {
		return compact, nil
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, compact, prefix, unit); err != nil {
		return nil, err
	}
	if newline != "\n" {
		return bytes.ReplaceAll(buf.Bytes(), []byte("\n"), []byte(newline)), nil
	}
	return buf.Bytes(), nil
}

// newline is the file's line ending: \r\n when its first line ends so, else \n.
func (sc *Scenario) newline() string {
	if i := bytes.IndexByte(sc.Raw, '\n'); i > 0 && sc.Raw[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}
