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
	schema := flag.String("schema", "", "also write the editors' JSON Schema of flow files to this file")
	flag.Parse()
	if err := docgen.Write(*root, *out); err != nil {
		fmt.Fprintf(os.Stderr, "gendocs: %v\n", err)
		os.Exit(1)
	}
	if *schema != "" {
		s, err := docgen.EditorSchema(*root)
		if err == nil {
			err = os.WriteFile(*schema, s, 0o644)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "gendocs: %v\n", err)
			os.Exit(1)
		}
	}
}
