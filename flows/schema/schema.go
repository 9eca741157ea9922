// Package schema holds the JSON Schema of flow files for editors: every action type with its
// fields (types, required ones, allowed values, limits and descriptions), routers, cases, waits
// and exits, so that an editor completes `send_msg` fields and flags mistakes as they are typed.
// `flowctl schema` prints it. It is generated from the code (the action registry, the model's
// struct tags and doc comments) by `go generate ./flows/docgen`, and a test validates every flow
// of the project's testdata against it.
//
// validate's schema layer applies a smaller schema of its own (flows/check), which holds flows
// only to what the reference engine requires: this one is stricter, as an editor's should be
// (it flags unknown properties, which the engine ignores).
package schema

import _ "embed"

// JSON is the schema (JSON Schema draft-07, which editors support best).
//
//go:embed flow.schema.json
var JSON []byte
