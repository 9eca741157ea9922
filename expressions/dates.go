package expressions

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// This file holds the date and time machinery shared by the date functions: the goflow format
// strings (YYYY-MM-DD, tt:mm, ...), and the lenient reading of dates and times out of free text
// the way a contact types them ("15/01/2017 at 10pm").

// layoutMode says which parts of a format string are allowed: a date format may not mention the
// hour and a time format may not mention the year.
type layoutMode int

const (
	layoutDate layoutMode = iota
	layoutTime
	layoutDateTime
)

// layoutPart is one element of a compiled format string: either a field code such as "YYYY" or
// "tt", or a literal separator.
type layoutPart struct {
	code string
	lit  string
}

// layoutSeparators are the characters a format may contain between its fields.
const layoutSeparators = " :,T-_/."

// layoutKind says which modes a format field may be used in.
type layoutKind uint8

const (
	kindDate layoutKind = iota
	kindTime
	kindZone // only in datetime formats
)

// layoutCodes are the format fields: their kind, the Go reference-time element that parses them,
// and whether they can be parsed at all (month and weekday names can't).
var layoutCodes = map[string]struct {
	kind      layoutKind
	goElem    string
	parseable bool
}{
	"YYYY": {kindDate, "2006", true}, "YY": {kindDate, "06", true},
	"MMMM": {kindDate, "January", false}, "MMM": {kindDate, "Jan", false}, "MM": {kindDate, "01", true}, "M": {kindDate, "1", true},
	"DD": {kindDate, "02", true}, "D": {kindDate, "2", true}, "EEEE": {kindDate, "Monday", false}, "EEE": {kindDate, "Mon", false},
	"hh": {kindTime, "03", true}, "h": {kindTime, "3", true}, "tt": {kindTime, "15", true}, "t": {kindTime, "15", true},
	"mm": {kindTime, "04", true}, "m": {kindTime, "4", true}, "ss": {kindTime, "05", true}, "s": {kindTime, "5", true},
	"fff": {kindTime, "000", true}, "ffffff": {kindTime, "000000", true}, "fffffffff": {kindTime, "000000000", true},
	"aa": {kindTime, "pm", true}, "AA": {kindTime, "PM", true},
	"Z": {kindZone, "Z07:00", true}, "ZZZ": {kindZone, "-07:00", true},
}

// compileLayout splits a goflow format string into runs of one character: separators, kept as
// literal text, and fields. A run that isn't a field the mode allows is an error worded as the
// reference words it ("'YYY' is not valid in a date formatting layout").
func compileLayout(format string, mode layoutMode, parsing bool) ([]layoutPart, error) {
	runes := []rune(format)
	parts := make([]layoutPart, 0, len(runes))
	for i := 0; i < len(runes); {
		run := 1
		for i+run < len(runes) && runes[i+run] == runes[i] {
			run++
		}
		seq := string(runes[i : i+run])
		i += run
		if strings.ContainsRune(layoutSeparators, runes[i-run]) {
			parts = append(parts, layoutPart{lit: seq})
			continue
		}
		spec, isCode := layoutCodes[seq]
		allowed := isCode && (!parsing || spec.parseable)
		switch {
		case !allowed:
		case spec.kind == kindDate:
			allowed = mode != layoutTime
		case spec.kind == kindTime:
			allowed = mode != layoutDate
		default:
			allowed = mode == layoutDateTime
		}
		if !allowed {
			use := "formatting"
			if parsing {
				use = "parsing"
			}
			return nil, fmt.Errorf("'%s' is not valid in a %s %s layout", seq, mode, use)
		}
		parts = append(parts, layoutPart{code: seq})
	}
	return parts, nil
}

func (m layoutMode) String() string {
	switch m {
	case layoutDate:
		return "date"
	case layoutTime:
		return "time"
	}
	return "datetime"
}

// formatWithLayout renders t according to a goflow format string, writing month and weekday
// names from names (US English when nil).
func formatWithLayout(t time.Time, format string, mode layoutMode, names *calendarNames) (string, error) {
	parts, err := compileLayout(format, mode, false)
	if err != nil {
		return "", err
	}
	if names == nil {
		names = namesForLocale("", "")
	}
	var b strings.Builder
	for _, p := range parts {
		if p.code == "" {
			b.WriteString(p.lit)
			continue
		}
		b.WriteString(formatField(t, p.code, names))
	}
	return b.String(), nil
}

