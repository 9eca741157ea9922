package validate

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/flowctl/flowctl/findings"
)

// Group merges the findings of one file that report the same problem (same severity, code and
// message) in different places into one finding whose Places list them all, in the order they
// came; each finding gets its Count and Fingerprint. Findings keep the order of their first
// places. A field missing from the export's list and read in twenty templates is one problem to
// fix, not twenty.
func Group(fs []findings.Finding) []findings.Finding {
	type key struct {
		sev           findings.Severity
		code, message string
	}
	index := make(map[key]int, len(fs))
	out := make([]findings.Finding, 0, len(fs))
	for _, f := range fs {
		k := key{f.Severity, f.Code, f.Message}
		i, seen := index[k]
		if !seen {
			index[k] = len(out)
			places := f.Places
			if len(places) == 0 {
				places = []findings.Place{f.First()}
			}
			f.Places = append([]findings.Place(nil), places...)
			out = append(out, f)
			continue
		}
		out[i].Places = append(out[i].Places, f.AllPlaces()...)
	}
	for i := range out {
		out[i].Count = len(out[i].Places)
		out[i].Fingerprint = Fingerprint(&out[i])
	}
	return out
}

// Fingerprint identifies a problem within its file across runs: its code and message, which say
// nothing of lines, so that edits elsewhere in the file don't change it.
func Fingerprint(f *findings.Finding) string {
	return hash(f.Code + "\x00" + f.Message)
}

// PlaceKey identifies a place across runs: the flow, node and action it is in and the pointer
// below the innermost of them, so that neither moving lines nor reordering nodes changes it.
func PlaceKey(p findings.Place) string {
	tail := p.Pointer
	for _, step := range []struct{ id, seg string }{{p.ActionUUID, "/actions/"}, {p.NodeUUID, "/nodes/"}, {p.FlowUUID, "/flows/"}} {
		if step.id == "" {
			continue
		}
		if i := strings.LastIndex(tail, step.seg); i >= 0 {
			rest := tail[i+len(step.seg):]
			j := strings.IndexByte(rest, '/')
			if j < 0 {
				j = len(rest)
			}
			tail = rest[j:]
			break
		}
	}
	return hash(p.FlowUUID + "\x00" + p.NodeUUID + "\x00" + p.ActionUUID + "\x00" + tail)
}

func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}
