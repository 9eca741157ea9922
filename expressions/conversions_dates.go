package expressions

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// ToDate converts v to a date: datetimes give their day in their own zone, text is read as ISO 8601
// or in the environment's date format (`10/05/2010` is 10 May with DD-MM-YYYY).
func ToDate(ctx *EvalContext, v Value) (Date, *Error) {
	switch t := v.(type) {
	case Date:
		return t, nil
	case DateTime:
		return DateOf(t.Time), nil
	case Text:
		if p, ok := parseDateTimeText(ctx, string(t)); ok {
			return p.date, nil
		}
	case *Object:
		if t.hasDefault {
			return ToDate(ctx, t.def)
		}
	case *Error:
		return Date{}, t
	}
	return Date{}, NewError("unable to convert %s to a date", Describe(v))
}

// ToDateTime converts v to a datetime: dates become midnight in the environment's zone, text is
// read like ToDate plus an optional time and zone (the environment's zone when none is given).
func ToDateTime(ctx *EvalContext, v Value) (DateTime, *Error) {
	switch t := v.(type) {
	case DateTime:
		return t, nil
	case Date:
		return DateTime{t.In(ctx.Location())}, nil
	case Text:
		if p, ok := parseDateTimeText(ctx, string(t)); ok {
			return DateTime{p.toTime(ctx.Location())}, nil
		}
	case *Object:
		if t.hasDefault {
			return ToDateTime(ctx, t.def)
		}
	case *Error:
		return DateTime{}, t
	}
	return DateTime{}, NewError("unable to convert %s to a datetime", Describe(v))
}

// ToTime converts v to a time of day: datetimes give their time, text is read as a time
// (`10:30`, `10:30:45.5`, `10:30 pm`, `22`) or as a datetime whose time is taken.
func ToTime(ctx *EvalContext, v Value) (TimeOfDay, *Error) {
	switch t := v.(type) {
	case TimeOfDay:
		return t, nil
	case DateTime:
		return TimeOf(t.Time), nil
	case Text:
		if tod, ok := ParseTimeOfDay(string(t)); ok {
			return tod, nil
		}
		if p, ok := parseDateTimeText(ctx, string(t)); ok && p.hasTime {
			return TimeOf(p.toTime(ctx.Location())), nil
		}
	case Number:
		if h, err := ToInteger(ctx, t); err == nil && h >= 0 && h < 24 && t.d.IsInteger() {
			return TimeOfDay{Hour: h}, nil
		}
	case *Object:
		if t.hasDefault {
			return ToTime(ctx, t.def)
		}
	case *Error:
		return TimeOfDay{}, t
	}
	return TimeOfDay{}, NewError("unable to convert %s to a time", Describe(v))
}

// parsedDateTime is what was found in a text: a day, perhaps a time, perhaps a zone.
type parsedDateTime struct {
	date    Date
	hasTime bool
	tod     TimeOfDay
	loc     *time.Location // nil when the text gave no zone
}

func (p parsedDateTime) toTime(loc *time.Location) time.Time {
	if p.loc != nil {
		loc = p.loc
	}
	return time.Date(p.date.Year, p.date.Month, p.date.Day, p.tod.Hour, p.tod.Minute, p.tod.Second, p.tod.Nanosecond, loc)
}