func formatField(t time.Time, code string, names *calendarNames) string {
	hour12 := t.Hour() % 12
	if hour12 == 0 {
		hour12 = 12
	}
	switch code {
	case "YYYY":
		return t.Format("2006") // -0005 and 12345 as the reference writes them
	case "YY":
		return t.Format("06")
	case "MMMM":
		return names.monthName(t.Month(), false)
	case "MMM":
		return names.monthName(t.Month(), true)
	case "MM":
		return fmt.Sprintf("%02d", int(t.Month()))
	case "M":
		return strconv.Itoa(int(t.Month()))
	case "DD":
		return fmt.Sprintf("%02d", t.Day())
	case "D":
		return strconv.Itoa(t.Day())
	case "EEEE":
		return names.dayName(t.Weekday(), false)
	case "EEE":
		return names.dayName(t.Weekday(), true)
	case "hh":
		return fmt.Sprintf("%02d", hour12)
	case "h":
		return strconv.Itoa(hour12)
	case "tt":
		return fmt.Sprintf("%02d", t.Hour())
	case "t":
		return strconv.Itoa(t.Hour())
	case "mm":
		return fmt.Sprintf("%02d", t.Minute())
	case "m":
		return strconv.Itoa(t.Minute())
	case "ss":
		return fmt.Sprintf("%02d", t.Second())
	case "s":
		return strconv.Itoa(t.Second())
	case "fff":
		return fmt.Sprintf("%03d", t.Nanosecond()/1e6)
	case "ffffff":
		return fmt.Sprintf("%06d", t.Nanosecond()/1e3)
	case "fffffffff":
		return fmt.Sprintf("%09d", t.Nanosecond())
	case "aa":
		return names.ampm(t.Hour(), false)
	case "AA":
		return names.ampm(t.Hour(), true)
	case "Z":
		if _, off := t.Zone(); off == 0 {
			return "Z"
		}
		return t.Format("-07:00")
	case "ZZZ":
		return t.Format("-07:00")
	}
	return ""
}

// parseWithLayout reads value according to a goflow format string, in loc unless the value
// carries its own offset. Fractional seconds are accepted after the seconds even when the format
// doesn't mention them. A value that doesn't fit says, as the reference does, which part of the
// value the parse stopped at and which field of the format it expected there.
func parseWithLayout(format, value string, mode layoutMode, loc *time.Location) (time.Time, error) {
	parts, err := compileLayout(format, mode, true)
	if err != nil {
		return time.Time{}, err
	}
	var goLayout strings.Builder
	fields := make(map[string]string, len(parts)) // Go element -> the field written in format
	for _, p := range parts {
		if p.code == "" {
			goLayout.WriteString(p.lit)
		} else {
			elem := layoutCodes[p.code].goElem
			goLayout.WriteString(elem)
			fields[elem] = p.code
		}
	}
	parsed, err := time.ParseInLocation(goLayout.String(), value, loc)
	if err != nil {
		var pe *time.ParseError
		if !errors.As(err, &pe) {
			return time.Time{}, fmt.Errorf("cannot parse '%s'", value)
		}
		expected := pe.LayoutElem
		if f, ok := fields[expected]; ok {
			expected = f
		}
		return time.Time{}, fmt.Errorf("cannot parse '%s' as '%s'", pe.ValueElem, expected)
	}
	return parsed, nil
}

// textDatePatterns find a date typed in the environment's day/month/year order anywhere in text.
var (
	textDateDayFirstOrMonthFirst = regexp.MustCompile(`\b([0-9]{1,2})[-.\\/_ ]([0-9]{1,2})[-.\\/_ ]([0-9]{4}|[0-9]{2})\b`)
	textDateYearFirst            = regexp.MustCompile(`\b([0-9]{4}|[0-9]{2})[-.\\/_ ]([0-9]{1,2})[-.\\/_ ]([0-9]{1,2})\b`)
	textTimeOfDay                = regexp.MustCompile(`\b(\d{1,2})(?:(?::)?(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\W*([aApP][mM])?\b`)
)

// calendarDate is a year, month and day as read from text, before it becomes a time.Time.
type calendarDate struct {
	year, month, day int
}

// hasISODatePrefix reports whether text starts with an ISO date (2006-01-02), which is read
// without the current year.
func hasISODatePrefix(text string) bool {
	if len(text) < 10 {
		return false
	}
	_, err := time.Parse("2006-01-02", text[:10])
	return err == nil
}

