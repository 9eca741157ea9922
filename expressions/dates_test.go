package expressions

import (
	"testing"
	"time"
)

func TestFormatWithLayout(t *testing.T) {
	quito, _ := time.LoadLocation("America/Guayaquil")
	pm := time.Date(2010, 5, 10, 14, 50, 7, 123456789, quito)
	am := time.Date(1979, 7, 8, 0, 5, 0, 0, time.UTC)

	tests := []struct {
		at     time.Time
		format string
		mode   layoutMode
		want   string
	}{
		{pm, "YYYY-MM-DD", layoutDate, "2010-05-10"},
		{pm, "YYYY M DD", layoutDate, "2010 5 10"},
		{am, "D/M/YY", layoutDate, "8/7/79"},
		{am, "EEE, D MMM YYYY", layoutDate, "Sun, 8 Jul 1979"},
		{am, "EEEE MMMM", layoutDate, "Sunday July"},
		{pm, "tt:mm", layoutTime, "14:50"},
		{pm, "h:mm aa", layoutTime, "2:50 pm"},
		{am, "hh:mm AA", layoutTime, "12:05 AM"},
		{am, "t:m:s", layoutTime, "0:5:0"},
		{pm, "ss.fff", layoutTime, "07.123"},
		{pm, "ss.ffffff", layoutTime, "07.123456"},
		{pm, "ss.fffffffff", layoutTime, "07.123456789"},
		{pm, "YYYY-MM-DDTtt:mm:ssZ", layoutDateTime, "2010-05-10T14:50:07-05:00"},
		{am, "tt:mm Z", layoutDateTime, "00:05 Z"},
		{am, "tt:mm ZZZ", layoutDateTime, "00:05 +00:00"},
	}
	for _, tc := range tests {
		got, err := formatWithLayout(tc.at, tc.format, tc.mode, nil)
		if err != nil {
			t.Errorf("formatWithLayout(%q): unexpected error %v", tc.format, err)
			continue
		}
		if got != tc.want {
			t.Errorf("formatWithLayout(%q) = %q, want %q", tc.format, got, tc.want)
		}
	}
}

// A format is runs of one character; a run that isn't a field of the mode (or, when parsing, a
// field that can be parsed) is refused with the run and the mode named.
func TestCompileLayoutErrors(t *testing.T) {
	tests := []struct {
		format  string
		mode    layoutMode
		parsing bool
		want    string
	}{
		{"YYY", layoutDate, false, "'YYY' is not valid in a date formatting layout"},
		{"Y", layoutDate, false, "'Y' is not valid in a date formatting layout"},
		{"YYYY-MM-DD tt", layoutDate, false, "'tt' is not valid in a date formatting layout"},
		{"YYYY", layoutTime, true, "'YYYY' is not valid in a time parsing layout"},
		{"tt:mm Z", layoutTime, false, "'Z' is not valid in a time formatting layout"},
		{"tt:mm ZZ", layoutDateTime, false, "'ZZ' is not valid in a datetime formatting layout"},
		{"ff", layoutTime, false, "'ff' is not valid in a time formatting layout"},
		{"YYYY!!", layoutDate, false, "'!!' is not valid in a date formatting layout"},
		{"DD MMMM", layoutDateTime, true, "'MMMM' is not valid in a datetime parsing layout"},
		{"EEE", layoutDate, true, "'EEE' is not valid in a date parsing layout"},
	}
	for _, tc := range tests {
		_, err := compileLayout(tc.format, tc.mode, tc.parsing)
		if err == nil || err.Error() != tc.want {
			t.Errorf("compileLayout(%q) error = %v, want %q", tc.format, err, tc.want)
		}
	}
	for _, ok := range []string{"DD MMMM EEE", "YYYY-MM-DDTtt:mm:ss.fffZ", "h:m:s aa", "D/M/YY __ ,,"} {
		if _, err := compileLayout(ok, layoutDateTime, false); err != nil {
			t.Errorf("compileLayout(%q) = %v, want no error", ok, err)
		}
	}
}

