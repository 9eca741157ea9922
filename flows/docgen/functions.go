package docgen

import (
	"bytes"
	"fmt"
	"time"

	"github.com/flowctl/flowctl/expressions"
)

// exampleNow is the time function examples are evaluated at.
var exampleNow = time.Date(2018, 4, 11, 18, 24, 30, 123456000, time.UTC)

// exampleEnv is the environment function examples are evaluated in: day-first dates, Quito's
// time zone, US phone numbers.
func exampleEnv() (*expressions.Environment, error) {
	quito, err := time.LoadLocation("America/Guayaquil")
	if err != nil {
		return nil, err
	}
	env := expressions.DefaultEnvironment()
	env.DateFormat = "DD-MM-YYYY"
	env.TimeFormat = "tt:mm"
	env.Timezone = quito
	env.DefaultCountry = "US"
	env.AllowedLanguages = []string{"eng", "spa"}
	return env, nil
}

const functionsIntro = `The functions of the @-template language. Each example was evaluated when this page was
generated, in this environment: date format ` + "`DD-MM-YYYY`" + `, time format ` + "`tt:mm`" + `, time zone
` + "`America/Guayaquil`" + `, default country ` + "`US`" + `, now 2018-04-11T18:24:30.123456Z. An example ending in
` + "`ERROR`" + ` evaluates to an error, which a template renders as empty text.

Function names are case-insensitive. Arguments are converted as needed: text to a number, a
number to text, text to a date in the environment's date format, and so on. An argument that is
an error makes the function return that error, except for ` + "`default`, `if`, `is_error` and `has_error`" + `.
`

func functionsPage(_ string, _ *execution) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("# Functions\n\n")
	b.WriteString(generatedNote)
	b.WriteString(functionsIntro)
	var names []string
	for _, name := range expressions.FunctionNames() {
		if !expressions.IsTestName(name) {
			names = append(names, name)
		}
	}
	b.WriteString("\n")
	writeIndex(&b, names)
	b.WriteString("\nRouter tests are functions too: see [router tests](router-tests.md). Format strings: [date and time formats](#date-and-time-formats).\n")
	for _, name := range names {
		if err := writeFunction(&b, name); err != nil {
			return nil, err
		}
	}
	b.WriteString("\n")
	b.WriteString(formatCodesDoc)
	return b.Bytes(), nil
}

func routerTestsPage(_ string, _ *execution) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("# Router tests\n\n")
	b.WriteString(generatedNote)
	b.WriteString(`A switch router's case calls a test with the router's operand first and the case's arguments
after it. A test that matches returns a value that renders as ` + "`true`" + ` and has a ` + "`match`" + `
property (and an ` + "`extra`" + ` object for ` + "`has_pattern`" + ` and the intent tests); one that doesn't
match renders as ` + "`false`" + `. The tests can be called in any expression too, which is how the examples
below were evaluated when this page was generated (in the environment described in
[functions](functions.md)).

`)
	var names []string
	for _, name := range expressions.FunctionNames() {
		if expressions.IsTestName(name) {
			names = append(names, name)
		}
	}
	writeIndex(&b, names)
	for _, name := range names {
		if err := writeFunction(&b, name); err != nil {
			return nil, err
		}
	}
	return b.Bytes(), nil
}

func writeIndex(b *bytes.Buffer, names []string) {
	for i, name := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(b, "[%s](#%s)", name, name)
	}
	b.WriteString("\n")
}

// writeFunction documents a function and evaluates its examples; an example whose result
// differs from the one its documentation states is an error.
func writeFunction(b *bytes.Buffer, name string) error {
	doc, ok := expressions.LookupFunctionDoc(name)
	if !ok || doc.Signature == "" || doc.Summary == "" {
		return fmt.Errorf("function %s has no documentation", name)
	}
	if len(doc.Examples) == 0 {
		return fmt.Errorf("function %s has no examples", name)
	}
	env, err := exampleEnv()
	if err != nil {
		return err
	}
	fmt.Fprintf(b, "\n## %s\n\n`%s`\n\n%s\n\n```\n", name, doc.Signature, doc.Summary)
	for _, ex := range doc.Examples {
		tpl, err := expressions.ParseTemplate(ex.Template)
		if err != nil {
			return fmt.Errorf("%s: example %s doesn't parse: %w", name, ex.Template, err)
		}
		ctx := expressions.NewEvalContext(env, nil)
		ctx.Now = func() time.Time { return exampleNow }
		got, errs := tpl.Render(ctx)
		switch {
		case len(errs) > 0 && !ex.Error:
			return fmt.Errorf("%s: example %s fails: %v", name, ex.Template, errs[0])
		case len(errs) == 0 && ex.Error:
			return fmt.Errorf("%s: example %s gives %q, documented as an error", name, ex.Template, got)
		case len(errs) > 0:
			got = "ERROR"
		case got != ex.Output:
			return fmt.Errorf("%s: example %s gives %q, documented as %q", name, ex.Template, got, ex.Output)
		}
		fmt.Fprintf(b, "%s → %s\n", ex.Template, got)
	}
	b.WriteString("```\n")
	return nil
}

// formatCodesDoc documents the format strings of format_date, format_datetime, format_time,
// parse_datetime and parse_time.
const formatCodesDoc = `## Date and time formats

The format strings of ` + "`format_date`, `format_datetime`, `format_time`, `parse_datetime` and `parse_time`" + `
are made of these codes; the characters space ` + "`:` `,` `T` `-` `_` `/` `.`" + ` stand for themselves and any
other character is an error. Date codes can't be used in a time format nor time codes in a date format.

| code | meaning | code | meaning |
| --- | --- | --- | --- |
| ` + "`YYYY`" + ` | year, four digits | ` + "`h` `hh`" + ` | hour 1-12, zero padded with hh |
| ` + "`YY`" + ` | year, last two digits | ` + "`t` `tt`" + ` | hour 0-23, zero padded with tt |
| ` + "`M` `MM`" + ` | month 1-12, zero padded with MM | ` + "`m` `mm`" + ` | minute, zero padded with mm |
| ` + "`MMM` `MMMM`" + ` | month name, short (Jan) or long (January) | ` + "`s` `ss`" + ` | second, zero padded with ss |
| ` + "`D` `DD`" + ` | day of the month, zero padded with DD | ` + "`fff` `ffffff` `fffffffff`" + ` | milli-, micro- or nanoseconds |
| ` + "`EEE` `EEEE`" + ` | day of the week, short (Mon) or long (Monday) | ` + "`aa` `AA`" + ` | am/pm, AM/PM |
| | | ` + "`Z` `ZZZ`" + ` | offset from UTC (Z writes UTC as Z); datetimes only |

When reading, fractional seconds are accepted after the seconds even if the format doesn't
mention them.
`
