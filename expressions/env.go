package expressions

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp/syntax"
	"strings"
	"time"
)

// NumberFormat says how format_number and friends write numbers for people.
type NumberFormat struct {
	DecimalSymbol       string `json:"decimal_symbol"`
	DigitGroupingSymbol string `json:"digit_grouping_symbol"`
}

// Environment holds the settings that change how values are parsed and formatted: it is read from
// goflow environment JSON.
type Environment struct {
	// DateFormat is a goflow date layout: DD-MM-YYYY, MM-DD-YYYY or YYYY-MM-DD (also with / or .).
	DateFormat string
	// TimeFormat is a goflow time layout such as tt:mm, tt:mm:ss, hh:mm aa.
	TimeFormat string
	// Timezone is where datetimes are shown and where dates without a zone are placed.
	Timezone *time.Location
	// DefaultCountry is an ISO 3166-1 alpha-2 code used to read local phone numbers, "" if unset.
	DefaultCountry string
	// AllowedLanguages are ISO 639-3 codes, the first being the default language.
	AllowedLanguages []string
	// ContactLanguage, when set, is the default language instead of the first allowed one: a
	// run's environment takes it from a contact whose language is allowed. It is never read
	// from environment JSON (whose default_language key the reference ignores).
	ContactLanguage string
	// NumberFormat says how numbers are formatted.
	NumberFormat NumberFormat
	// RedactionPolicy is "none" or "urns" (URNs are hidden from templates).
	RedactionPolicy string
	// InputCollation is how text tests compare input: "default", "confusables" or "arabic_variants".
	InputCollation string
	// ObfuscationKey keys the contact references (@contact.ref) made from contact ids; nil
	// means the reference's default key.
	ObfuscationKey *[4]uint32
	// LLMPrompts are the named LLM instructions prompt() returns, Go text templates that read
	// their arguments as {{ .arg1 }}, {{ .arg2 }}...; nil means DefaultLLMPrompts. Like
	// goflow's, they are given by whoever runs flows rather than read from environment JSON.
	LLMPrompts map[string]string
}

// The date and time layouts an environment may use.
var (
	dateFormats = []string{"DD-MM-YYYY", "MM-DD-YYYY", "YYYY-MM-DD", "DD/MM/YYYY", "MM/DD/YYYY", "YYYY/MM/DD", "DD.MM.YYYY", "MM.DD.YYYY", "YYYY.MM.DD"}
	timeFormats = []string{"tt:mm", "tt:mm:ss", "hh:mm", "hh:mm:ss", "h:mm", "h:mm:ss", "hh:mm aa", "hh:mm:ss aa", "h:mm aa", "h:mm:ss aa", "tt:mm:ss.fff", "tt:mm:ss.ffffff"}
)

// DefaultEnvironment returns the environment used when none is given: ISO dates, 24-hour times,
// UTC, no default country, "." decimals and "," grouping.
func DefaultEnvironment() *Environment {
	return &Environment{
		DateFormat:      "YYYY-MM-DD",
		TimeFormat:      "tt:mm",
		Timezone:        time.UTC,
		NumberFormat:    NumberFormat{DecimalSymbol: ".", DigitGroupingSymbol: ","},
		RedactionPolicy: "none",
		InputCollation:  "default",
	}
}

type environmentJSON struct {
	DateFormat       *string  `json:"date_format"`
	TimeFormat       *string  `json:"time_format"`
	Timezone         *string  `json:"timezone"`
	DefaultCountry   *string  `json:"default_country"`
	AllowedLanguages []string `json:"allowed_languages"`
	// read so that older environments with it are accepted; the reference ignores it (its
	// default language is the first allowed one)
	DefaultLanguage *string       `json:"default_language"`
	NumberFormat    *NumberFormat `json:"number_format"`
	RedactionPolicy *string       `json:"redaction_policy"`
	InputCollation  *string       `json:"input_collation"`
	ObfuscationKey  []int64       `json:"obfuscation_key"`
	// read so that goflow environments with these keys are accepted
	MaxValueLength *int `json:"max_value_length"`
}

