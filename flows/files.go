package flows

import "strings"

// SkipFolder says which folders a search for flow or scenario files passes over: hidden ones
// (.git, .vscode), ones starting with "_" (which the go tool ignores too, so test fixtures that
// fail on purpose can live there), and dependency trees, which hold JSON that is never a flow.
func SkipFolder(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "node_modules" || name == "vendor"
}
