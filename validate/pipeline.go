package validate

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/flowctl/flowctl/findings"
)

// Options configure a run of the pipeline.
type Options struct {
	// Kinds are the kinds of document, asked in order whether they read a file; the last one
	// should claim everything.
	Kinds []Kind
	// Workers is how many files are checked at once; 0 means one per CPU.
	Workers int
	// InFlight bounds the bytes of the files checked at once (0: DefaultInFlight(Workers)); a
	// larger file is checked alone. See admission.
	InFlight int64
	// Alone is the size above which a file is checked alone, between collections (0:
	// DefaultAlone; never more than InFlight).
	Alone int64
	// LimitMemory has the run keep the Go runtime's soft memory limit in step with the files in
	// flight, so that its peak doesn't grow with the number of files (see memoryLimit). The
	// limit is the process's: a program that runs other work alongside leaves it unset.
	LimitMemory bool
	// Filter picks the findings reported; nil reports all.
	Filter *Filter
	// Baseline hides known findings; nil hides none.
	Baseline *Baseline
	// Record, when set, receives every finding the filter keeps (the baseline is not applied):
	// --write-baseline.
	Record *BaselineWriter
	// Read reads a file; nil means os.ReadFile.
	Read func(path string) ([]byte, error)
	// Problems are what couldn't be read before the run (missing paths, empty folders).
	Problems []string
	// OnProblem is told, in order, of each file that can't be read.
	OnProblem func(msg string)
	// Progress is told how many files have been written so far.
	Progress func(done int)
	// Extra are files checked beforehand (the --assets files' own errors), written after the
	// others; they are grouped, filtered and placed like them.
	Extra []*File
}

