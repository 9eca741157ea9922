package flows

import "testing"

func TestSkipFolder(t *testing.T) {
	for name, want := range map[string]bool{
		".git": true, ".vscode": true, "_fixtures": true, "node_modules": true, "vendor": true,
		"flows": false, "testdata": false, "scenarios": false, "my_flows": false, "vendors": false,
	} {
		if got := SkipFolder(name); got != want {
			t.Errorf("SkipFolder(%q) = %v, want %v", name, got, want)
		}
	}
}
