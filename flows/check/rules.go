package check

import (
	"sort"

	"github.com/flowctl/flowctl/flows"
)

// Rule describes one kind of finding. Its Code is stable: tools filter and suppress findings by
// it, so a code is never renamed or reused for something else.
type Rule struct {
	Code string
	// Severity is the rule's severity. asset/missing, template/unknown-field and
	// template/unknown-global are errors when --assets files declare the asset kind, and
	// warnings when only the validated file itself does.
	Severity flows.Severity
	// Summary is one line for docs/reference/findings.md and --help style listings.
	Summary string
}

// rules is the registry of every finding code the checks produce; report refuses codes missing
// here so that docs/reference/findings.md (generated from this list) can't fall behind the code.
var rules = map[string]Rule{}

func rule(code string, sev flows.Severity, summary string) string {
	if _, dup := rules[code]; dup {
		panic("check: rule " + code + " defined twice")
	}
	rules[code] = Rule{Code: code, Severity: sev, Summary: summary}
	return code
}

const (
	errS  = flows.SeverityError
	warnS = flows.SeverityWarning
)

// Schema layer.
var (
	codeSchemaType     = rule("schema/wrong-type", errS, "a value has the wrong JSON type (e.g. a string where an object is expected)")
	codeSchemaRequired = rule("schema/missing-property", errS, "an object lacks a property the flow format requires")
	codeSchemaValue    = rule("schema/invalid-value", errS, "a value is not one of those the format allows, or does not have the required form")
	codeSchemaOther    = rule("schema/invalid", errS, "the document breaks some other rule of the flow JSON schema")
)

// Field layer.
var (
	codeFieldRequired = rule("field/required", errS, "a required field is missing or empty")
	codeFieldRange    = rule("field/out-of-range", errS, "a field is too long, too short, or has too many or too few items")
	codeFieldFormat   = rule("field/invalid-format", errS, "a field does not have the expected form (UUID, URL, email, language code, HTTP header name, ...)")
	codeFieldValue    = rule("field/invalid-value", errS, "a field has a value outside its allowed set (flow type, HTTP method, contact status, URN scheme, ...)")
	codeFieldRule     = rule("field/action-rule", errS, "an action breaks a rule involving several of its fields (e.g. groups named while all_groups is set)")
)

// Graph layer.
var (
	codeGraphDupUUID         = rule("graph/duplicate-uuid", errS, "two items of a flow (nodes, actions, exits) share a UUID")
	codeGraphDupCaseUUID     = rule("graph/duplicate-case-uuid", warnS, "a router case shares its UUID with another item of the flow: the engine accepts it, but a translation of its arguments applies to both")
	codeGraphDupCategoryUUID = rule("graph/duplicate-category-uuid", warnS, "a router category shares its UUID with another item of the flow: the engine accepts it, but a translation of its name applies to both")
	codeGraphDestination     = rule("graph/unknown-destination", errS, "an exit leads to a node that is not in the flow")
	codeGraphCategoryExit    = rule("graph/unknown-exit", errS, "a category points at an exit its node does not have")
	codeGraphCaseCategory    = rule("graph/unknown-category", errS, "a case points at a category its router does not have")
	codeGraphDefaultCategory = rule("graph/unknown-default-category", errS, "a router's default category is not one of its categories")
	codeGraphTimeoutCategory = rule("graph/unknown-timeout-category", errS, "a wait's timeout category is not one of its router's categories")
	codeGraphTooManyNodes    = rule("graph/too-many-nodes", errS, "a flow has more than 1000 nodes")
	codeGraphTooManyActions  = rule("graph/too-many-actions", errS, "a node has more than 100 actions")
	codeGraphTooManyExits    = rule("graph/too-many-exits", errS, "a node has more than 100 exits")
	codeGraphTooManyCats     = rule("graph/too-many-categories", errS, "a router has more than 100 categories")
	codeGraphTooManyCases    = rule("graph/too-many-cases", errS, "a switch router has more than 100 cases")
	codeGraphActionFlowType  = rule("graph/action-not-allowed", errS, "an action type is not allowed in the flow's type (e.g. say_msg outside voice flows)")
	codeGraphWaitFlowType    = rule("graph/wait-not-allowed", errS, "a wait type is not allowed in the flow's type (e.g. a msg wait in a background flow)")
	codeGraphCaseType        = rule("graph/unknown-case-type", errS, "a case uses a test that does not exist")
	codeGraphLocLanguage     = rule("graph/invalid-localization-language", errS, "the localization has a key that is not an ISO 639-3 language code")
	codeGraphLocItemUUID     = rule("graph/invalid-localization-item", errS, "the localization has an item key that is not a UUID in lower case (the reference engine refuses the flow)")
	codeGraphLocItem         = rule("graph/unknown-localization-item", warnS, "the localization translates an item UUID that is not in the flow (a warning: editors leave translations of deleted items behind, and they do no harm)")
	codeGraphLocProperty     = rule("graph/invalid-localization-property", errS, "a localized property name is empty or longer than 64 bytes (the reference engine refuses the flow)")
)