// findDateInText looks for a date in text: an ISO date at its start, else the first date written
// in the order of dateFormat (DD-MM-YYYY, MM-DD-YYYY or YYYY-MM-DD) whose day and month are
// plausible; only the order of the format matters, not its separators. Two-digit years up to
// currentYear's are taken as 20xx, later ones as 19xx. It returns the text after the date so a
// time can be looked for there.
func findDateInText(text, dateFormat string, currentYear int) (calendarDate, string, bool) {
	text = strings.TrimSpace(text)
	if hasISODatePrefix(text) {
		d, _ := time.Parse("2006-01-02", text[:10])
		return calendarDate{d.Year(), int(d.Month()), d.Day()}, text[10:], true
	}

	// the order of a date's parts comes from the three dash layouts alone; under the others
	// (DD/MM/YYYY, YYYY.MM.DD, ...) the reference knows no order and reads ISO dates only
	pattern, yearIdx, monthIdx, dayIdx := textDateDayFirstOrMonthFirst, 3, 2, 1
	switch dateFormat {
	case "DD-MM-YYYY":
	case "MM-DD-YYYY":
		monthIdx, dayIdx = 1, 2
	case "YYYY-MM-DD":
		pattern, yearIdx, monthIdx, dayIdx = textDateYearFirst, 1, 2, 3
	default:
		return calendarDate{}, text, false
	}

	for _, m := range pattern.FindAllStringSubmatchIndex(text, -1) {
		group := func(i int) string { return text[m[2*i]:m[2*i+1]] }
		day, _ := strconv.Atoi(group(dayIdx))
		month, _ := strconv.Atoi(group(monthIdx))
		if day < 1 || day > 31 || month < 1 || month > 12 {
			continue
		}
		yearText := group(yearIdx)
		year, _ := strconv.Atoi(yearText)
		if len(yearText) == 2 {
			if year > currentYear%1000 {
				year += 1900
			} else {
				year += 2000
			}
		}
		if day > daysInMonth(year, month) {
			continue // 31/4 or 29/2 of a common year is no date: look further on
		}
		return calendarDate{year, month, day}, text[m[1]:], true
	}
	return calendarDate{}, text, false
}

