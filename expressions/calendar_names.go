package expressions

import (
	_ "embed"
	"encoding/json"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/language"
)

//go:generate go run ./internal/gencalendar -src $GLIBC_SRC -out calendar_names.json

// calendarNamesJSON holds the month, weekday and AM/PM names of the GNU C library's locales (its
// LC_TIME data) as upstream glibc 2.41 has them, which is where the reference's names come from;
// internal/gencalendar writes it from an upstream source tree (see there for where to get one).
//
//go:embed calendar_names.json
var calendarNamesJSON []byte

// calendarNames are the names a locale writes dates with, for the MMMM, MMM, EEEE, EEE, aa and AA
// fields of date formats.
type calendarNames struct {
	Months      [12]string `json:"months"`
	ShortMonths [12]string `json:"short_months"`
	Days        [7]string  `json:"days"`
	ShortDays   [7]string  `json:"short_days"`
	AmPm        [2]string  `json:"am_pm"`
}

// calendarTable is the embedded names with a matcher that picks a locale for a language and
// country.
type calendarTable struct {
	locales []string
	names   []*calendarNames
	matcher language.Matcher
	english *calendarNames
}

var (
	calendarTableOnce sync.Once
	calendars         *calendarTable
	calendarCache     sync.Map // "lang-country" -> *calendarNames
)

func loadCalendarTable() *calendarTable {
	calendarTableOnce.Do(func() {
		var data struct {
			Calendars []*calendarNames `json:"calendars"`
			Locales   map[string]int   `json:"locales"`
		}
		if err := json.Unmarshal(calendarNamesJSON, &data); err != nil {
			panic("expressions: calendar_names.json: " + err.Error()) // embedded, so a build error
		}
		t := &calendarTable{}
		candidates := mergedLocales(data.Locales)
		for c := range candidates {
			t.locales = append(t.locales, c)
		}
		sort.Strings(t.locales) // the matcher prefers earlier locales on a tie
		tags := make([]language.Tag, 0, len(t.locales))
		for _, c := range t.locales {
			tags = append(tags, language.MustParse(c))
			t.names = append(t.names, data.Calendars[data.Locales[candidates[c]]])
		}
		t.matcher = language.NewMatcher(tags)
		t.english = data.Calendars[data.Locales["en_US"]]
		calendars = t
	})
	return calendars
}

// mergedLocales returns the locales the matcher chooses among, as the reference's table has
// them: a language whose locales all write dates alike is one candidate, named by its
// language alone, and the others keep their territories. Which matters where BCP 47 makes two
// of glibc's languages one (cmn is zh): Mandarin's only locale, cmn_TW, is then "zh", no
// longer a Taiwanese candidate beside zh_TW. It maps each candidate to one of its locales.
func mergedLocales(locales map[string]int) map[string]string {
	byLang := map[string][]string{}
	for l := range locales {
		lang, _, _ := strings.Cut(l, "_")
		byLang[lang] = append(byLang[lang], l)
	}
	out := map[string]string{}
	for lang, ls := range byLang {
		same := true
		for _, l := range ls[1:] {
			same = same && locales[l] == locales[ls[0]]
		}
		if !same {
			for _, l := range ls {
				out[l] = l
			}
			continue
		}
		out[lang] = ls[0]
	}
	return out
}

// namesForLocale returns the calendar names for a language (ISO 639-3 or 639-1) spoken in a
// country (ISO 3166-1 alpha-2, may be empty): as in the reference, those of the locale the
// BCP 47 matcher finds best, and US English without a language.
func namesForLocale(lang, country string) *calendarNames {
	key := lang + "-" + country
	if n, ok := calendarCache.Load(key); ok {
		return n.(*calendarNames)
	}
	t := loadCalendarTable()
	names := t.english
	if lang != "" {
		tag := lang
		if country != "" {
			tag += "-" + country
		}
		if pref, err := language.Parse(tag); err == nil {
			_, i, _ := t.matcher.Match(pref)
			names = t.names[i]
		}
	}
	calendarCache.Store(key, names)
	return names
}

// monthName is the (short) name of a month.
func (n *calendarNames) monthName(m time.Month, short bool) string {
	if short {
		return n.ShortMonths[m-1]
	}
	return n.Months[m-1]
}

// dayName is the (short) name of a weekday.
func (n *calendarNames) dayName(d time.Weekday, short bool) string {
	if short {
		return n.ShortDays[d]
	}
	return n.Days[d]
}

// ampm is the locale's word for before or after noon, lower or upper case.
func (n *calendarNames) ampm(hour int, upper bool) string {
	s := n.AmPm[0]
	if hour >= 12 {
		s = n.AmPm[1]
	}
	if upper {
		return strings.ToUpper(s)
	}
	return strings.ToLower(s)
}
