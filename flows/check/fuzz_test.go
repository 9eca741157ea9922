package check

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/flowctl/flowctl/flows/read"
)

// FuzzCheck reads and checks arbitrary bytes: it must never panic (an internal/ finding would
// show one), and findings must come sorted by position with known codes. Seeds are the validate
// test files; new failing inputs land in testdata/fuzz/FuzzCheck.
func FuzzCheck(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "validate", "*", "*.json"))
	for _, p := range seeds {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src)
		}
	}
	f.Add(bigFlow(5))
	f.Fuzz(func(t *testing.T, src []byte) {
		fs := Check(read.Read("fuzz.json", src), nil)
		if !sort.SliceIsSorted(fs, func(i, j int) bool {
			return fs[i].Line < fs[j].Line || fs[i].Line == fs[j].Line && fs[i].Column < fs[j].Column
		}) {
			t.Errorf("findings not sorted by position")
		}
		for _, fd := range fs {
			if strings.HasPrefix(fd.Code, "internal/") {
				t.Fatalf("%s: %s", fd.Code, fd.Message)
			}
			if _, ours := rules[fd.Code]; !ours && read.Codes[fd.Code] == "" {
				t.Errorf("undocumented code %s", fd.Code)
			}
		}
	})
}
