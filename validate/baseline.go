package validate

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/flowctl/flowctl/findings"
)

// A baseline records the findings a project has accepted for now, so that validate reports only
// new ones: JSON has no comments to silence a finding inline, and a large export's findings
// can't all be fixed before CI is turned on. Each finding is known by its fingerprint (code and
// message) and each of its places by PlaceKey, so moving lines or nodes changes nothing, while a
// new place of a known problem (one more template reading a missing field) is reported.
//
// The file is JSON, sorted, with paths relative to its own folder, so that it reviews well in a
// pull request and works from any working directory.

// baselineVersion is the format version written in the file; Load refuses others.
const baselineVersion = 1

type baselineFile struct {
	Version int                `json:"flowctl_baseline"`
	Files   []baselineFileItem `json:"files"`
}

type baselineFileItem struct {
	Path     string            `json:"path"`
	Findings []baselineFinding `json:"findings"`
}

type baselineFinding struct {
	Code        string   `json:"code"`
	Message     string   `json:"message"`
	Fingerprint string   `json:"fingerprint"`
	Places      []string `json:"places"`
}

// Baseline is a loaded baseline: per file, per fingerprint, the keys of the known places.
type Baseline struct {
	files map[string]map[string]map[string]bool
}

// LoadBaseline reads a baseline file.
func LoadBaseline(path string) (*Baseline, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var bf baselineFile
	if err := json.Unmarshal(src, &bf); err != nil {
		return nil, fmt.Errorf("%s is not a flowctl baseline: %v", path, err)
	}
	if bf.Version != baselineVersion {
		return nil, fmt.Errorf("%s is not a flowctl baseline of version %d (\"flowctl_baseline\": %d): write it again with --write-baseline", path, baselineVersion, bf.Version)
	}
	dir := filepath.Dir(path)
	b := &Baseline{files: map[string]map[string]map[string]bool{}}
	for _, fi := range bf.Files {
		abs := absPath(filepath.Join(dir, filepath.FromSlash(fi.Path)))
		byFP := b.files[abs]
		if byFP == nil {
			byFP = map[string]map[string]bool{}
			b.files[abs] = byFP
		}
		for _, f := range fi.Findings {
			places := byFP[f.Fingerprint]
			if places == nil {
				places = map[string]bool{}
				byFP[f.Fingerprint] = places
			}
			for _, p := range f.Places {
				places[p] = true
			}
		}
	}
	return b, nil
}

func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return filepath.Clean(abs)
	}
	return filepath.Clean(p)
}

// Apply removes from a file's (grouped) findings those the baseline knows, and the known places
// of the others; it returns how many findings it hid entirely.
func (b *Baseline) Apply(f *File) (hidden int) {
	if b == nil {
		return 0
	}
	known := b.files[absPath(f.Path)]
	if known == nil {
		return 0
	}
	out := f.Findings[:0]
	for _, fd := range f.Findings {
		places := known[fd.Fingerprint]
		if places == nil {
			out = append(out, fd)
			continue
		}
		var fresh []findings.Place
		for _, p := range fd.AllPlaces() {
			if !places[PlaceKey(p)] {
				fresh = append(fresh, p)
			}
		}
		if len(fresh) == 0 {
			hidden++
			continue
		}
		fd.Places = fresh
		fd.Count = len(fresh)
		fd.SetFirst(fresh[0])
		out = append(out, fd)
	}
	f.Findings = out
	return hidden
}

// BaselineWriter collects the findings of a run to write them as a baseline.
type BaselineWriter struct {
	files []baselineFileItem
}

// Add records a file's (grouped) findings.
func (w *BaselineWriter) Add(f *File) {
	if len(f.Findings) == 0 {
		return
	}
	item := baselineFileItem{Path: absPath(f.Path)}
	for _, fd := range f.Findings {
		bf := baselineFinding{Code: fd.Code, Message: fd.Message, Fingerprint: fd.Fingerprint}
		seen := map[string]bool{}
		for _, p := range fd.AllPlaces() {
			if k := PlaceKey(p); !seen[k] {
				seen[k] = true
				bf.Places = append(bf.Places, k)
			}
		}
		sort.Strings(bf.Places)
		item.Findings = append(item.Findings, bf)
	}
	sort.Slice(item.Findings, func(i, j int) bool {
		a, b := item.Findings[i], item.Findings[j]
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Fingerprint < b.Fingerprint
	})
	w.files = append(w.files, item)
}

// Count returns how many findings have been recorded.
func (w *BaselineWriter) Count() int {
	n := 0
	for _, f := range w.files {
		n += len(f.Findings)
	}
	return n
}

// Marshal returns the baseline as it is to be written at path (paths are made relative to its
// folder). Write it whole (a temporary file, then a rename): a failure must never leave half a
// baseline.
func (w *BaselineWriter) Marshal(path string) ([]byte, error) {
	dir := filepath.Dir(absPath(path))
	bf := baselineFile{Version: baselineVersion, Files: []baselineFileItem{}}
	for _, f := range w.files {
		rel, err := filepath.Rel(dir, f.Path)
		if err != nil {
			rel = f.Path
		}
		f.Path = filepath.ToSlash(rel)
		bf.Files = append(bf.Files, f)
	}
	sort.Slice(bf.Files, func(i, j int) bool { return bf.Files[i].Path < bf.Files[j].Path })
	out, err := json.MarshalIndent(bf, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}
