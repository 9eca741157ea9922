package read_test

import (
	"fmt"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
)

func ExampleRead() {
	src := []byte(`{
  "uuid": "8ee8c3e9-43a5-4b58-89d4-4bad0c8e6c23", "name": "Hello", "spec_version": "14.1.0",
  "language": "eng", "type": "messaging",
  "nodes": [{
    "uuid": "f5f3b1d3-0b0b-4c36-9a0b-4c3f1c2a0a01",
    "actions": [{"uuid": "5a5d1f64-3a9b-4d3e-8b6a-1b6d6a9c7e01", "type": "send_mgs", "text": "Hi"}],
    "exits": [{"uuid": "0c4b1f1e-6a55-4f7e-9b1c-2b3c4d5e6f70"}]
  }]
}`)
	doc := read.Read("hello.json", src)
	for _, f := range doc.Findings {
		fmt.Printf("%s:%d:%d: %s[%s]: %s\n", doc.Path, f.Line, f.Column, f.Severity, f.Code, f.Message)
	}
	fmt.Printf("%d flow at %q\n", len(doc.Flows), doc.FlowPointers)
	// Output:
	// hello.json:6:74: error[schema/unknown-action-type]: unknown action type 'send_mgs': did you mean 'send_msg'?
	// 1 flow at [""]
}

func ExampleDocument_Position() {
	doc := read.Read("x.json", []byte("{\n  \"flows\": [\n    {\"uuid\": \"f1\", \"nodes\": []}\n  ]\n}"))
	fmt.Println(doc.Position("/flows/0/nodes"))
	fmt.Println(doc.Position("/flows/0/nodes/3")) // missing: its nearest ancestor
	// Output:
	// 3 29
	// 3 29
}

func ExampleLoadAssets() {
	flow := read.Read("flow.json", []byte(`{"uuid": "f1", "name": "Main", "spec_version": "14.1.0", "nodes": []}`))
	org := read.Read("org.json", []byte(`{"groups": [{"uuid": "0e1b5c5e-7c1d-4a8e-9d1e-1f2a3b4c5d01", "name": "Testers"}]}`))
	assets := read.LoadAssets(flow, org)
	fmt.Println(assets.Get(flows.AssetGroup, "0e1b5c5e-7c1d-4a8e-9d1e-1f2a3b4c5d01").Name, assets.Declared(flows.AssetGroup), assets.Declared(flows.AssetField))
	// Output:
	// Testers true false
}