// daysInMonth is the number of days in a month (1-12) of the proleptic Gregorian calendar.
func daysInMonth(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// clockReading is a time of day as read from text.
type clockReading struct {
	hour, minute, second, nanos int
}

// findTimeInText looks for the first plausible time of day in text: "10", "10:30", "1030",
// "10:30:45.123", each optionally followed by am/pm.
func findTimeInText(text string) (clockReading, bool) {
	for _, m := range textTimeOfDay.FindAllStringSubmatch(text, -1) {
		hour, _ := strconv.Atoi(m[1])
		minute, _ := strconv.Atoi(m[2])
		second, _ := strconv.Atoi(m[3])
		switch ampm := strings.ToLower(m[5]); {
		case ampm == "pm" && hour < 12:
			hour += 12
		case ampm == "am" && hour == 12:
			hour = 0
		}
		nanos := 0
		if frac := m[4]; frac != "" {
			if len(frac) > 9 {
				frac = frac[:9]
			}
			nanos, _ = strconv.Atoi(frac + strings.Repeat("0", 9-len(frac)))
		}
		if hour == 24 && minute == 0 && second == 0 && nanos == 0 {
			hour = 0 // 24:00 is midnight
		}
		if hour > 23 || minute > 59 || second > 59 {
			continue
		}
		return clockReading{hour, minute, second, nanos}, true
	}
	return clockReading{}, false
}

// isoDateTimeLayouts are the full ISO 8601 forms tried before any lenient reading of a datetime.
var isoDateTimeLayouts = []string{"2006-01-02T15:04:05Z07:00", "2006-01-02T15:04Z07:00"}

// readDateTimeText reads a datetime out of free text: an ISO 8601 datetime, else a date in the
// environment's order with an optional time after it. When the text has no time, fill takes the
// time of day from the clock (else it is midnight).
//
// The clock is read as the reference reads it: once for the current year when the text isn't ISO
// (found or not), and once more for the time of day a found date without a time is filled with.
func readDateTimeText(text, dateFormat string, loc *time.Location, clock func() time.Time, fill bool) (time.Time, bool) {
	text = strings.TrimSpace(text)
	for _, layout := range isoDateTimeLayouts {
		if t, err := time.ParseInLocation(layout, text, loc); err == nil {
			return t, true
		}
	}
	year := 0
	if !hasISODatePrefix(text) {
		year = clock().Year()
	}
	d, rest, ok := findDateInText(text, dateFormat, year)
	if !ok {
		return time.Time{}, false
	}
	c, hasTime := findTimeInText(rest)
	if !hasTime && fill {
		now := clock()
		c = clockReading{now.Hour(), now.Minute(), now.Second(), now.Nanosecond()}
	}
	return time.Date(d.year, time.Month(d.month), d.day, c.hour, c.minute, c.second, c.nanos, loc), true
}

// daysBetween counts calendar days from a to b, each taken in its own timezone.
func daysBetween(a, b time.Time) int {
	da := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	db := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return int(db.Sub(da) / (24 * time.Hour))
}

// monthsBetween counts calendar months from a to b, ignoring the days.
func monthsBetween(a, b time.Time) int {
	return (b.Year()-a.Year())*12 + int(b.Month()-a.Month())
}

// weekNumber numbers the weeks of a's year from 1, weeks starting on Sunday and week 1 being the
// one holding January 1st.
func weekNumber(a time.Time) int {
	// the reference's count, in which a year starting on a Sunday starts in week 2
	return (a.YearDay()-1-int(a.Weekday())+7)/7 + 1
}

// The date and time functions. Datetimes are shown in the environment's time zone unless they
// carry their own; now() and today() read the evaluation's clock so that runs are repeatable.

func init() {
	RegisterFunction("parse_datetime", fnParseDateTime, FunctionDoc{
		Signature: "parse_datetime(text, format [, timezone])",
		Summary:   "Reads `text` as a datetime written in `format` (YYYY, MM, DD, tt, mm, ss, ...), in `timezone` or the environment's.",
		MinArgs:   2, MaxArgs: 3,
		Examples: []Example{
			{Template: `@(parse_datetime("1979-07-18", "YYYY-MM-DD"))`, Output: "1979-07-18T00:00:00.000000-05:00"},
			{Template: `@(parse_datetime("2010 5 10", "YYYY M DD"))`, Output: "2010-05-10T00:00:00.000000-05:00"},
			{Template: `@(parse_datetime("2010 5 10 12:50", "YYYY M DD tt:mm", "America/Los_Angeles"))`, Output: "2010-05-10T12:50:00.000000-07:00"},
			{Template: `@(parse_datetime("NOT DATE", "YYYY-MM-DD"))`, Error: true},
		},
	})
	RegisterFunction("datetime_from_epoch", fnDateTimeFromEpoch, FunctionDoc{
		Signature: "datetime_from_epoch(seconds)", Summary: "Returns the datetime `seconds` after the UNIX epoch, in the environment's time zone.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(datetime_from_epoch(1497286619))`, Output: "2017-06-12T11:56:59.000000-05:00"},
			{Template: `@(datetime_from_epoch(1497286619.123456))`, Output: "2017-06-12T11:56:59.123456-05:00"},
		},
	})
	RegisterFunction("datetime_diff", fnDateTimeDiff, FunctionDoc{
		Signature: "datetime_diff(date1, date2, unit)",
		Summary:   "Returns the time from `date1` to `date2` in whole `unit`s: Y years, M months, W weeks, D days, h hours, m minutes or s seconds.",
		MinArgs:   3, MaxArgs: 3,
		Examples: []Example{
			{Template: `@(datetime_diff("2017-01-15", "2017-01-17", "D"))`, Output: "2"},
			{Template: `@(datetime_diff("2017-01-15", "2017-05-15", "W"))`, Output: "17"},
			{Template: `@(datetime_diff("2017-01-15", "2017-05-15", "M"))`, Output: "4"},
			{Template: `@(datetime_diff("2017-01-17 10:50", "2017-01-17 12:30", "h"))`, Output: "1"},
			{Template: `@(datetime_diff("2017-01-17", "2015-12-17", "Y"))`, Output: "-2"},
			{Template: `@(datetime_diff("2017-01-17", "2015-12-17", "x"))`, Error: true},
		},
	})
	RegisterFunction("datetime_add", fnDateTimeAdd, FunctionDoc{
		Signature: "datetime_add(datetime, offset, unit)",
		Summary:   "Returns `datetime` moved by `offset` `unit`s: Y years, M months, W weeks, D days, h hours, m minutes or s seconds.",
		MinArgs:   3, MaxArgs: 3, ArityMessage: "takes exactly three arguments, received %d",
		Examples: []Example{
			{Template: `@(datetime_add("2017-01-15", 5, "D"))`, Output: "2017-01-20T00:00:00.000000-05:00"},
			{Template: `@(datetime_add("2017-01-15 10:45", 30, "m"))`, Output: "2017-01-15T11:15:00.000000-05:00"},
			{Template: `@(datetime_add("2017-01-15", 1, "x"))`, Error: true},
		},
	})
	RegisterFunction("replace_time", fnReplaceTime, FunctionDoc{
		Signature: "replace_time(datetime, time)", Summary: "Returns `datetime` with its time of day replaced by `time`.",
		MinArgs: 2, MaxArgs: 2,
		Examples: []Example{
			{Template: `@(replace_time("2017-01-15", "10:30"))`, Output: "2017-01-15T10:30:00.000000-05:00"},
			{Template: `@(replace_time("foo", "10:30"))`, Error: true},
		},
	})
	RegisterFunction("tz", fnTZ, FunctionDoc{
		Signature: "tz(datetime)", Summary: "Returns the name of the time zone of `datetime`.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(tz("2017-01-15T02:15:18.123456Z"))`, Output: "UTC"},
			{Template: `@(tz("2017-01-15"))`, Output: "America/Guayaquil"},
			{Template: `@(tz("foo"))`, Error: true},
		},
	})
	RegisterFunction("tz_offset", fnTZOffset, FunctionDoc{
		Signature: "tz_offset(datetime)", Summary: "Returns the offset from UTC of the time zone of `datetime`, as +HHMM or -HHMM.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(tz_offset("2017-01-15T02:15:18.123456Z"))`, Output: "+0000"},
			{Template: `@(tz_offset("2017-01-15"))`, Output: "-0500"},
			{Template: `@(tz_offset("foo"))`, Error: true},
		},
	})
	RegisterFunction("now", fnNow, FunctionDoc{
		Signature: "now()", Summary: "Returns the current datetime in the environment's time zone.",
		MinArgs: 0, MaxArgs: 0,
		Examples: []Example{
			{Template: `@(now() = now())`, Output: "true"},
			{Template: `@(now(1))`, Error: true},
		},
	})
	RegisterFunction("epoch", fnEpoch, FunctionDoc{
		Signature: "epoch(datetime)", Summary: "Returns the number of seconds from the UNIX epoch to `datetime`, with any fraction.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(epoch("2017-06-12T16:56:59.000000Z"))`, Output: "1497286619"},
			{Template: `@(epoch("2017-06-12T18:56:59.000000+02:00"))`, Output: "1497286619"},
			{Template: `@(epoch("2017-06-12T16:56:59.123456Z"))`, Output: "1497286619.123456"},
		},
	})
	RegisterFunction("date_from_parts", fnDateFromParts, FunctionDoc{
		Signature: "date_from_parts(year, month, day)", Summary: "Returns the date of `year`, `month` and `day`; days past the month's end roll into the next.",
		MinArgs: 3, MaxArgs: 3,
		Examples: []Example{
			{Template: `@(date_from_parts(2017, 1, 15))`, Output: "2017-01-15"},
			{Template: `@(date_from_parts(2017, 2, 31))`, Output: "2017-03-03"},
			{Template: `@(date_from_parts(2017, 13, 15))`, Error: true},
		},
	})
	RegisterFunction("weekday", fnWeekday, FunctionDoc{
		Signature: "weekday(date)", Summary: "Returns the day of the week of `date`, 0 for Sunday to 6 for Saturday.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(weekday("2017-01-15"))`, Output: "0"},
			{Template: `@(weekday("foo"))`, Error: true},
		},
	})
	RegisterFunction("week_number", fnWeekNumber, FunctionDoc{
		Signature: "week_number(date)", Summary: "Returns the week of the year of `date`, weeks starting on Sunday and week 1 holding January 1st.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(week_number("2019-01-01"))`, Output: "1"},
			{Template: `@(week_number("2019-07-23T16:56:59.000000Z"))`, Output: "30"},
			{Template: `@(week_number("xx"))`, Error: true},
		},
	})
	RegisterFunction("today", fnToday, FunctionDoc{
		Signature: "today()", Summary: "Returns the current date in the environment's time zone.",
		MinArgs: 0, MaxArgs: 0,
		Examples: []Example{
			{Template: `@(today() = date(now()))`, Output: "true"},
		},
	})
	RegisterFunction("parse_time", fnParseTime, FunctionDoc{
		Signature: "parse_time(text, format)", Summary: "Reads `text` as a time of day written in `format` (h, hh, tt, mm, ss, aa, ...).",
		MinArgs: 2, MaxArgs: 2,
		Examples: []Example{
			{Template: `@(parse_time("15:28", "tt:mm"))`, Output: "15:28:00.000000"},
			{Template: `@(parse_time("2:40 pm", "h:mm aa"))`, Output: "14:40:00.000000"},
			{Template: `@(parse_time("NOT TIME", "tt:mm"))`, Error: true},
		},
	})
	RegisterFunction("time_from_parts", fnTimeFromParts, FunctionDoc{
		Signature: "time_from_parts(hour, minute, second)", Summary: "Returns the time of day `hour`:`minute`:`second`.",
		MinArgs: 3, MaxArgs: 3,
		Examples: []Example{
			{Template: `@(time_from_parts(14, 40, 15))`, Output: "14:40:15.000000"},
			{Template: `@(time_from_parts(8, 10, 0))`, Output: "08:10:00.000000"},
			{Template: `@(time_from_parts(25, 0, 0))`, Error: true},
		},
	})
	RegisterFunction("format_date", fnFormatDate, FunctionDoc{
		Signature: "format_date(date [, format])",
		Summary:   "Writes `date` in `format` (YYYY, YY, MM, M, MMM, MMMM, DD, D, EEE, EEEE), or the environment's date format.",
		MinArgs:   1, MaxArgs: 2,
		Examples: []Example{
			{Template: `@(format_date("1979-07-18T15:00:00.000000Z"))`, Output: "18-07-1979"},
			{Template: `@(format_date("2010-05-10T19:50:00.000000Z", "YYYY M DD"))`, Output: "2010 5 10"},
			{Template: `@(format_date("1979-07-18", "EEEE, D MMMM"))`, Output: "Wednesday, 18 July"},
			{Template: `@(format_date("NOT DATE", "YYYY-MM-DD"))`, Error: true},
		},
	})
	RegisterFunction("format_datetime", fnFormatDateTime, FunctionDoc{
		Signature: "format_datetime(datetime [, format [, timezone]])",
		Summary:   "Writes `datetime` in `format` (date codes plus h, hh, t, tt, m, mm, s, ss, fff, aa, AA, Z, ZZZ), or the environment's formats, in `timezone` or the environment's.",
		MinArgs:   1, MaxArgs: 3,
		Examples: []Example{
			{Template: `@(format_datetime("1979-07-18T15:00:00.000000Z"))`, Output: "18-07-1979 10:00"},
			{Template: `@(format_datetime("2010-05-10T19:50:00.000000Z", "YYYY M DD tt:mm"))`, Output: "2010 5 10 14:50"},
			{Template: `@(format_datetime("2010-05-10T19:50:00.000000Z", "YYYY-MM-DD hh:mm AA", "America/Los_Angeles"))`, Output: "2010-05-10 12:50 PM"},
			{Template: `@(format_datetime("NOT DATE", "YYYY-MM-DD"))`, Error: true},
		},
	})
	RegisterFunction("format_time", fnFormatTime, FunctionDoc{
		Signature: "format_time(time [, format])",
		Summary:   "Writes `time` in `format` (h, hh, t, tt, m, mm, s, ss, fff, ffffff, aa, AA), or the environment's time format.",
		MinArgs:   1, MaxArgs: 2,
		Examples: []Example{
			{Template: `@(format_time("14:50:30.000000"))`, Output: "14:50"},
			{Template: `@(format_time("14:50:30.000000", "h:mm aa"))`, Output: "2:50 pm"},
			{Template: `@(format_time("15:00:27.000000", "s"))`, Output: "27"},
			{Template: `@(format_time("NOT TIME", "hh:mm"))`, Error: true},
		},
	})
}