// Asset layer.
var (
	codeAssetMissing    = rule("asset/missing", errS, "a reference names an asset that the loaded documents don't declare, though they declare assets of that kind (a warning when only the file itself declares the kind: goflow treats it as deleted)")
	codeAssetUndeclared = rule("asset/undeclared-kind", warnS, "a reference names an asset of a kind no loaded document declares, so it can't be checked (pass --assets)")
	codeAssetName       = rule("asset/name-mismatch", warnS, "a reference finds its asset, but under a different name than the one it carries")
)

// Template layer.
var (
	codeTemplateSyntax    = rule("template/syntax-error", errS, "an @-template does not parse")
	codeTemplateFunction  = rule("template/unknown-function", errS, "a template calls a function that doesn't exist")
	codeTemplateArguments = rule("template/wrong-arguments", errS, "a template calls a function with too few or too many arguments")
	codeTemplateField     = rule("template/unknown-field", errS, "a template reads @fields.X or @contact.fields.X for a field that the declared fields don't include (a warning when only the file itself declares fields)")
	codeTemplateGlobal    = rule("template/unknown-global", errS, "a template reads @globals.X for a global that the declared globals don't include (a warning when only the file itself declares globals)")
	codeTemplateResult    = rule("template/unknown-result", warnS, "a template reads @results.X but no node of the flow saves a result with that key")
)

// Lint layer: warnings about things the reference engine accepts but that are almost always
// mistakes.
var (
	codeLintUnreachable         = rule("lint/unreachable-node", warnS, "no path from the flow's first node reaches this node")
	codeLintLoop                = rule("lint/loop-without-wait", warnS, "a cycle of nodes contains no wait, so a contact would spin around it until the step limit")
	codeLintResultOrder         = rule("lint/result-not-yet-set", warnS, "a template reads @results.X on a path where no earlier node has saved X")
	codeLintTranslation         = rule("lint/missing-translation", warnS, "a localizable text has no translation for a language the localization lists")
	codeLintTranslationProperty = rule("lint/unknown-translation-property", warnS, "the localization translates a property its item doesn't have translated (e.g. 'txt' of a send_msg, or anything of an exit): the engine reads the flow but never uses it")
	codeLintCaseUUID            = rule("lint/case-uuid", warnS, "a router case has no UUID, or one that isn't a UUID: the engine reads it, but its arguments can't be translated")
	codeLintDeprecated          = rule("lint/deprecated", warnS, "a template reads a context path the engine deprecates (@contact.id, @contact.tickets, @legacy_extra, @child.run.status, @parent.run.status): each read logs a warning event; the finding names the replacement")
)

// Internal errors: a bug in flowctl, not in the flow.
var codeInternal = rule("internal/check-panic", errS, "flowctl failed while checking this file; please report it with the file")

// Rules returns every finding code the checks can produce, sorted by code.
func Rules() []Rule {
	out := make([]Rule, 0, len(rules))
	for _, r := range rules {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// Lookup returns the rule of a code.
func Lookup(code string) (Rule, bool) {
	r, ok := rules[code]
	return r, ok
}
