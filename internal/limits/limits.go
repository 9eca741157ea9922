// Package limits is the one table of the limits flowctl enforces: on what it reads, on what a run
// or a template may cost, on what flows may hold and on what actions produce. docs/limits.md
// shows the same table, and a test keeps the two in step: each limit's value here comes from the
// constant the code enforces it with, so changing a limit without its documentation fails.
package limits

import (
	"fmt"
	"strconv"

	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/expressions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/flows/simulation"
	"github.com/flowctl/flowctl/internal/jsontree"
	"github.com/flowctl/flowctl/internal/readfile"
	"github.com/flowctl/flowctl/internal/suggest"
	"github.com/flowctl/flowctl/internal/writefile"
	"github.com/flowctl/flowctl/jshooks"
	"github.com/flowctl/flowctl/routing/expr"
	"github.com/flowctl/flowctl/serve"
)

// LineLength is the longest line flowctl reads from standard input (eval -, piped replies of run).
const LineLength = 4 << 20

// Limit is one limit.
type Limit struct {
	// Section groups the limits in the documentation.
	Section string
	// Name says what is limited, as the documentation's table names it.
	Name string
	// Default is the limit's value, as the table shows it.
	Default string
	// Flag is the command-line flag that changes it ("--max-file-size"); empty when it is fixed.
	Flag string
}

// All lists every limit, in the documentation's order.
var All = []Limit{
	{"Input", "size of an input file (flow, export, assets, scenario, contact, session, ...)", readfile.FormatSize(readfile.DefaultMaxSize), "--max-file-size"},
	{"Input", "nesting of a JSON document", levels(read.MaxDepth), ""},
	{"Input", "nesting of a JSON input read by the engine (session, contact, trigger, ...)", levels(jsontree.MaxDepth), ""},
	{"Input", "line read from standard input", readfile.FormatSize(LineLength), ""},
	{"Input", "request body of the serve API", readfile.FormatSize(serve.MaxRequestBody), ""},
	{"Output", "symbolic links followed to the file a write replaces", strconv.Itoa(writefile.MaxLinks), ""},
	{"Run", "time of a run, or of one scenario of a test", simulation.DefaultTimeLimit.String(), "--timeout-run"},
	{"Run", "time the simulation's clock starts at (--now, a scenario's now)", fmt.Sprintf("before year %d", simulation.LatestStart.Year()), ""},
	{"Run", "nodes one sprint visits", strconv.Itoa(engine.MaxStepsPerSprint), ""},
	{"Run", "work of all the evaluations of one sprint (units of the budget)", strconv.Itoa(engine.MaxSprintWork), "--max-sprint-work"},
	{"Run", "response body a webhook call keeps", bytes(engine.MaxResponseBody), ""},
	{"Run", "time of a real HTTP call (run --allow-http, serve)", engine.RealHTTPTimeout.String(), ""},
	{"Run", "redirects a real HTTP call follows (within its origin)", strconv.Itoa(engine.MaxRedirects), ""},
	{"Run", "response read by a real HTTP call", readfile.FormatSize(engine.RealHTTPMaxBody), ""},
	{"Run", "nesting of actions invoking actions (hooks)", strconv.Itoa(engine.MaxInvokeDepth), ""},
	{"Hooks", "CPU time of one call into hook code", jshooks.DefaultTimeout.String(), ""},
	{"Hooks", "memory of hook code's values", readfile.FormatSize(jshooks.DefaultMaxMemory), ""},
	{"Hooks", "nesting of calls in hook code", strconv.Itoa(jshooks.MaxCallDepth), ""},
	{"Expressions", "work of one evaluation (the budget)", units(expressions.DefaultBudget), ""},
	{"Expressions", "nesting of calls while evaluating", strconv.Itoa(expressions.DefaultLimits.MaxDepth), ""},
	{"Expressions", "nesting of an expression", levels(expressions.MaxParseDepth), ""},
	{"Expressions", "operations in one expression", strconv.Itoa(expressions.MaxOperations), ""},
	{"Expressions", "text built by repeat", chars(expressions.MaxRepeatLength), ""},
	{"Expressions", "items of an array", strconv.Itoa(expressions.MaxArrayItems), ""},
	{"Expressions", "significant digits of a number", strconv.Itoa(expressions.MaxNumberDigits), ""},
	{"Expressions", "exponent of a number", strconv.Itoa(expressions.MaxNumberExponent), ""},
	{"Expressions", "nesting of a routing expression", levels(expr.MaxDepth), ""},
	{"Flows", "nodes of a flow", strconv.Itoa(flows.MaxNodesPerFlow), ""},
	{"Flows", "actions of a node", strconv.Itoa(flows.MaxActionsPerNode), ""},
	{"Flows", "exits of a node", strconv.Itoa(flows.MaxExitsPerNode), ""},
	{"Flows", "categories of a router", strconv.Itoa(flows.MaxCategoriesPerNode), ""},
	{"Flows", "cases of a router", strconv.Itoa(flows.MaxCasesPerRouter), ""},
	{"Actions", "contact name", chars(actions.MaxContactName), ""},
	{"Actions", "contact field value", chars(actions.MaxFieldValue), ""},
	{"Actions", "run result value", chars(actions.MaxResultValue), ""},
	{"Actions", "run local value", chars(actions.MaxLocalValue), ""},
	{"Actions", "quick reply text", chars(actions.MaxQuickReplyText), ""},
	{"Actions", "quick reply extra", chars(actions.MaxQuickReplyExtra), ""},
	{"Actions", "webhook URL", chars(actions.MaxWebhookURL), ""},
	{"Actions", "webhook request", bytes(actions.MaxWebhookRequest), ""},
	{"Validate", "names compared for one \"did you mean\"", strconv.Itoa(suggest.MaxComparisons), ""},
}

func levels(n int) string { return strconv.Itoa(n) + " levels" }
func chars(n int) string  { return strconv.Itoa(n) + " characters" }
func bytes(n int) string  { return strconv.Itoa(n) + " bytes" }
func units(n int) string  { return fmt.Sprintf("%d units", n) }