func TestParseWithLayout(t *testing.T) {
	quito, _ := time.LoadLocation("America/Guayaquil")
	la, _ := time.LoadLocation("America/Los_Angeles")
	tests := []struct {
		format, value string
		mode          layoutMode
		loc           *time.Location
		want          time.Time
	}{
		{"YYYY M DD", "2010 5 10", layoutDateTime, quito, time.Date(2010, 5, 10, 0, 0, 0, 0, quito)},
		{"YYYY M DD tt:mm", "2010 5 10 12:50", layoutDateTime, la, time.Date(2010, 5, 10, 12, 50, 0, 0, la)},
		{"DD/MM/YY", "18/07/79", layoutDate, time.UTC, time.Date(1979, 7, 18, 0, 0, 0, 0, time.UTC)},
		{"h:mm aa", "2:40 pm", layoutTime, time.UTC, time.Date(0, 1, 1, 14, 40, 0, 0, time.UTC)},
		{"tt:mm:ss", "15:28:01.5", layoutTime, time.UTC, time.Date(0, 1, 1, 15, 28, 1, 500000000, time.UTC)},
	}
	for _, tc := range tests {
		got, err := parseWithLayout(tc.format, tc.value, tc.mode, tc.loc)
		if err != nil {
			t.Errorf("parseWithLayout(%q, %q): unexpected error %v", tc.format, tc.value, err)
			continue
		}
		if !got.Equal(tc.want) {
			t.Errorf("parseWithLayout(%q, %q) = %v, want %v", tc.format, tc.value, got, tc.want)
		}
	}

	// a value that doesn't fit names where the parse stopped and the field expected there
	failures := []struct{ format, value, want string }{
		{"YYYY-MM-DD", "NOT DATE", "cannot parse 'NOT DATE' as 'YYYY'"},
		{"YYYY-MM-DD", "2019/01/02", "cannot parse '/01/02' as '-'"},
		{"DD-MM-YYYY", "31-14-2019", "cannot parse '-2019' as 'MM'"},
		{"D/M/YYYY", "31/4/2019", "cannot parse '' as ''"}, // no 31 April
		{"tt:mm", "09:30 am", "cannot parse ' am' as ''"},
		{"h:mm", "9", "cannot parse '' as ':'"},
	}
	for _, f := range failures {
		if _, err := parseWithLayout(f.format, f.value, layoutDateTime, time.UTC); err == nil || err.Error() != f.want {
			t.Errorf("parseWithLayout(%q, %q) error = %v, want %q", f.format, f.value, err, f.want)
		}
	}
	if _, err := parseWithLayout("YYYY-QQ", "2010-01", layoutDateTime, time.UTC); err == nil {
		t.Errorf("expected an error for a bad format")
	}
}

func TestFindDateInText(t *testing.T) {
	tests := []struct {
		text, format string
		want         calendarDate
		rest         string
		ok           bool
	}{
		{"2017-01-15 10:30", "DD-MM-YYYY", calendarDate{2017, 1, 15}, " 10:30", true},
		{"the date is 15/01/2017", "DD-MM-YYYY", calendarDate{2017, 1, 15}, "", true},
		{"the date is 01/15/2017 at 3pm", "MM-DD-YYYY", calendarDate{2017, 1, 15}, " at 3pm", true},
		{"2017.1.15", "YYYY-MM-DD", calendarDate{2017, 1, 15}, "", true},
		{"10/05/2010", "DD-MM-YYYY", calendarDate{2010, 5, 10}, "", true},
		{"10/05/2010", "MM-DD-YYYY", calendarDate{2010, 10, 5}, "", true},
		{"1.2.19", "DD-MM-YYYY", calendarDate{2019, 2, 1}, "", true},
		{"1.2.99", "DD-MM-YYYY", calendarDate{1999, 2, 1}, "", true},
		{"33/01/2017 or 12/01/2017", "DD-MM-YYYY", calendarDate{2017, 1, 12}, "", true},
		{"there is no date here, just a year 2017", "DD-MM-YYYY", calendarDate{}, "", false},
		{"15/13/2017", "DD-MM-YYYY", calendarDate{}, "", false},
		{"1.2.27", "DD-MM-YYYY", calendarDate{1927, 2, 1}, "", true},
		// only the dash layouts give the parts an order: under the others only ISO dates read
		{"01/15/2017", "MM/DD/YYYY", calendarDate{}, "01/15/2017", false},
		{"2017/01/15", "YYYY/MM/DD", calendarDate{}, "2017/01/15", false},
		{"1.2.27", "DD.MM.YYYY", calendarDate{}, "1.2.27", false},
		{"2017.01.15", "YYYY.MM.DD", calendarDate{}, "2017.01.15", false},
		{"2017-01-15 10:30", "DD/MM/YYYY", calendarDate{2017, 1, 15}, " 10:30", true},
	}
	for _, tc := range tests {
		got, rest, ok := findDateInText(tc.text, tc.format, 2026)
		if ok != tc.ok || (ok && (got != tc.want || rest != tc.rest)) {
			t.Errorf("findDateInText(%q, %s) = %v, %q, %v; want %v, %q, %v", tc.text, tc.format, got, rest, ok, tc.want, tc.rest, tc.ok)
		}
	}
}

