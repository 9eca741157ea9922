package routing

import (
	"sort"

	"github.com/flowctl/flowctl/findings"

	"github.com/flowctl/flowctl/routing/expr"
)

// Severity, Finding and Rule are the project's: routing findings go through the same
// validate pipeline and output formats as those of flows.
type (
	Severity = findings.Severity
	Finding  = findings.Finding
	Rule     = findings.Rule
)

// The severities of findings.
const (
	SeverityError   = findings.SeverityError
	SeverityWarning = findings.SeverityWarning
)

// The finding codes of routing documents. Expression codes come from routing/expr.
const (
	CodeSyntax             = "routing/syntax"
	CodeType               = "routing/type"
	CodeRequired           = "routing/required"
	CodeUnknownKey         = "routing/unknown-key"
	CodeUnknownQueue       = "routing/unknown-queue"
	CodeMissingQueue       = "routing/missing-queue"
	CodeTimeout            = "routing/timeout"
	CodeDefaultTimeout     = "routing/default-filter-timeout"
	CodeKnownWorkerBoth    = "routing/known-worker-both"
	CodeTargetKeyPrefix    = "routing/target-key-prefix"
	CodeFilterWorkerKey    = "routing/filter-worker-key"
	CodePriority           = "routing/priority"
	CodeRange              = "routing/out-of-range"
	CodeTaskOrder          = "routing/task-order"
	CodeOrderBy            = "routing/order-by"
	CodeSkipIfVariable     = "routing/skip-if-variable"
	CodeNoTargets          = "routing/no-targets"
	CodeDuplicate          = "routing/duplicate"
	CodeUnknownActivity    = "routing/unknown-activity"
	CodeTooManyWorkflows   = "routing/too-many-workflows"
	CodeShadowedFilter     = "routing/shadowed-filter"
	CodeNoDefaultFilter    = "routing/no-default-filter"
	CodeUnguaranteed       = "routing/unguaranteed-attribute"
	CodeKnownAgent         = "routing/known-agent"
	CodeNeverMatches       = "routing/never-matches"
	CodeUnreachableTarget  = "routing/unreachable-target"
	CodeDayOfWeek          = "routing/day-of-week"
	CodeUnknownVariable    = "routing/unknown-variable"
	CodeTaskPrefixInFilter = "routing/task-prefix-in-filter"
	CodeQueuePlaceholder   = "routing/queue-placeholder"
	CodeEmptyQueue         = "routing/empty-queue"
)

