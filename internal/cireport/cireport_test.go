package cireport

import (
	"bytes"
	"encoding/xml"
	"testing"
)

func TestGitHubEscapes(t *testing.T) {
	// The escapes of GitHub's toolkit: data escapes %, CR and LF; a property also ':' and ','.
	tests := []struct{ in, data, property string }{
		{"a:b,c%d", "a:b,c%25d", "a%3Ab%2Cc%25d"},
		{"line\r\nnext", "line%0D%0Anext", "line%0D%0Anext"},
		{"100%0A", "100%250A", "100%250A"},
		{"::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"},
	}
	for _, tc := range tests {
		if got := GitHubData(tc.in); got != tc.data {
			t.Errorf("GitHubData(%q) = %q, want %q", tc.in, got, tc.data)
		}
		if got := GitHubProperty(tc.in); got != tc.property {
			t.Errorf("GitHubProperty(%q) = %q, want %q", tc.in, got, tc.property)
		}
	}
}

func TestXMLSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain <&> text", "plain <&> text"},
		{"tab\tnewline\ncr\r", "tab\tnewline\ncr\r"},
		{"esc\x1b[31m", "esc\uFFFD[31m"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"\uFFFE", "\uFFFD"},
	}
	for _, tc := range tests {
		if got := XMLSafe(tc.in); got != tc.want {
			t.Errorf("XMLSafe(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestWriteJUnitAttributes pins the optional attributes: time and skipped are written only when
// set, so that validate's report (skipped, no times) and test's (times, no skipped) keep their
// layouts.
func TestWriteJUnitAttributes(t *testing.T) {
	zero := 0
	tests := []struct {
		name   string
		report JUnitSuites
		want   string
	}{
		{"skipped, no times", JUnitSuites{Name: "v", Tests: 1, Suites: []JUnitSuite{{Name: "f.json", Tests: 1, Skipped: &zero,
			Cases: []JUnitCase{{Name: "flow", ClassName: "f.json", SystemOut: &JUnitOutput{Text: "warn\n"}}}}}},
			`<testsuites name="v" tests="1" failures="0" errors="0">
  <testsuite name="f.json" tests="1" failures="0" errors="0" skipped="0">
    <testcase name="flow" classname="f.json">
      <system-out><![CDATA[warn
]]></system-out>
    </testcase>
  </testsuite>
</testsuites>
`},
		{"times, no skipped", JUnitSuites{Name: "t", Tests: 1, Failures: 1, Time: "0.010", Suites: []JUnitSuite{{Name: "s", Tests: 1, Failures: 1, Time: "0.010",
			Cases: []JUnitCase{{Name: "a.json", ClassName: "scenario", Time: "0.002", Failure: &JUnitProblem{Message: "m", Type: "scenario", Text: "x ]]> y"}}}}}},
			`<testsuites name="t" tests="1" failures="1" errors="0" time="0.010">
  <testsuite name="s" tests="1" failures="1" errors="0" time="0.010">
    <testcase name="a.json" classname="scenario" time="0.002">
      <failure message="m" type="scenario"><![CDATA[x ]]]]><![CDATA[> y]]></failure>
    </testcase>
  </testsuite>
</testsuites>
`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteJUnit(&b, tc.report); err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != xml.Header+tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, xml.Header+tc.want)
			}
		})
	}
}