func TestFindTimeInText(t *testing.T) {
	tests := []struct {
		text string
		want clockReading
		ok   bool
	}{
		{"the time is 10:30", clockReading{10, 30, 0, 0}, true},
		{"the time is 10 PM", clockReading{22, 0, 0, 0}, true},
		{"10:30:45 PM", clockReading{22, 30, 45, 0}, true},
		{"12am", clockReading{0, 0, 0, 0}, true},
		{"1030", clockReading{10, 30, 0, 0}, true},
		{"10:30:45.123456", clockReading{10, 30, 45, 123456000}, true},
		{"24:00", clockReading{0, 0, 0, 0}, true},
		{"there is no time here, just the number 25", clockReading{}, false},
		{"99:99", clockReading{}, false},
	}
	for _, tc := range tests {
		got, ok := findTimeInText(tc.text)
		if ok != tc.ok || got != tc.want {
			t.Errorf("findTimeInText(%q) = %v, %v; want %v, %v", tc.text, got, ok, tc.want, tc.ok)
		}
	}
}

func TestReadDateTimeText(t *testing.T) {
	quito, _ := time.LoadLocation("America/Guayaquil")
	now := time.Date(2018, 4, 11, 13, 24, 30, 123456000, quito)
	tests := []struct {
		text string
		fill bool
		want time.Time
		ok   bool
		// readings is how often the clock is read: as the reference reads it
		readings int
	}{
		{"1979-07-18T10:30:45.123456Z", false, time.Date(1979, 7, 18, 10, 30, 45, 123456000, time.UTC), true, 0},
		{"2017-06-12T18:56:59+02:00", true, time.Date(2017, 6, 12, 16, 56, 59, 0, time.UTC), true, 0},
		{"1979-07-18", false, time.Date(1979, 7, 18, 0, 0, 0, 0, quito), true, 0},
		{"1979-07-18", true, time.Date(1979, 7, 18, 13, 24, 30, 123456000, quito), true, 1},
		{"2017-01-17 10:50", true, time.Date(2017, 1, 17, 10, 50, 0, 0, quito), true, 0},
		{"the date is 15/01/2017", true, time.Date(2017, 1, 15, 13, 24, 30, 123456000, quito), true, 2},
		{"the date is 15/01/2017", false, time.Date(2017, 1, 15, 0, 0, 0, 0, quito), true, 1},
		{"the date is 15/01/2017 15:00", true, time.Date(2017, 1, 15, 15, 0, 0, 0, quito), true, 1},
		{"NOT DATE", false, time.Time{}, false, 1},
	}
	for _, tc := range tests {
		readings := 0
		clock := func() time.Time { readings++; return now }
		got, ok := readDateTimeText(tc.text, "DD-MM-YYYY", quito, clock, tc.fill)
		if ok != tc.ok || !got.Equal(tc.want) {
			t.Errorf("readDateTimeText(%q) = %v, %v; want %v, %v", tc.text, got, ok, tc.want, tc.ok)
		}
		if readings != tc.readings {
			t.Errorf("readDateTimeText(%q, fill %v) read the clock %d times, want %d", tc.text, tc.fill, readings, tc.readings)
		}
	}
}

func TestCalendarArithmetic(t *testing.T) {
	d := func(y, m, day int) time.Time { return time.Date(y, time.Month(m), day, 12, 0, 0, 0, time.UTC) }
	if got := daysBetween(d(2017, 1, 15), d(2017, 1, 17)); got != 2 {
		t.Errorf("daysBetween = %d, want 2", got)
	}
	if got := daysBetween(d(2017, 5, 15), d(2017, 1, 15)); got != -120 {
		t.Errorf("daysBetween = %d, want -120", got)
	}
	if got := monthsBetween(d(2017, 1, 15), d(2017, 5, 1)); got != 4 {
		t.Errorf("monthsBetween = %d, want 4", got)
	}
	if got := monthsBetween(d(2017, 11, 15), d(2016, 1, 1)); got != -22 {
		t.Errorf("monthsBetween = %d, want -22", got)
	}
	weeks := []struct {
		at   time.Time
		want int
	}{{d(2019, 1, 1), 1}, {d(2019, 1, 5), 1}, {d(2019, 1, 6), 2}, {d(2019, 7, 23), 30}, {d(2017, 1, 1), 2}, {d(2017, 1, 7), 2}, {d(2017, 12, 31), 54}, {d(2016, 1, 1), 1}, {d(2016, 1, 3), 2}} // a year starting on a Sunday starts in week 2
	for _, w := range weeks {
		if got := weekNumber(w.at); got != w.want {
			t.Errorf("weekNumber(%v) = %d, want %d", w.at, got, w.want)
		}
	}
}