// Summary counts what a run reported.
type Summary struct {
	Files    int `json:"files"`
	Flows    int `json:"flows"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	// Places counts the places of the findings reported (a finding occurs in one or more).
	Places int `json:"places"`
	// Hidden counts the findings the baseline hid.
	Hidden int `json:"baselined,omitempty"`
	// Problems are the messages of what couldn't be read.
	Problems []string `json:"-"`
	// Codes counts the findings of each code, most severe and most frequent first.
	Codes []CodeCount `json:"-"`
	codes map[string]*CodeCount
	// added counts the files added, each code's lastFile the last of them it was found in: no
	// set of files is kept
	added int
}

// CodeCount is how often one code was reported.
type CodeCount struct {
	Code     string            `json:"code"`
	Severity findings.Severity `json:"severity"`
	Findings int               `json:"findings"`
	Places   int               `json:"places"`
	Files    int               `json:"files"`
	lastFile int
}

// Failed reports whether the run found errors or couldn't read something.
func (s *Summary) Failed() bool { return s.Errors > 0 || len(s.Problems) > 0 }

func (s *Summary) add(f *File) {
	if f.Err != "" {
		s.Problems = append(s.Problems, f.Err)
		return
	}
	s.added++
	s.Files++
	s.Flows += len(f.Units)
	if s.codes == nil {
		s.codes = map[string]*CodeCount{}
	}
	for _, fd := range f.Findings {
		if fd.Severity == findings.SeverityError {
			s.Errors++
		} else {
			s.Warnings++
		}
		n := max(1, fd.Count)
		s.Places += n
		key := string(fd.Severity) + " " + fd.Code
		c := s.codes[key]
		if c == nil {
			c = &CodeCount{Code: fd.Code, Severity: fd.Severity}
			s.codes[key] = c
		}
		c.Findings++
		c.Places += n
		// a code counts a file when it first meets it there
		if c.Files == 0 || c.lastFile != s.added {
			c.lastFile = s.added
			c.Files++
		}
	}
}

func (s *Summary) finish() {
	s.Codes = s.Codes[:0]
	for _, c := range s.codes {
		s.Codes = append(s.Codes, *c)
	}
	sortCodes(s.Codes)
}

// result is a file on its way from a worker to the writer.
type result struct {
	file     *File
	rendered []byte
	hidden   int
}

// Run checks the files at paths with the kinds of o, in parallel, and writes the findings in the
// order of paths through format to w as each file is done: memory holds the files being checked
// and those waiting for an earlier one, never the whole run. It returns what was reported; an
// error only when w fails.
func Run(w io.Writer, format Format, paths []string, o Options) (*Summary, error) {
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	sum := &Summary{Problems: append([]string(nil), o.Problems...)}
	if err := format.Begin(w); err != nil {
		return sum, err
	}
	// At most window files are between being picked up and being written: the slowest file
	// holds back the writing of those after it, and this bounds what they keep in memory. File i
	// goes through slot i%window, which file i-window has left by then (its token came back only
	// once it was written), so the reorder buffer doesn't grow with the number of files.
	window := min(4*workers, max(len(paths), 1))
	slots := make([]chan result, window)
	for i := range slots {
		slots[i] = make(chan result, 1)
	}
	tokens := make(chan struct{}, window)
	jobs := make(chan int)
	go func() {
		for i := range paths {
			tokens <- struct{}{}
			jobs <- i
		}
		close(jobs)
	}()
	adm := newAdmission(cmp.Or(o.InFlight, DefaultInFlight(workers)), cmp.Or(o.Alone, DefaultAlone))
	if o.LimitMemory {
		adm.memory = newMemoryLimit()
		adm.memory.follow(0)
		defer adm.memory.restore()
	}
	for range workers {
		go func() {
			for i := range jobs {
				slots[i%window] <- o.process(format, paths[i], i, adm)
			}
		}()
	}
	if o.Progress != nil {
		o.Progress(0)
	}
	var werr error
	for i := range paths {
		r := <-slots[i%window]
		<-tokens
		if werr == nil {
			werr = o.write(w, format, sum, r)
		}
		if o.Progress != nil {
			o.Progress(i + 1)
		}
	}
	for j, f := range o.Extra {
		f.Index = len(paths) + j
		r := o.finish(format, f)
		if werr == nil {
			werr = o.write(w, format, sum, r)
		}
	}
	if werr != nil {
		return sum, werr
	}
	sum.finish()
	return sum, format.End(w, sum)
}

// process reads and checks one file and renders its output, once adm lets it in.
func (o *Options) process(format Format, path string, index int, adm *admission) (r result) {
	var held int64
	entered := false
	defer func() {
		if !entered { // a file that can't be read still takes its turn
			adm.enter(index, 0)
		}
		adm.leave(held)
	}()
	defer func() {
		// A bug in a kind or a format must not take the whole run down.
		if p := recover(); p != nil {
			r = result{file: &File{Path: path, Index: index, Err: fmt.Sprintf("internal error validating %s: %v (please report it with the file)", path, p)}}
		}
	}()
	// A file is let in by its size on disk before it is read: read first, it would wait for its
	// turn holding its bytes, so that a large export checked alone would share the heap with
	// the next one, read and waiting (the peak of a folder of large exports grew by the size
	// of one from its second file on). Only what isn't a regular file is read to be measured.
	if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() {
		held = info.Size()
		adm.enter(index, held)
		entered = true
	}
	read := o.Read
	if read == nil {
		read = os.ReadFile
	}
	src, err := read(path)
	if err != nil {
		return result{file: &File{Path: path, Index: index, Err: fmt.Sprintf("can't read %s: %v", path, pathErr(err))}}
	}
	if !entered {
		held = int64(len(src))
		adm.enter(index, held)
		entered = true
	}
	var f *File
	for _, k := range o.Kinds {
		if k.Claims(path, src) {
			f = k.Check(path, src)
			break
		}
	}
	if f == nil {
		return result{file: &File{Path: path, Index: index, Err: fmt.Sprintf("can't read %s: no kind of document flowctl knows", path)}}
	}
	f.Path, f.Index = path, index
	return o.finish(format, f)
}

// finish filters, groups, baselines and renders a checked file.
func (o *Options) finish(format Format, f *File) result {
	kept := f.Findings[:0]
	for _, fd := range f.Findings {
		if o.Filter.Keep(&fd) {
			kept = append(kept, fd)
		}
	}
	f.Findings = Group(kept)
	hidden := 0
	if o.Record == nil {
		hidden = o.Baseline.Apply(f)
	}
	if f.Lines == nil && f.Src != nil {
		f.Lines = findings.NewLines(f.Src)
	}
	r := result{file: f, rendered: format.Render(f), hidden: hidden}
	f.Src, f.Lines = nil, nil
	return r
}

// write hands one file to the format, in order, and counts it.
func (o *Options) write(w io.Writer, format Format, sum *Summary, r result) error {
	f := r.file
	if f.Err != "" && o.OnProblem != nil {
		o.OnProblem(f.Err)
	}
	if o.Record != nil && f.Err == "" {
		o.Record.Add(f)
	}
	sum.add(f)
	sum.Hidden += r.hidden
	return format.Write(w, f, r.rendered)
}
