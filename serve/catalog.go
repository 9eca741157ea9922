package serve

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/check"
	"github.com/flowctl/flowctl/flows/draw"
	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/internal/readfile"
)

// Flow is one flow found under the served PATH.
type Flow struct {
	// ID names the flow in the API: a hash of its file and UUID, stable while both are.
	ID   string `json:"id"`
	UUID string `json:"uuid"`
	Name string `json:"name"`
	Type string `json:"type"`
	// File is the flow's file, relative to the served root, with forward slashes.
	File  string `json:"file"`
	Nodes int    `json:"nodes"`
	// Errors and Warnings count the flow's findings.
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`

	path     string
	flow     *flows.Flow
	findings []flows.Finding
}

// FileProblem is a file under PATH that looks like a flow file but can't be read as one.
type FileProblem struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
}

// catalog is what the server found under PATH at its last scan.
type catalog struct {
	root     string // the served folder (the file's folder when PATH is a file)
	flows    []*Flow
	byID     map[string]*Flow
	problems []FileProblem
	files    []string // every file read, absolute
}

// flowID names a flow by file and UUID.
func flowID(rel, uuid string) string {
	sum := sha256.Sum256([]byte(rel + "#" + uuid))
	return hex.EncodeToString(sum[:6])
}

// scan reads PATH: a flow file or export, or a folder searched for *.json the way validate
// searches one (hidden, "_" and dependency folders skipped). Files that hold no flow (assets,
// scenarios, other JSON) are passed over quietly; files that can't be read are problems. Each
// flow's findings are checked against the --assets files. Only regular files inside the root are
// read: a symbolic link out of it is skipped. readOpts reads every file (legacy flows' media URL).
func scan(path string, assets []string, maxSize int64, readOpts read.Options) (*catalog, error) {
	info, err := os.Stat(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("can't serve %s: %v", path, err)
	}
	root := path
	var files []string
	if info.IsDir() {
		err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // an unreadable folder holds nothing to serve
			}
			if d.IsDir() {
				if p != path && flows.SkipFolder(d.Name()) {
					return filepath.SkipDir
				}
				return nil
			}
			name := strings.ToLower(d.Name())
			if strings.HasSuffix(name, ".json") && !strings.HasSuffix(name, ".scenario.json") && !strings.HasSuffix(name, ".desktop.json") &&
				readfile.IsRegular(p, d) && inside(path, p) {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(files)
	} else {
		root = filepath.Dir(path)
		files = []string{path}
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	c := &catalog{root: absRoot, byID: map[string]*Flow{}}

	var workspace *flows.Assets
	if len(assets) > 0 {
		var docs []*read.Document
		for _, a := range assets {
			src, err := readfile.Read(a, maxSize)
			if err != nil {
				return nil, fmt.Errorf("can't read assets file %s: %v", a, err)
			}
			docs = append(docs, read.ReadWith(a, src, readOpts))
		}
		workspace = read.LoadAssets(docs...)
	}
	for _, p := range files {
		abs, _ := filepath.Abs(p)
		c.files = append(c.files, abs)
		rel, err := filepath.Rel(absRoot, abs)
		if err != nil {
			rel = filepath.Base(p)
		}
		rel = filepath.ToSlash(rel)
		src, err := readfile.Read(p, maxSize)
		if err != nil {
			c.problems = append(c.problems, FileProblem{File: rel, Message: err.Error()})
			continue
		}
		doc := read.ReadWith(p, src, readOpts)
		if len(doc.Flows) == 0 {
			// Not a flow file (assets, a routing workflow, package.json...), unless it meant
			// to be one and can't be read: then say where.
			if !info.IsDir() {
				msg := "holds no flows"
				if len(doc.Findings) > 0 {
					f := doc.Findings[0]
					c.problems = append(c.problems, FileProblem{File: rel, Line: f.Line, Column: f.Column, Message: f.Message})
					continue
				}
				c.problems = append(c.problems, FileProblem{File: rel, Message: msg})
			}
			continue
		}
		findings := check.Check(doc, workspace)
		for i, fl := range doc.Flows {
			f := &Flow{ID: flowID(rel, fl.UUID), UUID: fl.UUID, Name: fl.Name, Type: string(fl.Type), File: rel,
				Nodes: len(fl.Nodes), path: p, flow: fl}
			ptr := doc.FlowPointers[i]
			for _, fd := range findings {
				if belongs(fd, fl.UUID, ptr) {
					f.findings = append(f.findings, fd)
					if fd.Severity == flows.SeverityError {
						f.Errors++
					} else {
						f.Warnings++
					}
				}
			}
			if _, dup := c.byID[f.ID]; dup {
				continue
			}
			c.flows = append(c.flows, f)
			c.byID[f.ID] = f
		}
	}
	return c, nil
}

// inside reports whether p, with symbolic links resolved, is inside root: the server serves
// nothing outside PATH.
func inside(root, p string) bool {
	r, err1 := filepath.EvalSymlinks(root)
	q, err2 := filepath.EvalSymlinks(p)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(r, q)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// FlowDetail is a flow with what the page shows before running it: its findings and its graph.
type FlowDetail struct {
	*Flow
	Findings []flows.Finding `json:"findings"`
	// Runnable is false when findings stop the flow (or a flow it reaches) from running;
	// Blocked then lists them as "file:line:col: message [code]".
	Runnable bool          `json:"runnable"`
	Blocked  []string      `json:"blocked,omitempty"`
	Diagram  *draw.Diagram `json:"diagram"`
	SVG      string        `json:"svg"`
}

// belongs reports whether a finding is about the flow with this UUID at this pointer ("" for a
// bare flow file, which holds one flow).
func belongs(fd flows.Finding, uuid, ptr string) bool {
	switch {
	case fd.FlowUUID != "":
		return fd.FlowUUID == uuid
	case ptr == "":
		return true
	}
	return fd.Pointer == ptr || strings.HasPrefix(fd.Pointer, ptr+"/")
}
