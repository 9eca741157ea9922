package main

import "testing"

// TestRoutingDocExamples runs every command of docs/routing.md with the example files the page
// shows and compares the output with the page's (-update rewrites them).
func TestRoutingDocExamples(t *testing.T) {
	files, commands := runDocExamples(t, "routing.md", "json")
	if files < 4 || commands < 5 {
		t.Fatalf("found %d example files and %d commands in docs/routing.md", files, commands)
	}
}
