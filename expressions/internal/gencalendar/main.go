// Command gencalendar writes calendar_names.json, the month and weekday names of every locale
// of the GNU C library's locale sources, which is where the reference engine's names come from.
// It reads an upstream glibc source tree (-src; its localedata/locales and version.h), not a
// distribution's installed locale sources: Debian's "locales" package patches some locales
// (ku_TR's month names, fr_FR's, zh_TW's...), and the reference's names are upstream's. Run
// through go generate in expressions with GLIBC_SRC set (Debian's glibc source package has the
// upstream tree: apt-get source --download-only glibc, then unpack glibc_*.orig.tar.xz); the
// output is committed, so builds don't need the sources.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// localeName is a locale the names are kept for: a language with a territory, as the reference
// keeps only those. A language's locale without one (eo, syr) isn't among them, so such a
// language writes dates as the nearest language that has one does; variants (@latin, @euro...)
// aren't language tags.
var localeName = regexp.MustCompile(`^[a-z]{2,3}_[A-Z]{2}$`)

// versionLine is where glibc's version.h says which release the tree is.
var versionLine = regexp.MustCompile(`(?m)^#define VERSION "([^"]+)"`)

// calendar is one locale's names, in the order the JSON keeps them.
type calendar struct {
	Months      []string `json:"months"`
	ShortMonths []string `json:"short_months"`
	Days        []string `json:"days"`
	ShortDays   []string `json:"short_days"`
	AmPm        []string `json:"am_pm"`
}

type output struct {
	// Glibc is the release of the GNU C library the names were read from.
	Glibc string `json:"glibc"`
	// Calendars are the distinct sets of names, and Locales the index of each locale's.
	Calendars []calendar     `json:"calendars"`
	Locales   map[string]int `json:"locales"`
}

func main() {
	src := flag.String("src", "", "upstream glibc source tree (with localedata/locales and version.h)")
	out := flag.String("out", "calendar_names.json", "file to write")
	flag.Parse()
	if *src == "" {
		fail(fmt.Errorf("-src is empty: set GLIBC_SRC to an unpacked upstream glibc source tree"))
	}
	version, err := glibcVersion(*src)
	if err != nil {
		fail(err)
	}
	dir := filepath.Join(*src, "localedata", "locales")
	entries, err := os.ReadDir(dir)
	if err != nil {
		fail(err)
	}
	r := &reader{dir: dir, sections: map[string]map[string][]string{}}
	o := output{Glibc: version, Locales: map[string]int{}}
	seen := map[string]int{}
	for _, e := range entries {
		if !localeName.MatchString(e.Name()) {
			continue
		}
		keys, err := r.timeSection(e.Name(), 0)
		if err != nil {
			fail(fmt.Errorf("%s: %w", e.Name(), err))
		}
		c := calendar{Months: keys["mon"], ShortMonths: keys["abmon"], Days: keys["day"], ShortDays: keys["abday"], AmPm: keys["am_pm"]}
		if len(c.Months) != 12 || len(c.ShortMonths) != 12 || len(c.Days) != 7 || len(c.ShortDays) != 7 {
			continue // a locale without a full calendar of its own
		}
		if len(c.AmPm) != 2 || c.AmPm[0] == "" { // as the reference, AM and PM where a locale has none
			c.AmPm = []string{"AM", "PM"}
		}
		b, _ := json.Marshal(c)
		i, ok := seen[string(b)]
		if !ok {
			i = len(o.Calendars)
			seen[string(b)] = i
			o.Calendars = append(o.Calendars, c)
		}
		o.Locales[e.Name()] = i
	}
	b, err := json.Marshal(o)
	if err != nil {
		fail(err)
	}
	tmp := *out + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		fail(err)
	}
	if err := os.Rename(tmp, *out); err != nil {
		fail(err)
	}
	names := make([]string, 0, len(o.Locales))
	for n := range o.Locales {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintf(os.Stderr, "gencalendar: glibc %s, %d locales, %d distinct calendars\n", version, len(names), len(o.Calendars))
}

// glibcVersion reads the release of a glibc source tree from its version.h.
func glibcVersion(src string) (string, error) {
	b, err := os.ReadFile(filepath.Join(src, "version.h"))
	if err != nil {
		return "", fmt.Errorf("%w (-src must be the top of a glibc source tree)", err)
	}
	m := versionLine.FindSubmatch(b)
	if m == nil {
		return "", fmt.Errorf("%s: no #define VERSION line", filepath.Join(src, "version.h"))
	}
	return string(m[1]), nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gencalendar:", err)
	os.Exit(1)
}

