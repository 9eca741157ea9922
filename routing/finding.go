package routing

import (
	"sort"

	"github.com/flowctl/flowctl/routing/expr"
)

// Severity says whether a finding fails validation (error) or only informs (warning).
type Severity string

// The severities of findings.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Finding is one problem in a routing document: a stable code (routing/...), a message, where
// (1-based line and byte column, and a JSON pointer). Inside a configuration held in a JSON
// string, the pointer continues into the decoded configuration.
type Finding struct {
	Severity Severity `json:"severity"`
	Code     string   `json:"code"`
	Message  string   `json:"message"`
	Line     int      `json:"line"`
	Column   int      `json:"column"`
	Pointer  string   `json:"pointer"`
}

// Rule describes a finding code for the reference and for SARIF.
type Rule struct {
	Code     string
	Severity Severity
	Summary  string
}

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
	{CodeSyntax, SeverityError, "the file (or a configuration held in a string) isn't valid JSON"},
	{CodeType, SeverityError, "a key has a value of the wrong JSON type"},
	{CodeRequired, SeverityError, "a required key is missing (task_routing, a filter's expression or targets)"},
	{CodeUnknownKey, SeverityWarning, "a key TaskRouter doesn't know: likely a typo, and ignored"},
	{CodeUnknownQueue, SeverityError, "a target names a queue the workspace doesn't have"},
	{CodeMissingQueue, SeverityError, "a filter's first target, or the default filter, has no queue"},
	{CodeTimeout, SeverityError, "a target's timeout isn't a positive whole number of seconds"},
	{CodeDefaultTimeout, SeverityError, "the default filter has a timeout: it is the last resort and can't time out"},
	{CodeKnownWorkerBoth, SeverityError, "a target sets both known_worker_sid and known_worker_friendly_name"},
	{CodeTargetKeyPrefix, SeverityError, "a target expression reads a key without task. or worker. in front"},
	{CodeFilterWorkerKey, SeverityWarning, "a filter expression reads worker. keys: filters see only the task"},
	{CodePriority, SeverityError, "a priority isn't a whole number from 0 to 2,147,483,647"},
	{CodeRange, SeverityError, "a number is outside TaskRouter's limits (task_reservation_timeout 1–86,400, max_reserved_workers 1–50)"},
	{CodeTaskOrder, SeverityError, "a queue's task_order (or a workspace's prioritize_queue_order) isn't FIFO or LIFO"},
	{CodeOrderBy, SeverityError, "order_by isn't a list of worker attributes, each ASC or DESC"},
	{CodeSkipIfVariable, SeverityWarning, "skip_if reads something other than workers.available, workers.unavailable or workers.<activity>"},
	{CodeNoTargets, SeverityError, "a filter has no targets"},
	{CodeDuplicate, SeverityError, "two queues, workers or activities share a SID or name"},
	{CodeUnknownActivity, SeverityError, "a worker or queue names an activity the workspace doesn't have"},
	{CodeTooManyWorkflows, SeverityError, "a workspace has more than 1,000 workflows"},
	{CodeShadowedFilter, SeverityWarning, "a filter can't be reached first because an earlier filter matches every task"},
	{CodeNoDefaultFilter, SeverityWarning, "there is no default_filter: a task no filter matches is canceled"},
	{CodeUnguaranteed, SeverityWarning, "a target expression reads a task attribute its filter doesn't guarantee"},
	{CodeKnownAgent, SeverityWarning, "a target picks one agent by expression: known-agent routing (known_worker_sid) does it directly"},
	{CodeNeverMatches, SeverityWarning, "a filter expression is false for every task"},
	{CodeUnreachableTarget, SeverityWarning, "a target comes after one without a timeout, so no task reaches it"},
	{CodeDayOfWeek, SeverityWarning, "taskrouter.dayOfWeek is compared with something that isn't Mon, Tue, Wed, Thu, Fri, Sat or Sun"},
	{CodeUnknownVariable, SeverityWarning, "a taskrouter. variable that doesn't exist"},
	{CodeTaskPrefixInFilter, SeverityWarning, "a filter expression writes task. in front of a key; filters read task attributes by their bare names"},
	{CodeQueuePlaceholder, SeverityWarning, "a target's queue is a template placeholder, not a queue"},
	{CodeEmptyQueue, SeverityWarning, "a queue's target_workers matches no worker of the workspace"},
	{expr.CodeSyntax, SeverityError, "an expression can't be read: the finding points at the column inside it"},
	{expr.CodeHyphen, SeverityError, "an expression key has a hyphen, which TaskRouter doesn't support"},
	{expr.CodeOddOperator, SeverityWarning, "an operator written oddly (\"! =\") that is read as the usual one"},
	{expr.CodeCommaList, SeverityWarning, "a comma-separated list after == or a list in parentheses, read as IN [...]"},
	{expr.CodeNotOperator, SeverityWarning, "NOT HAS or NOT CONTAINS, which TaskRouter doesn't document"},
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