// locationArg reads an IANA time zone name argument.
func locationArg(ctx *EvalContext, v Value) (*time.Location, *Error) {
	name, err := ToText(ctx, v)
	if err != nil {
		return nil, err
	}
	if name == "" || name == "Local" { // as in the reference, which runs in UTC, both mean UTC
		return time.UTC, nil
	}
	loc, loadErr := time.LoadLocation(name)
	if loadErr != nil {
		return nil, NewError("%s", loadErr.Error()) // "unknown time zone X", the reference's words
	}
	return loc, nil
}

func fnParseDateTime(ctx *EvalContext, args []Value) Value {
	texts, err := textArgs(ctx, args[:2])
	if err != nil {
		return err
	}
	loc := ctx.Location()
	if len(args) > 2 {
		if loc, err = locationArg(ctx, args[2]); err != nil {
			return err
		}
	}
	t, parseErr := parseWithLayout(texts[1], texts[0], layoutDateTime, loc)
	if parseErr != nil {
		return NewError("%s", parseErr.Error())
	}
	return DateTime{t}
}

// nanosPerSecond converts between epoch seconds and nanoseconds.
var nanosPerSecond = decimal.NewFromInt(int64(time.Second))

func fnDateTimeFromEpoch(ctx *EvalContext, args []Value) Value {
	secs, err := ToNumber(ctx, args[0])
	if err != nil {
		return err
	}
	nanos := secs.Mul(nanosPerSecond)
	if nanos.Abs().GreaterThan(decimal.NewFromInt(math.MaxInt64)) {
		return NewError("epoch time is out of range")
	}
	return DateTime{time.Unix(0, nanos.IntPart()).In(ctx.Location())}
}

