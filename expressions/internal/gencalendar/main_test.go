package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The locale sources' syntax as glibc reads it: comments after values, lines continued with the
// escape character (inside a text too), <Uxxxx> characters, escaped characters and copy.
func TestTimeSection(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"xx_YY": "comment_char %\nescape_char /\n% a comment\nLC_TIME\n" +
			"abday /\n        \"<U043D><U0434>\"; %nd  /\n        \"b\"\n" +
			"mon   \"<U0643>a /\nb\";\"c//d\"\n" +
			"am_pm \"\";\"\"\nEND LC_TIME\n",
		"zz_ZZ": "LC_TIME\ncopy \"xx_YY\"\nday \"one\";\"two\"\nEND LC_TIME\n",
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := &reader{dir: dir, sections: map[string]map[string][]string{}}
	got, err := r.timeSection("zz_ZZ", 0)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"abday": {"нд", "b"},
		"mon":   {"كa b", "c/d"},
		"am_pm": {"", ""},
		"day":   {"one", "two"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("timeSection = %q, want %q", got, want)
	}
}

// The reference keeps a locale's names only when the locale is a language with a territory.
func TestLocaleName(t *testing.T) {
	for name, want := range map[string]bool{
		"cs_CZ": true, "ber_MA": true, "eo": false, "syr": false, "sr_RS@latin": false,
		"en_US.UTF-8": false, "i18n": false, "translit_combining": false,
	} {
		if got := localeName.MatchString(name); got != want {
			t.Errorf("localeName.MatchString(%q) = %v, want %v", name, got, want)
		}
	}
}

// The release comes from the tree's version.h, and a directory that isn't a glibc tree is
// refused with a message that says what -src should be.
func TestGlibcVersion(t *testing.T) {
	dir := t.TempDir()
	if _, err := glibcVersion(dir); err == nil || !strings.Contains(err.Error(), "glibc source tree") {
		t.Errorf("glibcVersion(empty dir) error = %v, want one naming a glibc source tree", err)
	}
	src := "/* This file just defines the current version number of libc.  */\n\n#define RELEASE \"stable\"\n#define VERSION \"2.41\"\n"
	if err := os.WriteFile(filepath.Join(dir, "version.h"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := glibcVersion(dir); err != nil || got != "2.41" {
		t.Errorf("glibcVersion = %q, %v, want 2.41", got, err)
	}
}
