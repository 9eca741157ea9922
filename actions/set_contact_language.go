package actions

import (
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
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
	Language string `json:"language" flow:"template"`
}

// AllowedFlowTypes lists the flow types set_contact_language may appear in.
func (a *SetContactLanguage) AllowedFlowTypes() []flows.FlowType { return flows.AllFlowTypes }

// Execute changes the contact's language to a three-letter code, or clears it.
func (a *SetContactLanguage) Execute(run runtime.Run, log runtime.Logger) error {
	lang, ok := run.EvaluateTemplate(a.Language, log)
	if !ok {
		return nil
	}
	lang = strings.TrimSpace(lang)
	if lang != "" && !isLanguageCode(lang) {
		errorf(log, "'%s' is not a valid language code", lang)
		return nil
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

func isLanguageCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, c := range s {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}
