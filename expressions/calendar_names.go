package expressions

import (
	"sync"
	"time"

	"github.com/go-playground/locales"
	"github.com/go-playground/locales/am"
	"github.com/go-playground/locales/ar"
	"github.com/go-playground/locales/bn"
	"github.com/go-playground/locales/de"
	"github.com/go-playground/locales/es"
	"github.com/go-playground/locales/fa"
	"github.com/go-playground/locales/fr"
	"github.com/go-playground/locales/ha"
	"github.com/go-playground/locales/hi"
	"github.com/go-playground/locales/id"
	"github.com/go-playground/locales/it"
	"github.com/go-playground/locales/km"
	"github.com/go-playground/locales/my"
	"github.com/go-playground/locales/ne"
	"github.com/go-playground/locales/nl"
	"github.com/go-playground/locales/ps"
	"github.com/go-playground/locales/pt"
	"github.com/go-playground/locales/ru"
	"github.com/go-playground/locales/rw"
	"github.com/go-playground/locales/so"
	"github.com/go-playground/locales/sw"
	"github.com/go-playground/locales/tr"
	"github.com/go-playground/locales/uk"
	"github.com/go-playground/locales/ur"
	"github.com/go-playground/locales/vi"
	"github.com/go-playground/locales/yo"
	"github.com/go-playground/locales/zu"
	"golang.org/x/text/language"
)

// calendarNames are the month and weekday names a language writes dates with, for the MMMM, MMM,
// EEEE and EEE fields of date formats. They come from the Unicode CLDR (through
// go-playground/locales) rather than a hand-kept table, so every language gets the spelling its
// speakers expect.
type calendarNames struct {
	months, shortMonths [12]string
	days, shortDays     [7]string
}

// calendarLocales are the languages dates can be written in besides English, by ISO 639-1 code.
// The list favours the languages chatbot flows are written in; another language falls back to
// English names, as does a language CLDR has no names for.
var calendarLocales = map[string]func() locales.Translator{
	"am": am.New, "ar": ar.New, "bn": bn.New, "de": de.New, "es": es.New, "fa": fa.New, "fr": fr.New,
	"ha": ha.New, "hi": hi.New, "id": id.New, "it": it.New, "km": km.New, "my": my.New, "ne": ne.New,
	"nl": nl.New, "ps": ps.New, "pt": pt.New, "ru": ru.New, "rw": rw.New, "so": so.New, "sw": sw.New,
	"tr": tr.New, "uk": uk.New, "ur": ur.New, "vi": vi.New, "yo": yo.New, "zu": zu.New,
}

var (
	calendarNamesMu    sync.Mutex
	calendarNamesCache = map[string]*calendarNames{}
)

// namesForLanguage returns the calendar names of an ISO 639-3 (or 639-1) language code, nil for
// English and for languages without names of their own, which use Go's English names.
func namesForLanguage(code string) *calendarNames {
	if code == "" || code == "eng" || code == "en" {
		return nil
	}
	calendarNamesMu.Lock()
	defer calendarNamesMu.Unlock()
	if n, seen := calendarNamesCache[code]; seen {
		return n
	}
	var names *calendarNames
	if base, err := language.ParseBase(code); err == nil {
		if newLocale, ok := calendarLocales[base.String()]; ok {
			names = readCalendarNames(newLocale())
		}
	}
	calendarNamesCache[code] = names
	return names
}

// readCalendarNames copies a locale's names, keeping English for any the locale leaves empty.
func readCalendarNames(tr locales.Translator) *calendarNames {
	n := &calendarNames{}
	for m := time.January; m <= time.December; m++ {
		n.months[m-1] = orEnglish(tr.MonthWide(m), m.String())
		n.shortMonths[m-1] = orEnglish(tr.MonthAbbreviated(m), m.String()[:3])
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		n.days[d] = orEnglish(tr.WeekdayWide(d), d.String())
		n.shortDays[d] = orEnglish(tr.WeekdayAbbreviated(d), d.String()[:3])
	}
	return n
}

func orEnglish(name, english string) string {
	if name == "" {
		return english
	}
	return name
}

// monthName is the (short) name of t's month in names, English when names is nil.
func (n *calendarNames) monthName(m time.Month, short bool) string {
	switch {
	case n == nil && short:
		return m.String()[:3]
	case n == nil:
		return m.String()
	case short:
		return n.shortMonths[m-1]
	default:
		return n.months[m-1]
	}
}

// dayName is the (short) name of a weekday in names, English when names is nil.
func (n *calendarNames) dayName(d time.Weekday, short bool) string {
	switch {
	case n == nil && short:
		return d.String()[:3]
	case n == nil:
		return d.String()
	case short:
		return n.shortDays[d]
	default:
		return n.days[d]
	}
}