// dateUnitError is the error for a unit datetime_diff and datetime_add don't know.
func dateUnitError(unit string) *Error {
	// the reference shows the unit as its Go value's debug form
	return NewError("unknown unit: XText(%s), must be one of s, m, h, D, W, M, Y", strconv.Quote(unit))
}

func fnDateTimeDiff(ctx *EvalContext, args []Value) Value {
	from, err := ToDateTime(ctx, args[0])
	if err != nil {
		return err
	}
	to, err := ToDateTime(ctx, args[1])
	if err != nil {
		return err
	}
	unit, err := ToText(ctx, args[2])
	if err != nil {
		return err
	}
	elapsed := to.Sub(from.Time)
	var n int64
	switch unit {
	case "s":
		n = int64(elapsed / time.Second)
	case "m":
		n = int64(elapsed / time.Minute)
	case "h":
		n = int64(elapsed / time.Hour)
	case "D":
		n = int64(daysBetween(from.Time, to.Time))
	case "W":
		n = int64(daysBetween(from.Time, to.Time) / 7)
	case "M":
		n = int64(monthsBetween(from.Time, to.Time))
	case "Y":
		n = int64(to.Year() - from.Year())
	default:
		return dateUnitError(unit)
	}
	return NewNumberInt(n)
}

func fnDateTimeAdd(ctx *EvalContext, args []Value) Value {
	dt, err := ToDateTime(ctx, args[0])
	if err != nil {
		return err
	}
	offset, err := ToInteger(ctx, args[1])
	if err != nil {
		return err
	}
	unit, err := ToText(ctx, args[2])
	if err != nil {
		return err
	}
	t := dt.Time
	switch unit {
	case "s":
		t = t.Add(time.Duration(offset) * time.Second)
	case "m":
		t = t.Add(time.Duration(offset) * time.Minute)
	case "h":
		t = t.Add(time.Duration(offset) * time.Hour)
	case "D":
		t = t.AddDate(0, 0, offset)
	case "W":
		t = t.AddDate(0, 0, offset*7)
	case "M":
		t = t.AddDate(0, offset, 0)
	case "Y":
		t = t.AddDate(offset, 0, 0)
	default:
		return dateUnitError(unit)
	}
	return DateTime{t}
}