type reader struct {
	dir      string
	sections map[string]map[string][]string
}

// timeSection returns the keys of a locale's LC_TIME section, following "copy" to the locale
// it copies.
func (r *reader) timeSection(name string, depth int) (map[string][]string, error) {
	if s, ok := r.sections[name]; ok {
		return s, nil
	}
	if depth > 10 {
		return nil, fmt.Errorf("copy chain too long at %s", name)
	}
	lines, err := logicalLines(filepath.Join(r.dir, name))
	if err != nil {
		return nil, err
	}
	keys := map[string][]string{}
	in := false
	for _, l := range lines {
		f := strings.Fields(l.text)
		if len(f) == 0 {
			continue
		}
		switch {
		case f[0] == "LC_TIME":
			in = true
		case f[0] == "END" && len(f) > 1 && f[1] == "LC_TIME":
			in = false
		case in && f[0] == "copy":
			vals := parseValues(strings.TrimSpace(strings.TrimPrefix(l.text, "copy")), l.escape)
			if len(vals) != 1 {
				return nil, fmt.Errorf("bad copy line %q", l.text)
			}
			copied, err := r.timeSection(vals[0], depth+1)
			if err != nil {
				return nil, err
			}
			for k, v := range copied {
				if _, set := keys[k]; !set {
					keys[k] = v
				}
			}
		case in:
			keys[f[0]] = parseValues(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l.text), f[0])), l.escape)
		}
	}
	r.sections[name] = keys
	return keys, nil
}

type line struct {
	text   string
	escape byte
}

// logicalLines reads a locale source without comments, joining lines continued with the
// escape character, and noting the escape character in force.
func logicalLines(path string) ([]line, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	comment, escape := byte('#'), byte('\\')
	var out []line
	var cur strings.Builder
	quoted := false // within a text when a line is continued
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		t := sc.Text()
		trimmed := strings.TrimSpace(t)
		if cur.Len() == 0 {
			if f := strings.Fields(trimmed); len(f) == 2 && (f[0] == "comment_char" || f[0] == "escape_char") {
				if f[0] == "comment_char" {
					comment = f[1][0]
				} else {
					escape = f[1][0]
				}
				continue
			}
			if trimmed == "" || trimmed[0] == comment {
				continue
			}
		}
		// a line is continued by the escape character at its end, even after a comment; the
		// next line goes on where it stops, inside a text too
		t = strings.TrimRight(t, " \t\r")
		continued := strings.HasSuffix(t, string(escape)) && !strings.HasSuffix(t, string([]byte{escape, escape}))
		if continued {
			t = t[:len(t)-1]
		}
		var part string
		part, quoted = withoutComment(t, comment, escape, quoted)
		cur.WriteString(part)
		if continued {
			continue
		}
		out = append(out, line{strings.TrimSpace(cur.String()), escape})
		cur.Reset()
		quoted = false
	}
	return out, sc.Err()
}

// withoutComment cuts a line at a comment character outside quotes, starting inside a text when
// quoted, and says whether it ends inside one.
func withoutComment(s string, comment, escape byte, quoted bool) (string, bool) {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == escape:
			i++
		case s[i] == '"':
			quoted = !quoted
		case s[i] == comment && !quoted:
			return s[:i], quoted
		}
	}
	return s, quoted
}

// parseValues reads a list of "quoted";"strings" in which <Uxxxx> is a character and the escape
// character makes the next one literal.
func parseValues(s string, escape byte) []string {
	var vals []string
	for i := 0; i < len(s); i++ {
		if s[i] != '"' {
			continue
		}
		var b strings.Builder
		i++
		for ; i < len(s) && s[i] != '"'; i++ {
			switch {
			case s[i] == escape && i+1 < len(s):
				i++
				b.WriteByte(s[i])
			case s[i] == '<' && strings.HasPrefix(s[i:], "<U"):
				end := strings.IndexByte(s[i:], '>')
				if end < 0 {
					b.WriteByte(s[i])
					continue
				}
				if n, err := strconv.ParseUint(s[i+2:i+end], 16, 32); err == nil {
					b.WriteRune(rune(n))
					i += end
					continue
				}
				b.WriteByte(s[i])
			default:
				b.WriteByte(s[i])
			}
		}
		vals = append(vals, b.String())
	}
	return vals
}
