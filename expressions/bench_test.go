package expressions

import "testing"

const benchTemplate = `Hello @string1, @thing.foo is @(int1 + 2) @@here with @(upper(words))`

// benchContext is the small context the benchmarks render in; upper is the registered built-in.
func benchContext() *EvalContext {
	root := NewObject().
		Set("string1", Text("foo")).
		Set("int1", testNum("10")).
		Set("words", Text("one two three")).
		Set("thing", NewObject().Set("foo", Text("bar")).Set("zed", testNum("123")))
	return NewEvalContext(DefaultEnvironment(), root)
}

func checkBench(b *testing.B, got string, errs []error) {
	if want := "Hello foo, bar is 12 @here with ONE TWO THREE"; got != want || len(errs) > 0 {
		b.Fatalf("got %q, %v; want %q", got, errs, want)
	}
}

// BenchmarkParseAndEvaluate parses without the cache each time, as a first use of a template does.
func BenchmarkParseAndEvaluate(b *testing.B) {
	ctx := benchContext()
	b.ReportAllocs()
	for b.Loop() {
		got, errs := parseTemplate(benchTemplate).Render(ctx)
		checkBench(b, got, errs)
	}
}

// BenchmarkEvaluate renders a pre-parsed template, as every later use does.
func BenchmarkEvaluate(b *testing.B) {
	ctx := benchContext()
	tpl, err := ParseTemplate(benchTemplate)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		got, errs := tpl.Render(ctx)
		checkBench(b, got, errs)
	}
}

// BenchmarkEvaluateCached looks the template up in the parse cache and renders it.
func BenchmarkEvaluateCached(b *testing.B) {
	ctx := benchContext()
	b.ReportAllocs()
	for b.Loop() {
		got, errs := EvaluateTemplate(ctx, benchTemplate)
		checkBench(b, got, errs)
	}
}
