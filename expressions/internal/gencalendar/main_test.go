package main

import (
	"os"
	"path/filepath"
	"reflect"
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
