// Command gendocs writes flowctl's reference documentation; go generate ./flows/docgen runs it.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/flowctl/flowctl/flows/docgen"
)

func main() {
	root := flag.String("root", ".", "the module's root directory")
	out := flag.String("out", "docs/reference", "the directory to write the pages to")
	flag.Parse()
	if err := docgen.Write(*root, *out); err != nil {
		fmt.Fprintf(os.Stderr, "gendocs: %v\n", err)
		os.Exit(1)
	}
}