var (
	isoDateTimeRe = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$`)
	looseDateRe   = regexp.MustCompile(`(\d{1,4})[-./ ](\d{1,2})[-./ ](\d{1,4})`)
	timeRe        = regexp.MustCompile(`(?i)(?:^|[^\d])(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:\s*([ap])\.?m\.?)?`)
	bareTimeRe    = regexp.MustCompile(`(?i)^\s*(\d{1,2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(?:([ap])\.?m\.?)?\s*$`)
)

// parseDateTimeText finds a date (and maybe a time) in s: first as strict ISO 8601, then as the
// first date-like group of numbers, ordered as the environment's date format says.
func parseDateTimeText(ctx *EvalContext, s string) (parsedDateTime, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 200 { // dates are short: don't run regexps over long texts
		return parsedDateTime{}, false
	}
	if m := isoDateTimeRe.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		if !validDay(y, mo, d) {
			return parsedDateTime{}, false
		}
		p := parsedDateTime{date: Date{y, time.Month(mo), d}}
		if m[4] != "" {
			tod, ok := timeFromParts(m[4], m[5], m[6], m[7], "")
			if !ok {
				return parsedDateTime{}, false
			}
			p.hasTime, p.tod = true, tod
		}
		if m[8] != "" {
			p.loc = zoneFromOffset(m[8])
		}
		return p, true
	}
	idx := looseDateRe.FindStringSubmatchIndex(s)
	if idx == nil {
		return parsedDateTime{}, false
	}
	a, b, c := s[idx[2]:idx[3]], s[idx[4]:idx[5]], s[idx[6]:idx[7]]
	var ys, ms, ds string
	format := "YYYY-MM-DD"
	if ctx != nil && ctx.Env != nil {
		format = ctx.Env.DateFormat
	}
	switch {
	case len(a) == 4 || strings.HasPrefix(format, "YYYY"):
		ys, ms, ds = a, b, c
	case strings.HasPrefix(format, "MM"):
		ms, ds, ys = a, b, c
	default:
		ds, ms, ys = a, b, c
	}
	if len(ds) > 2 || len(ms) > 2 || len(ys) == 3 || len(ys) == 1 {
		return parsedDateTime{}, false
	}
	y, _ := strconv.Atoi(ys)
	mo, _ := strconv.Atoi(ms)
	d, _ := strconv.Atoi(ds)
	if len(ys) == 2 {
		y += 2000
		if ctx != nil && y > ctx.CurrentTime().Year()+20 {
			y -= 100
		}
	}
	if !validDay(y, mo, d) {
		return parsedDateTime{}, false
	}
	p := parsedDateTime{date: Date{y, time.Month(mo), d}}
	rest := s[idx[1]:]
	if m := timeRe.FindStringSubmatch(rest); m != nil {
		if tod, ok := timeFromParts(m[1], m[2], m[3], m[4], m[5]); ok {
			p.hasTime, p.tod = true, tod
		}
	}
	return p, true
}

// ParseTimeOfDay reads a text that is only a time: `10`, `10:30`, `10:30:45.123`, optionally
// followed by am/pm.
func ParseTimeOfDay(s string) (TimeOfDay, bool) {
	if len(s) > 40 {
		return TimeOfDay{}, false
	}
	m := bareTimeRe.FindStringSubmatch(s)
	if m == nil {
		return TimeOfDay{}, false
	}
	if m[2] == "" && m[5] == "" { // a bare number isn't a time
		return TimeOfDay{}, false
	}
	return timeFromParts(m[1], m[2], m[3], m[4], m[5])
}

func timeFromParts(h, mi, s, frac, ampm string) (TimeOfDay, bool) {
	hour, _ := strconv.Atoi(h)
	minute, _ := strconv.Atoi(mi)
	sec, _ := strconv.Atoi(s)
	nanos := 0
	if frac != "" {
		f := (frac + "000000000")[:9]
		nanos, _ = strconv.Atoi(f)
	}
	switch strings.ToLower(ampm) {
	case "a":
		if hour < 1 || hour > 12 {
			return TimeOfDay{}, false
		}
		if hour == 12 {
			hour = 0
		}
	case "p":
		if hour < 1 || hour > 12 {
			return TimeOfDay{}, false
		}
		if hour < 12 {
			hour += 12
		}
	}
	if hour > 23 || minute > 59 || sec > 59 {
		return TimeOfDay{}, false
	}
	return TimeOfDay{hour, minute, sec, nanos}, true
}

func validDay(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 || y < 1 || y > 9999 {
		return false
	}
	return d <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func zoneFromOffset(z string) *time.Location {
	if z == "Z" {
		return time.UTC
	}
	sign := 1
	if z[0] == '-' {
		sign = -1
	}
	digits := strings.ReplaceAll(z[1:], ":", "")
	h, _ := strconv.Atoi(digits[:2])
	m := 0
	if len(digits) >= 4 {
		m, _ = strconv.Atoi(digits[2:4])
	}
	return time.FixedZone("", sign*(h*3600+m*60))
}
