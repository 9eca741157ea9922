package read

import "github.com/flowctl/flowctl/findings"

// The finding codes the reader reports. flows/docgen documents every code in docs/reference/findings.md;
// Codes describes these for it.
const (
	CodeInvalidJSON        = "syntax/invalid-json"
	CodeDuplicateKey       = findings.CodeDuplicateKey
	CodeInvalidUTF8        = findings.CodeInvalidUTF8
	CodeWrongType          = "schema/wrong-type"
	CodeInvalidValue       = "schema/invalid-value"
	CodeUnknownDocument    = "schema/unknown-document"
	CodeWrappedFlow        = "schema/wrapped-flow"
	CodeLegacyFormat       = "schema/legacy-format"
	CodeLegacyMigrated     = "lint/legacy-migrated"
	CodeUnsupportedVersion = "schema/unsupported-spec-version"
	CodeInvalidVersion     = "schema/invalid-spec-version"
	CodeUnknownActionType  = "schema/unknown-action-type"
	CodeMissingActionType  = "schema/missing-action-type"
	CodeRenamedActionType  = "schema/renamed-action-type"
	CodeInvalidAsset       = "schema/invalid-asset"
	CodeReaderPanic        = "internal/reader-panic"
	CodeIgnoredTranslation = "lint/ignored-translation"
	CodeTranslationSize    = "schema/translation-too-large"
	CodeOldVersion         = "lint/old-spec-version"
	CodeWrappedLegacy      = "lint/wrapped-legacy-flow"
	CodeKeyCase            = "lint/key-case"
)

// Codes describes each code the reader may report, for the findings documentation.
var Codes = map[string]string{
	CodeInvalidJSON:        "The file is not valid JSON; the position is that of the first fault.",
	CodeDuplicateKey:       "Warning: an object has the same key twice; the later value is used (as the reference engine does) and the earlier one is ignored, which is rarely what was meant.",
	CodeInvalidUTF8:        "Warning: a string holds bytes that aren't UTF-8 (a file saved as Latin-1 or Windows-1252, say); each such byte reads as U+FFFD (�), as in the reference engine. Save the file as UTF-8.",
	CodeWrongType:          "A value has the wrong JSON type, e.g. a number where a string is expected.",
	CodeInvalidValue:       "A value has the right JSON type but can't be used, e.g. 2.5 where an integer is expected.",
	CodeUnknownDocument:    "The document is neither a flow definition (with nodes) nor a document with a flows array or assets.",
	CodeWrappedFlow:        "The items of a document's flows array are wrapped in a \"definition\", as Glific exports flows: the engine takes each item for a flow definition and refuses it; put the definitions themselves in the array.",
	CodeLegacyFormat:       "Part of a legacy (spec version 11 and older) flow that can't be migrated, e.g. an action or ruleset type the reference engine doesn't migrate either; the rest of the flow is read.",
	CodeLegacyMigrated:     "Warning: a legacy (spec version 11 and older) flow, with action_sets and rule_sets, was migrated on read as the reference engine does; re-export it from a current RapidPro/TextIt to keep it in the current format. Attachment and recording URLs the flow stores relative to RapidPro's media server are joined to the base URL of --media-url (validate, run, test, serve, graph) or media_url in .flowctl.yaml (default http://temba.io/, the base the reference engine's own harness migrates with): pass your server's, e.g. --media-url https://rapidpro.example.org/media/, to see the URLs your contacts got.",
	CodeUnsupportedVersion: "The flow's spec_version is newer than flowctl reads: a later major or minor version than 14.4 (the engine's), or a pre-release of a later version.",
	CodeOldVersion:         "Warning: a flow in the current format (with nodes) says its spec_version is older than 13.0.0: the engine reads it anyway, migrating it as a 13.0.0 flow.",
	CodeInvalidVersion:     "The flow's spec_version is not a version number.",
	CodeUnknownActionType:  "An action's type is not one of the action types; the message suggests the closest ones.",
	CodeMissingActionType:  "An action has no type.",
	CodeRenamedActionType:  "An action uses the old name of a type, which the engine refuses: an error in a flow with a spec_version, a warning in one without (read as the current type).",
	CodeInvalidAsset:       "An asset in an assets document or export is not an object or lacks its identity (uuid, key, slug).",
	CodeReaderPanic:        "flowctl failed on this input; please report it with the file.",
	CodeTranslationSize:    "A translation in the localization has more than 10 values, or a value longer than 10000 characters: the engine refuses the flow, whatever the property (even the editor's own, such as _ui).",
	CodeWrappedLegacy:      "Warning: an item of a flows array has a flow_type beside a \"definition\" holding its flow, as RapidPro's oldest exports (version 3 to 7) did: the engine reads the item itself as an empty legacy flow and ignores the definition, so the flow does nothing.",
	CodeKeyCase:            "Warning: a key of a flow's object differs only in case from the property it names (Text for text, UUID for uuid): the engine matches keys to properties ignoring case, as Go's JSON reader does, so it reads the value; write the key in lower case as the editor does.",
	CodeIgnoredTranslation: "Warning: a translation in the localization is not a list of strings (null, a string, a number, an object, or a list holding something else); the engine reads the flow but never uses it.",
}
