package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/flowctl/flowctl/expressions"
	"github.com/flowctl/flowctl/internal/jsontree"
	"github.com/flowctl/flowctl/internal/limits"
	"github.com/flowctl/flowctl/internal/readfile"
)

func init() {
	subcommands = append(subcommands, newEvalCmd)
}

func newEvalCmd() *cobra.Command {
	var envFile, contextFile, now string
	var maxSize int64
	cmd := &cobra.Command{
		Use:   "eval [TEMPLATE | -]",
		Short: "Evaluate an @-template",
		Long: `Evaluate an @-template and print what it renders to.

With "-", read one template per line from stdin and print one result per line.
With no argument and a terminal on stdin, prompt for templates interactively.

--env takes goflow environment JSON (date_format, time_format, timezone, ...).
--context takes a JSON object whose keys are the context roots (contact, results, ...):
strings become text, numbers exact decimals, arrays and objects stay arrays and objects,
and an object's "__default__" key gives the value the object renders as, so
{"contact": {"__default__": "Ann", "name": "Ann"}} makes @contact render "Ann".

An evaluation error is printed to stderr and makes the exit status 1.`,
		Example: `  flowctl eval '@(upper("hello") & " " & format_number(1234.5))'
  flowctl eval --env testdata/eval/env.json --context testdata/eval/ctx.json 'Hi @contact.name'
  echo '@(1 + 2)' | flowctl eval -`,
		Args: atMostOne("TEMPLATE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, err := evalContext(envFile, contextFile, now, maxSize)
			if err != nil {
				return err
			}
			out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
			switch {
			case len(args) == 1 && args[0] != "-":
				if !evalOne(ctx, args[0], out, errOut, "", false) {
					return &exitError{code: exitFindings}
				}
				return nil
			case len(args) == 1 || !isTerminal(cmd.InOrStdin()):
				return evalLines(ctx, cmd.InOrStdin(), out, errOut, "")
			default:
				return evalLines(ctx, cmd.InOrStdin(), out, errOut, "> ")
			}
		},
	}
	cmd.Flags().StringVar(&envFile, "env", "", "goflow environment JSON `file`")
	cmd.Flags().StringVar(&contextFile, "context", "", "JSON `file` whose object keys are the context roots")
	cmd.Flags().StringVar(&now, "now", "", "evaluate as if the time were this RFC 3339 `datetime` (for now() and today())")
	addMaxFileSize(cmd.Flags(), &maxSize)
	return cmd
}

func evalContext(envFile, contextFile, now string, maxSize int64) (*expressions.EvalContext, error) {
	env := expressions.DefaultEnvironment()
	if envFile != "" {
		data, err := readfile.Read(envFile, maxSize)
		if err != nil {
			return nil, usageErr("--env: can't read %s: %v", envFile, pathErr(err))
		}
		if env, err = expressions.ReadEnvironment(data); err != nil {
			return nil, usageErr("--env %s%s", envFile, jsonProblem(data, err))
		}
	}
	root := expressions.NewObject()
	if contextFile != "" {
		data, err := readfile.Read(contextFile, maxSize)
		if err != nil {
			return nil, usageErr("--context: can't read %s: %v", contextFile, pathErr(err))
		}
		v, err := expressions.FromJSON(data)
		if err != nil {
			return nil, usageErr("--context %s%s", contextFile, jsonProblem(data, err))
		}
		obj, ok := v.(*expressions.Object)
		if !ok {
			return nil, usageErr("--context %s: expected a JSON object whose keys are the context roots, got %s", contextFile, expressions.KindOf(v))
		}
		root = obj
	}
	ctx := expressions.NewEvalContext(env, root)
	if now != "" {
		t, err := time.Parse(time.RFC3339Nano, now)
		if err != nil {
			return nil, usageErr("--now: %q is not an RFC 3339 datetime such as 2024-05-01T10:30:00Z", now)
		}
		ctx.Now = func() time.Time { return t }
	}
	return ctx, nil
}