func fnReplaceTime(ctx *EvalContext, args []Value) Value {
	dt, err := ToDateTime(ctx, args[0])
	if err != nil {
		return err
	}
	tod, err := ToTime(ctx, args[1])
	if err != nil {
		return err
	}
	return DateTime{time.Date(dt.Year(), dt.Month(), dt.Day(), tod.Hour, tod.Minute, tod.Second, tod.Nanosecond, dt.Location())}
}

func fnTZ(ctx *EvalContext, args []Value) Value {
	dt, err := ToDateTime(ctx, args[0])
	if err != nil {
		return err
	}
	// a zone read as an offset alone ("+02:00") has no name, and the reference gives "" for it
	return Text(dt.Location().String())
}

func fnTZOffset(ctx *EvalContext, args []Value) Value {
	dt, err := ToDateTime(ctx, args[0])
	if err != nil {
		return err
	}
	return Text(dt.Format("-0700"))
}

func fnNow(ctx *EvalContext, args []Value) Value {
	return DateTime{ctx.CurrentTime()}
}

func fnEpoch(ctx *EvalContext, args []Value) Value {
	dt, err := ToDateTime(ctx, args[0])
	if err != nil {
		return err
	}
	secs := decimal.NewFromInt(dt.Unix()).Add(decimal.New(int64(dt.Nanosecond()), -9))
	return NewNumber(secs)
}

