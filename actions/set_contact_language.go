package actions

import (
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
	"golang.org/x/text/language"
	"strings"
)

// TypeSetContactLanguage is the type name of the set_contact_language action.
const TypeSetContactLanguage = "set_contact_language"

func init() {
	RegisterType(TypeSetContactLanguage, func() flows.Action { return &SetContactLanguage{base: newBase(TypeSetContactLanguage)} })
}

// SetContactLanguage sets the contact's language to the evaluated ISO 639-3 code (empty clears it).
type SetContactLanguage struct {
	base
	Language string `json:"language" validate:"max=1000" flow:"template"`
}

// AllowedFlowTypes lists the flow types set_contact_language may appear in.
func (a *SetContactLanguage) AllowedFlowTypes() []flows.FlowType { return flows.AllFlowTypes }

// Execute changes the contact's language to an ISO 639-3 code (any case), or clears it. A
// value that isn't one is reported in the reference's words: one that isn't 3 bytes long ("iso-639-3
// codes must be 3 characters, got: english"), else one no registry knows ("unrecognized language
// code: xyz").
func (a *SetContactLanguage) Execute(run runtime.Run, log runtime.Logger) error {
	lang, ok := run.EvaluateTemplate(a.Language, log)
	if !ok {
		return nil
	}
	lang = strings.TrimSpace(lang)
	if lang != "" {
		if len(lang) != 3 {
			errorf(log, "iso-639-3 codes must be 3 characters, got: %s", lang)
			return nil
		}
		code := strings.ToLower(lang)
		if _, err := language.ParseBase(code); err != nil || !isLower(code) {
			errorf(log, "unrecognized language code: %s", lang)
			return nil
		}
		lang = code
	}
	c := run.Contact()
	if c.Language == lang {
		return nil
	}
	c.Language = lang
	log(runtime.NewContactLanguageChanged(lang))
	run.ContactChanged(log)
	return nil
}

// isLower reports whether s is made of the letters a to z only.
func isLower(s string) bool {
	for _, c := range s {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}
