package expressions

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
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

// layoutCodes lists, for each field letter, the run lengths it accepts and the modes it is valid in.
var layoutCodes = map[rune]struct {
	lengths []int
	date    bool
	time    bool
	zone    bool
}{
	'Y': {lengths: []int{4, 2}, date: true},
	'M': {lengths: []int{4, 3, 2, 1}, date: true},
	'D': {lengths: []int{2, 1}, date: true},
	'E': {lengths: []int{4, 3}, date: true},
	'h': {lengths: []int{2, 1}, time: true},
	't': {lengths: []int{2, 1}, time: true},
	'm': {lengths: []int{2, 1}, time: true},
	's': {lengths: []int{2, 1}, time: true},
	'f': {lengths: []int{9, 6, 3}, time: true},
	'a': {lengths: []int{2}, time: true},
	'A': {lengths: []int{2}, time: true},
	'Z': {lengths: []int{3, 1}, zone: true},
}

// compileLayout splits a goflow format string into its parts, rejecting letters the mode doesn't
// allow and runs of a letter of an unsupported length.
func compileLayout(format string, mode layoutMode) ([]layoutPart, error) {
	runes := []rune(format)
	parts := make([]layoutPart, 0, len(runes))
	for i := 0; i < len(runes); {
		r := runes[i]
		spec, isCode := layoutCodes[r]
		if !isCode {
			if strings.ContainsRune(layoutSeparators, r) {
				parts = append(parts, layoutPart{lit: string(r)})
				i++
				continue
			}
			return nil, fmt.Errorf("invalid format %q: unknown format character '%c'", format, r)
		}
		allowed := (spec.date && mode != layoutTime) || (spec.time && mode != layoutDate) || (spec.zone && mode == layoutDateTime)
		if !allowed {
			return nil, fmt.Errorf("invalid format %q: '%c' can't be used in a %s format", format, r, mode)
		}
		run := 0
		for i+run < len(runes) && runes[i+run] == r {
			run++
		}
		if !slices.Contains(spec.lengths, run) {
			return nil, fmt.Errorf("invalid format %q: '%s' is not a valid field", format, strings.Repeat(string(r), run))
		}
		parts = append(parts, layoutPart{code: strings.Repeat(string(r), run)})
		i += run
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

// formatWithLayout renders t according to a goflow format string.
func formatWithLayout(t time.Time, format string, mode layoutMode) (string, error) {
	parts, err := compileLayout(format, mode)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, p := range parts {
		if p.code == "" {
			b.WriteString(p.lit)
			continue
		}
		b.WriteString(formatField(t, p.code))
	}
	return b.String(), nil
}

func formatField(t time.Time, code string) string {
	hour12 := t.Hour() % 12
	if hour12 == 0 {
		hour12 = 12
	}
	switch code {
	case "YYYY":
		return fmt.Sprintf("%04d", t.Year())
	case "YY":
		return fmt.Sprintf("%02d", t.Year()%100)
	case "MMMM":
		return t.Month().String()
	case "MMM":
		return t.Month().String()[:3]
	case "MM":
		return fmt.Sprintf("%02d", int(t.Month()))
	case "M":
		return strconv.Itoa(int(t.Month()))
	case "DD":
		return fmt.Sprintf("%02d", t.Day())
	case "D":
		return strconv.Itoa(t.Day())
	case "EEEE":
		return t.Weekday().String()
	case "EEE":
		return t.Weekday().String()[:3]
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
		if t.Hour() < 12 {
			return "am"
		}
		return "pm"
	case "AA":
		if t.Hour() < 12 {
			return "AM"
		}
		return "PM"
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

// goLayoutCodes maps each goflow field to the Go reference-time element that parses it.
var goLayoutCodes = map[string]string{
	"YYYY": "2006", "YY": "06", "MMMM": "January", "MMM": "Jan", "MM": "01", "M": "1",
	"DD": "02", "D": "2", "EEEE": "Monday", "EEE": "Mon",
	"hh": "03", "h": "3", "tt": "15", "t": "15", "mm": "04", "m": "4", "ss": "05", "s": "5",
	"fff": "000", "ffffff": "000000", "fffffffff": "000000000",
	"aa": "pm", "AA": "PM", "Z": "Z07:00", "ZZZ": "-07:00",
}

// parseWithLayout reads value according to a goflow format string, in loc unless the value
// carries its own offset. Fractional seconds are accepted after the seconds even when the format
// doesn't mention them.
func parseWithLayout(format, value string, mode layoutMode, loc *time.Location) (time.Time, error) {
	parts, err := compileLayout(format, mode)
	if err != nil {
		return time.Time{}, err
	}
	var goLayout strings.Builder
	for _, p := range parts {
		if p.code == "" {
			goLayout.WriteString(p.lit)
		} else {
			goLayout.WriteString(goLayoutCodes[p.code])
		}
	}
	parsed, err := time.ParseInLocation(goLayout.String(), value, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("unable to parse %q as a %s with format %q", value, mode, format)
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

// findDateInText looks for a date in text: an ISO date at its start, else the first date written
// in the order of dateFormat (DD-MM-YYYY, MM-DD-YYYY or YYYY-MM-DD) whose day and month are
// plausible; only the order of the format matters, not its separators. Two-digit years up to
// currentYear's are taken as 20xx, later ones as 19xx. It returns the text after the date so a
// time can be looked for there.
func findDateInText(text, dateFormat string, currentYear int) (calendarDate, string, bool) {
	text = strings.TrimSpace(text)
	if len(text) >= 10 {
		if d, err := time.Parse("2006-01-02", text[:10]); err == nil {
			return calendarDate{d.Year(), int(d.Month()), d.Day()}, text[10:], true
		}
	}

	pattern, yearIdx, monthIdx, dayIdx := textDateDayFirstOrMonthFirst, 3, 2, 1
	switch {
	case strings.HasPrefix(dateFormat, "MM"):
		monthIdx, dayIdx = 1, 2
	case strings.HasPrefix(dateFormat, "YYYY"):
		pattern, yearIdx, monthIdx, dayIdx = textDateYearFirst, 1, 2, 3
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
		return calendarDate{year, month, day}, text[m[1]:], true
	}
	return calendarDate{}, text, false
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
// environment's order with an optional time after it. When the text has no time, fill supplies it
// (midnight when fill is nil).
func readDateTimeText(text, dateFormat string, loc *time.Location, now time.Time, fill *clockReading) (time.Time, bool) {
	text = strings.TrimSpace(text)
	for _, layout := range isoDateTimeLayouts {
		if t, err := time.ParseInLocation(layout, text, loc); err == nil {
			return t, true
		}
	}
	d, rest, ok := findDateInText(text, dateFormat, now.Year())
	if !ok {
		return time.Time{}, false
	}
	clock, hasTime := findTimeInText(rest)
	if !hasTime && fill != nil {
		clock = *fill
	}
	return time.Date(d.year, time.Month(d.month), d.day, clock.hour, clock.minute, clock.second, clock.nanos, loc), true
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
	jan1 := time.Date(a.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	offset := int(jan1.Weekday())
	return (a.YearDay()-1+offset)/7 + 1
}