func fnDateFromParts(ctx *EvalContext, args []Value) Value {
	parts, err := integerArgs(ctx, args)
	if err != nil {
		return err
	}
	if parts[1] < 1 || parts[1] > 12 {
		return NewError("invalid value for month, must be 1-12")
	}
	return NewDate(parts[0], time.Month(parts[1]), parts[2]) // days beyond the month roll over
}

// integerArgs converts every argument to an integer.
func integerArgs(ctx *EvalContext, args []Value) ([]int, *Error) {
	out := make([]int, len(args))
	for i, a := range args {
		n, err := ToInteger(ctx, a)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

func fnWeekday(ctx *EvalContext, args []Value) Value {
	d, err := ToDate(ctx, args[0])
	if err != nil {
		return err
	}
	return NewNumberInt(int64(d.In(time.UTC).Weekday()))
}

func fnWeekNumber(ctx *EvalContext, args []Value) Value {
	d, err := ToDate(ctx, args[0])
	if err != nil {
		return err
	}
	return NewNumberInt(int64(weekNumber(d.In(time.UTC))))
}

func fnToday(ctx *EvalContext, args []Value) Value {
	return DateOf(ctx.CurrentTime())
}

func fnParseTime(ctx *EvalContext, args []Value) Value {
	texts, err := textArgs(ctx, args)
	if err != nil {
		return err
	}
	t, parseErr := parseWithLayout(texts[1], texts[0], layoutTime, time.UTC)
	if parseErr != nil {
		return NewError("%s", parseErr.Error())
	}
	return TimeOf(t)
}

func fnTimeFromParts(ctx *EvalContext, args []Value) Value {
	parts, err := integerArgs(ctx, args)
	if err != nil {
		return err
	}
	limits := []struct {
		name string
		max  int
	}{{"hour", 23}, {"minute", 59}, {"second", 59}}
	for i, l := range limits {
		if parts[i] < 0 || parts[i] > l.max {
			return NewError("invalid value for %s, must be 0-%d", l.name, l.max)
		}
	}
	return TimeOfDay{Hour: parts[0], Minute: parts[1], Second: parts[2]}
}

// formatArg returns the format argument at i, or def when there are fewer arguments.
func formatArg(ctx *EvalContext, args []Value, i int, def string) (string, *Error) {
	if len(args) <= i {
		return def, nil
	}
	return ToText(ctx, args[i])
}

func fnFormatDate(ctx *EvalContext, args []Value) Value {
	d, err := ToDate(ctx, args[0])
	if err != nil {
		return err
	}
	format, err := formatArg(ctx, args, 1, ctx.Env.DateFormat)
	if err != nil {
		return err
	}
	s, err := formatInLayout(ctx, d.In(time.UTC), format, layoutDate)
	if err != nil {
		return err
	}
	return Text(s)
}

func fnFormatDateTime(ctx *EvalContext, args []Value) Value {
	dt, err := ToDateTime(ctx, args[0])
	if err != nil {
		return err
	}
	format, err := formatArg(ctx, args, 1, ctx.Env.DateFormat+" "+ctx.Env.TimeFormat)
	if err != nil {
		return err
	}
	loc := ctx.Location()
	if len(args) > 2 {
		if loc, err = locationArg(ctx, args[2]); err != nil {
			return err
		}
	}
	s, err := formatInLayout(ctx, dt.In(loc), format, layoutDateTime)
	if err != nil {
		return err
	}
	return Text(s)
}

func fnFormatTime(ctx *EvalContext, args []Value) Value {
	tod, err := ToTime(ctx, args[0])
	if err != nil {
		return err
	}
	format, err := formatArg(ctx, args, 1, ctx.Env.TimeFormat)
	if err != nil {
		return err
	}
	s, err := formatInLayout(ctx, clockOn(tod), format, layoutTime)
	if err != nil {
		return err
	}
	return Text(s)
}