var rules = []Rule{
	{Code: CodeSyntax, Severity: SeverityError, Summary: "the file (or a configuration held in a string) isn't valid JSON"},
	{Code: CodeType, Severity: SeverityError, Summary: "a key has a value of the wrong JSON type"},
	{Code: CodeRequired, Severity: SeverityError, Summary: "a required key is missing (task_routing, a filter's expression or targets)"},
	{Code: CodeUnknownKey, Severity: SeverityWarning, Summary: "a key TaskRouter doesn't know: likely a typo, and ignored"},
	{Code: CodeUnknownQueue, Severity: SeverityError, Summary: "a target names a queue the workspace doesn't have"},
	{Code: CodeMissingQueue, Severity: SeverityError, Summary: "a filter's first target, or the default filter, has no queue"},
	{Code: CodeTimeout, Severity: SeverityError, Summary: "a target's timeout isn't a positive whole number of seconds"},
	{Code: CodeDefaultTimeout, Severity: SeverityError, Summary: "the default filter has a timeout: it is the last resort and can't time out"},
	{Code: CodeKnownWorkerBoth, Severity: SeverityError, Summary: "a target sets both known_worker_sid and known_worker_friendly_name"},
	{Code: CodeTargetKeyPrefix, Severity: SeverityError, Summary: "a target expression reads a key without task. or worker. in front"},
	{Code: CodeFilterWorkerKey, Severity: SeverityWarning, Summary: "a filter expression reads worker. keys: filters see only the task"},
	{Code: CodePriority, Severity: SeverityError, Summary: "a priority isn't a whole number from 0 to 2,147,483,647"},
	{Code: CodeRange, Severity: SeverityError, Summary: "a number is outside TaskRouter's limits (task_reservation_timeout 1–86,400, max_reserved_workers 1–50)"},
	{Code: CodeTaskOrder, Severity: SeverityError, Summary: "a queue's task_order (or a workspace's prioritize_queue_order) isn't FIFO or LIFO"},
	{Code: CodeOrderBy, Severity: SeverityError, Summary: "order_by isn't a list of worker attributes, each ASC or DESC"},
	{Code: CodeSkipIfVariable, Severity: SeverityWarning, Summary: "skip_if reads something other than workers.available, workers.unavailable or workers.<activity>"},
	{Code: CodeNoTargets, Severity: SeverityError, Summary: "a filter has no targets"},
	{Code: CodeDuplicate, Severity: SeverityError, Summary: "two queues, workers or activities share a SID or name"},
	{Code: CodeUnknownActivity, Severity: SeverityError, Summary: "a worker or queue names an activity the workspace doesn't have"},
	{Code: CodeTooManyWorkflows, Severity: SeverityError, Summary: "a workspace has more than 1,000 workflows"},
	{Code: CodeShadowedFilter, Severity: SeverityWarning, Summary: "a filter can't be reached first because an earlier filter matches every task"},
	{Code: CodeNoDefaultFilter, Severity: SeverityWarning, Summary: "there is no default_filter: a task no filter matches is canceled"},
	{Code: CodeUnguaranteed, Severity: SeverityWarning, Summary: "a target expression reads a task attribute its filter doesn't guarantee"},
	{Code: CodeKnownAgent, Severity: SeverityWarning, Summary: "a target picks one agent by expression: known-agent routing (known_worker_sid) does it directly"},
	{Code: CodeNeverMatches, Severity: SeverityWarning, Summary: "a filter expression is false for every task"},
	{Code: CodeUnreachableTarget, Severity: SeverityWarning, Summary: "a target comes after one without a timeout, so no task reaches it"},
	{Code: CodeDayOfWeek, Severity: SeverityWarning, Summary: "taskrouter.dayOfWeek is compared with something that isn't Mon, Tue, Wed, Thu, Fri, Sat or Sun"},
	{Code: CodeUnknownVariable, Severity: SeverityWarning, Summary: "a taskrouter. variable that doesn't exist"},
	{Code: CodeTaskPrefixInFilter, Severity: SeverityWarning, Summary: "a filter expression writes task. in front of a key; filters read task attributes by their bare names"},
	{Code: CodeQueuePlaceholder, Severity: SeverityWarning, Summary: "a target's queue is a template placeholder, not a queue"},
	{Code: CodeEmptyQueue, Severity: SeverityWarning, Summary: "a queue's target_workers matches no worker of the workspace"},
	{Code: expr.CodeSyntax, Severity: SeverityError, Summary: "an expression can't be read: the finding points at the column inside it"},
	{Code: expr.CodeHyphen, Severity: SeverityError, Summary: "an expression key has a hyphen, which TaskRouter doesn't support"},
	{Code: expr.CodeOddOperator, Severity: SeverityWarning, Summary: "an operator written oddly (\"! =\") that is read as the usual one"},
	{Code: expr.CodeCommaList, Severity: SeverityWarning, Summary: "a comma-separated list after == or a list in parentheses, read as IN [...]"},
	{Code: expr.CodeNotOperator, Severity: SeverityWarning, Summary: "NOT HAS or NOT CONTAINS, which TaskRouter doesn't document"},
}

// Rules lists every routing finding code, sorted by code.
func Rules() []Rule {
	out := append([]Rule(nil), rules...)
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

func severityOf(code string) Severity {
	for _, r := range rules {
		if r.Code == code {
			return r.Severity
		}
	}
	return SeverityError
}