// ReadEnvironment reads goflow environment JSON; missing keys take their defaults and JSON null
// means the default environment.
func ReadEnvironment(data []byte) (*Environment, error) {
	env := DefaultEnvironment()
	var raw *environmentJSON
	if err := json.Unmarshal(data, &raw); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			err = &jsonTypeError{typ}
		}
		return nil, fmt.Errorf("environment: %w", err)
	}
	if raw == nil {
		return env, nil
	}
	if raw.DateFormat != nil {
		if !contains(dateFormats, *raw.DateFormat) {
			return nil, fmt.Errorf("environment: /date_format: %q is not one of %s", *raw.DateFormat, strings.Join(dateFormats, ", "))
		}
		env.DateFormat = *raw.DateFormat
	}
	if raw.TimeFormat != nil {
		if !contains(timeFormats, *raw.TimeFormat) {
			return nil, fmt.Errorf("environment: /time_format: %q is not one of %s", *raw.TimeFormat, strings.Join(timeFormats, ", "))
		}
		env.TimeFormat = *raw.TimeFormat
	}
	if raw.Timezone != nil && *raw.Timezone != "" {
		loc, err := time.LoadLocation(*raw.Timezone)
		if err != nil {
			return nil, fmt.Errorf("environment: /timezone: %q is not an IANA time zone name", *raw.Timezone)
		}
		env.Timezone = loc
	}
	if raw.DefaultCountry != nil {
		c := *raw.DefaultCountry
		if c != "" && (len(c) != 2 || strings.ToUpper(c) != c) {
			return nil, fmt.Errorf("environment: /default_country: %q is not a two-letter upper-case country code", c)
		}
		env.DefaultCountry = c
	}
	for i, l := range raw.AllowedLanguages {
		if len(l) != 3 || strings.ToLower(l) != l {
			return nil, fmt.Errorf("environment: /allowed_languages/%d: %q is not a three-letter ISO 639-3 code", i, l)
		}
	}
	env.AllowedLanguages = raw.AllowedLanguages
	if raw.NumberFormat != nil {
		env.NumberFormat = *raw.NumberFormat
	}
	if raw.RedactionPolicy != nil {
		switch *raw.RedactionPolicy {
		case "none", "urns":
			env.RedactionPolicy = *raw.RedactionPolicy
		default:
			return nil, fmt.Errorf("environment: /redaction_policy: %q is not \"none\" or \"urns\"", *raw.RedactionPolicy)
		}
	}
	if raw.ObfuscationKey != nil {
		// like the reference's, a shorter key is padded with zeros and a longer one cut
		var key [4]uint32
		for i, k := range raw.ObfuscationKey {
			if k < 0 || k > math.MaxUint32 {
				return nil, fmt.Errorf("environment: /obfuscation_key/%d: %d is not an unsigned 32-bit number", i, k)
			}
			if i < len(key) {
				key[i] = uint32(k)
			}
		}
		env.ObfuscationKey = &key
	}
	if raw.InputCollation != nil {
		if !contains(inputCollations, *raw.InputCollation) {
			return nil, fmt.Errorf("environment: /input_collation: %q is not one of %s", *raw.InputCollation, strings.Join(inputCollations, ", "))
		}
		env.InputCollation = *raw.InputCollation
	}
	return env, nil
}