// TestFormatNamesFollowLanguage checks that MMMM, MMM, EEEE, EEE, aa and AA are written as the
// GNU C library's locale for the environment's default language and country writes them (the
// reference's names), the locale being the one a BCP 47 matcher finds best; US English without
// a language.
func TestFormatNamesFollowLanguage(t *testing.T) {
	tests := []struct {
		env  string
		want string
	}{
		{`{}`, "Monday 15 January, Mon Jan, 3 pm PM"},
		{`{"allowed_languages": ["eng", "spa"]}`, "Monday 15 January, Mon Jan, 3 pm PM"},
		{`{"allowed_languages": ["spa", "eng"]}`, "lunes 15 enero, lun ene, 3 p.\u202fm. P.\u202fM."},
		// default_language is read but, as in the reference, not what picks the language
		{`{"allowed_languages": ["eng", "por"], "default_language": "por"}`, "Monday 15 January, Mon Jan, 3 pm PM"},
		{`{"allowed_languages": ["fra"]}`, "lundi 15 janvier, lun. janv., 3 pm PM"},
		{`{"allowed_languages": ["fra"], "default_country": "CA"}`, "lundi 15 janvier, lun jan, 3 pm PM"},
		{`{"allowed_languages": ["kin"]}`, "Kuwa mbere 15 Mutarama, Mbe Mut, 3 pm PM"},
		{`{"allowed_languages": ["xho"]}`, "uMvulo 15 eyoMqungu, Mvu Mqu, 3 pm PM"},
		// the country picks among a language's locales, and a locale's own AM/PM words are
		// lower- or upper-cased
		{`{"allowed_languages": ["ara"], "default_country": "EG"}`, "الاثنين 15 يناير, ن ينا, 3 م م"},
		{`{"allowed_languages": ["ara"], "default_country": "SY"}`, "الاثنين 15 كانون الثاني, ن كانون الثاني, 3 م م"},
		{`{"allowed_languages": ["amh"]}`, "ሰኞ 15 ጃንዩወሪ, ሰኞ  ጃንዩ, 3 ከሰዓት ከሰዓት"},
		// the names are upstream glibc's of the reference's release (2.41), not an older one's
		// (Czech wrote weekdays capitalised, Tibetan months without their vowels) nor a
		// distribution's patched ones (Debian's ku_TR writes months lower-case)
		{`{"allowed_languages": ["ces"]}`, "pondělí 15 ledna, po led, 3 pm PM"},
		{`{"allowed_languages": ["kur"], "default_country": "TR"}`, "dusêm 15 Çile, dus Çil, 3 pm PM"},
		{`{"allowed_languages": ["bod"]}`, "གཟའ་ཟླ་བ་ 15 ཟླ་བ་དང་པོ་, ཟླ་ ཟླ་༡, 3 ཕྱི་ཆ ཕྱི་ཆ"},
		// only locales with a territory are candidates: Esperanto's "eo" isn't one, so the
		// matcher falls back to English
		{`{"allowed_languages": ["epo"]}`, "Monday 15 January, Mon Jan, 3 pm PM"},
	}
	for _, tc := range tests {
		env, err := ReadEnvironment([]byte(tc.env))
		if err != nil {
			t.Fatalf("%s: %v", tc.env, err)
		}
		ctx := NewEvalContext(env, NewObject())
		for _, tpl := range []string{
			`@(format_datetime("2024-01-15T15:00:00Z", "EEEE D MMMM, EEE MMM, h aa AA", "UTC"))`,
		} {
			got, errs := EvaluateTemplate(ctx, tpl)
			if len(errs) > 0 || got != tc.want {
				t.Errorf("%s %s = %q %v, want %q", tc.env, tpl, got, errs, tc.want)
			}
		}
	}
}