// jsonProblem turns an error reading a JSON file into ":line:col: message" when the decoder says
// where it stopped, else ": message".
func jsonProblem(data []byte, err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	offset := int64(-1)
	switch {
	case errors.As(err, &syntax):
		offset = syntax.Offset - 1
	case errors.As(err, &typ):
		offset = typ.Offset - 1
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return ": unexpected end of JSON: the file is empty or cut short"
	}
	if offset < 0 {
		// a value the decoder refused without saying where (a number out of range): find the
		// first one it refuses on its own
		if at := refusedValue(data); at >= 0 {
			line, col := expressions.Position(string(data), at)
			return fmt.Sprintf(":%d:%d: %v", line, col, err)
		}
		return ": " + err.Error()
	}
	line, col := expressions.Position(string(data), int(offset))
	return fmt.Sprintf(":%d:%d: %v", line, col, err)
}

// evalOne renders one template, printing the result or the errors (each after where, which says
// which input it came from); it reports success. With keepLine the result is printed even after
// an error, the failing expressions rendering as empty text, so that output lines stay paired
// with input lines.
func evalOne(ctx *expressions.EvalContext, src string, out, errOut io.Writer, where string, keepLine bool) bool {
	tpl, _ := expressions.ParseTemplate(src)
	result, errs := tpl.Render(ctx)
	for _, e := range errs {
		fmt.Fprintf(errOut, "flowctl: %s%v\n", where, e)
		writeSnippet(errOut, src, e)
	}
	if len(errs) == 0 || keepLine {
		fmt.Fprintln(out, result)
	}
	return len(errs) == 0
}

// writeSnippet shows a one-line template under an error with a marker under the failing
// expression, or under the exact place of a syntax error.
func writeSnippet(w io.Writer, src string, err error) {
	var ee *expressions.EvalError
	if !errors.As(err, &ee) || strings.ContainsAny(src, "\n\r") || len(src) > 200 {
		return
	}
	start, width := ee.Offset, utf8.RuneCountInString(ee.Expression)
	var serr *expressions.SyntaxError
	if errors.As(err, &serr) {
		start, width = serr.Offset, 1
	}
	_, col := expressions.Position(src, start)
	fmt.Fprintf(w, "  %s\n  %s^%s\n", src, strings.Repeat(" ", col-1), strings.Repeat("~", max(width-1, 0)))
}

// maxLine is the longest line read from stdin (eval -, run's piped replies).
const maxLine = limits.LineLength

func evalLines(ctx *expressions.EvalContext, in io.Reader, out, errOut io.Writer, prompt string) error {
	// with a prompt on a terminal, lines are edited and recalled as at run's prompt
	lines := newLineInput(in, out, prompt)
	ok := true
	n := 0 // the line being read
	var err error
	for {
		n++
		var line string
		if line, err = lines.ReadLine(); err != nil {
			break
		}
		if prompt != "" && strings.TrimSpace(line) == "" {
			continue
		}
		where, keepLine := fmt.Sprintf("line %d: ", n), true
		if prompt != "" {
			where, keepLine = "", false
		}
		if !evalOne(ctx, line, out, errOut, where, keepLine) {
			ok = false
		}
	}
	if prompt != "" {
		fmt.Fprintln(out)
	}
	if errors.Is(err, bufio.ErrTooLong) {
		return &exitError{code: 3, err: fmt.Errorf("reading stdin: line %d is longer than %d MiB, the most a template line may be", n, maxLine>>20)}
	} else if err != nil && !errors.Is(err, io.EOF) {
		return &exitError{code: 3, err: fmt.Errorf("reading stdin: %w", err)}
	}
	if !ok && prompt == "" {
		return &exitError{code: exitFindings}
	}
	return nil
}

// isTerminal reports whether r is an interactive terminal, so that `flowctl eval < /dev/null`
// or a redirected file reads templates instead of prompting.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && fileIsTerminal(f)
}

// refusedValue is the offset of the first number in data that expressions.FromJSON refuses on
// its own (or of the first fault jsontree finds, such as a number past float64), or -1.
func refusedValue(data []byte) int {
	root, serr := jsontree.Parse(data)
	if serr != nil {
		return serr.Offset
	}
	var walk func(n *jsontree.Node) int
	walk = func(n *jsontree.Node) int {
		switch n.Kind {
		case jsontree.Number:
			if _, err := expressions.FromJSON(n.Raw()); err != nil {
				return n.Start
			}
		case jsontree.Array:
			for _, it := range n.Items {
				if at := walk(it); at >= 0 {
					return at
				}
			}
		case jsontree.Object:
			for _, m := range n.Members {
				if at := walk(m.Value); at >= 0 {
					return at
				}
			}
		}
		return -1
	}
	return walk(root)
}