// Language returns the environment's default language: the contact's (see ContactLanguage),
// else the first allowed language, else "". A default_language key is not consulted, as in the
// reference.
func (e *Environment) Language() string {
	if e.ContactLanguage != "" {
		return e.ContactLanguage
	}
	if len(e.AllowedLanguages) > 0 {
		return e.AllowedLanguages[0]
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Limits bound the work an evaluation may do, so that no template can run away.
type Limits struct {
	// Budget is the cost one evaluation (of a template, or of an expression) may run up, checked
	// before the work is done: every value produced costs 1, or its length in bytes when it is
	// text; matching a regular expression or reading numbers, dates or words out of text costs the
	// length of the text. It bounds the time and the memory an evaluation can take. Exceeding it
	// is the reference's "expression is too complex to evaluate".
	Budget int
	// MaxDepth is the deepest nesting of calls the evaluator follows.
	MaxDepth int
	// Shared, when set, is work shared by a series of evaluations (all those of an engine's
	// sprint): each evaluation spends from it as well as from its own Budget, so that a loop of
	// evaluations each just under the Budget still ends.
	Shared *Allowance
}

// Allowance is an amount of work many evaluations draw from, checked before the work is done
// as the Budget is.
type Allowance struct {
	limit, used int
	over        bool
}

// NewAllowance returns an allowance of limit units.
func NewAllowance(limit int) *Allowance { return &Allowance{limit: limit} }

// Exhausted reports whether an evaluation needed more than was left.
func (a *Allowance) Exhausted() bool { return a != nil && a.over }

// Limit is the allowance's size.
func (a *Allowance) Limit() int { return a.limit }

// spend uses n units, reporting whether they were there.
func (a *Allowance) spend(n int) bool {
	if a == nil {
		return true
	}
	a.used += n
	if a.used > a.limit {
		a.over = true
	}
	return !a.over
}

// afford reports whether n more units are left, marking the allowance exhausted when not.
func (a *Allowance) afford(n int) bool {
	if a == nil {
		return true
	}
	if n > a.limit-a.used {
		a.over = true
	}
	return !a.over
}

// DefaultBudget is the reference engine's evaluation budget: far above what real templates cost
// (a few hundred), while stopping a runaway template at about 10 MB of text.
const DefaultBudget = 10_000_000

// DefaultLimits are generous for real flows and small enough to stop abuse quickly.
var DefaultLimits = Limits{Budget: DefaultBudget, MaxDepth: 100}

// MaxArrayItems is how many items an array may hold, as in the reference.
const MaxArrayItems = 10000

// EvalContext is what an evaluation runs in: the environment, the context root whose keys are the
// top-level names (contact, results, ...), the clock and the limits. One EvalContext serves many
// evaluations in turn; it is not safe for concurrent use.
type EvalContext struct {
	Env  *Environment
	Root *Object
	// Now reads the clock; it is called once per reading the reference makes (now(), today(), a
	// date read from text that isn't ISO), so a stepping clock advances as the reference's does.
	Now func() time.Time
	// NowZone is the time zone the clock's readings are given in (now(), today(), the time of
	// day has_date fills in); nil means the environment's. A run's environment takes the
	// contact's time zone for reading and formatting while the reference's clock stays in the
	// session environment's zone.
	NowZone *time.Location
	Limits  Limits
	// Locations answers the location tests (has_state, has_district, has_ward); nil when the
	// flow's assets have no locations, which makes those tests return an error.
	Locations LocationResolver
	// Rand draws the numbers of rand() and rand_between() in [0, 1); nil draws from an unseeded
	// source. An engine sets its seeded source so that simulations repeat exactly.
	Rand func() float64

	work  int
	depth int
	scope *scope
	// warnings are those of the last evaluation (reset starts afresh); exprStart is where the
	// current expression's begin, as a warning is given once per expression
	warnings  []string
	exprStart int
}

// scope holds the parameters of the anonymous functions being evaluated, innermost first.
type scope struct {
	names  []string
	values []Value
	parent *scope
}

// NewEvalContext returns a context with the given environment (nil means DefaultEnvironment) and
// root (nil means an empty context), the real clock and DefaultLimits.
func NewEvalContext(env *Environment, root *Object) *EvalContext {
	if env == nil {
		env = DefaultEnvironment()
	}
	if root == nil {
		root = NewObject()
	}
	return &EvalContext{Env: env, Root: root, Now: time.Now, Limits: DefaultLimits}
}

// Spend uses n units of the budget, returning the budget error once it is exhausted. Functions
// whose work grows with their input (matching a pattern over a text, reading words) spend in
// proportion to it, before doing the work.
func (c *EvalContext) Spend(n int) *Error {
	c.work += n
	if !c.Limits.Shared.spend(n) || c.work > c.Limits.Budget {
		return errTooComplex
	}
	return nil
}

// Afford returns the budget error if n more units don't fit in what is left of the budget,
// without spending them: a function about to build a large value checks it can afford it before
// building it, and the value is charged once produced.
func (c *EvalContext) Afford(n int) *Error {
	if n < 0 || n > c.Limits.Budget-c.work || !c.Limits.Shared.afford(n) {
		return errTooComplex
	}
	return nil
}

// spendScan charges the work of reading through text (tokenizing it, or searching it with a
// fixed pattern): its length.
func (c *EvalContext) spendScan(text string) *Error {
	return c.Spend(len(text) + 1)
}

// spendRegex charges matching a pattern written in a template over text. Go's regular expressions
// run in time linear in the text, times the size of the compiled pattern for the hardest ones, so
// the cost grows with both and a huge text or pattern matched in a loop exhausts the budget. The
// compiled size, not the written length, is what counts: "(a|b){500}" is 10 bytes that compile to
// some 1500 instructions, and matching it over 10000 bytes takes the better part of a second.
func (c *EvalContext) spendRegex(text, pattern string) *Error {
	if err := c.Spend(len(text) + len(pattern)); err != nil {
		return err
	}
	return c.Spend(len(text) * regexSize(pattern))
}

// regexSize is the number of instructions pattern compiles to (0 when it doesn't compile: the
// caller reports that).
func regexSize(pattern string) int {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return 0
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return 0
	}
	return len(prog.Inst)
}

// produce charges the value an evaluation step produced, 1 or its length when it is text, and
// returns it, or the budget error once the budget is exhausted.
func (c *EvalContext) produce(v Value) Value {
	cost := 1
	if t, ok := v.(Text); ok {
		cost = len(t)
	}
	c.work += cost
	if !c.Limits.Shared.spend(cost) || c.work > c.Limits.Budget {
		return errTooComplex
	}
	return v
}

// checkArrayLength returns the reference's error for an array of more than MaxArrayItems items.
func checkArrayLength(n int) *Error {
	if n > MaxArrayItems {
		return NewError("cannot build an array with more than %d items", MaxArrayItems)
	}
	return nil
}

// Location returns the environment's time zone (UTC for a nil context).
func (c *EvalContext) Location() *time.Location {
	if c == nil || c.Env == nil || c.Env.Timezone == nil {
		return time.UTC
	}
	return c.Env.Timezone
}

// CurrentTime reads the clock, in NowZone (else the environment's time zone).
func (c *EvalContext) CurrentTime() time.Time {
	now := time.Now
	if c != nil && c.Now != nil {
		now = c.Now
	}
	if c != nil && c.NowZone != nil {
		return now().In(c.NowZone)
	}
	return now().In(c.Location())
}

// reset starts a new evaluation's budget and warnings.
func (c *EvalContext) reset() {
	c.work = 0
	c.depth = 0
	c.scope = nil
	c.warnings = c.warnings[:0]
	c.exprStart = 0
}

// beginExpression marks the start of one of a template's expressions, within which each
// warning is given once.
func (c *EvalContext) beginExpression() { c.exprStart = len(c.warnings) }

// warn records a warning of the current expression, once.
func (c *EvalContext) warn(w string) {
	for _, x := range c.warnings[c.exprStart:] {
		if x == w {
			return
		}
	}
	c.warnings = append(c.warnings, w)
}

// TakeWarnings returns the warnings of the last evaluation (reading deprecated keys, see
// Object.SetDeprecated), in the order they arose, each expression's once, and forgets them.
func (c *EvalContext) TakeWarnings() []string {
	if len(c.warnings) == 0 {
		return nil
	}
	out := append([]string(nil), c.warnings...)
	c.warnings = c.warnings[:0]
	c.exprStart = 0
	return out
}

// errTooComplex is the budget error, in the reference's words; it ends the whole evaluation and
// isn't prefixed with the functions it came out of.
var errTooComplex = &Error{msg: "expression is too complex to evaluate", limit: true}

// jsonTypeError words a JSON value of the wrong type by its place and the JSON types involved
// rather than Go's struct and field names; it unwraps to the decoder's error, which knows the
// offset.
type jsonTypeError struct {
	err *json.UnmarshalTypeError
}

func (e *jsonTypeError) Error() string {
	if e.err.Field == "" {
		return "expected an object, got " + e.err.Value
	}
	want := "a value of another type"
	switch e.err.Type.Kind() {
	case reflect.String:
		want = "text"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		want = "an integer"
	case reflect.Slice, reflect.Array:
		want = "an array"
	case reflect.Struct, reflect.Map:
		want = "an object"
	case reflect.Bool:
		want = "true or false"
	}
	return fmt.Sprintf("/%s: expected %s, got %s", strings.ReplaceAll(e.err.Field, ".", "/"), want, e.err.Value)
}

func (e *jsonTypeError) Unwrap() error { return e.err }
