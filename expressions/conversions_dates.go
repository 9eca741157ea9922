package expressions

import (
	"strings"
	"time"
)

// The date conversions read text the way goflow does, with the readers in dates.go: an ISO 8601
// datetime with a zone, else an ISO date at the start of the text, else the first believable date
// written in the environment's day/month order, followed by an optional time of day.

// maxDateText bounds the text the conversions search for dates and times, so that converting a
// long text can't run regular expressions over megabytes.
const maxDateText = 1000

// ToDate converts v to a date: datetimes give their day in the environment's zone, text is read as an ISO
// date or in the environment's date order (`10/05/2010` is 10 May with DD-MM-YYYY).
func ToDate(ctx *EvalContext, v Value) (Date, *Error) {
	switch t := v.(type) {
	case Date:
		return t, nil
	case DateTime:
		// the day it is in the environment's zone, as in the reference (text read as a
		// datetime keeps the day written)
		return DateOf(t.In(ctx.Location())), nil
	case Text:
		if len(t) <= maxDateText {
			// the current year is only needed (and the clock read, as the reference does) for
			// text that isn't an ISO date
			year := 0
			if !hasISODatePrefix(strings.TrimSpace(string(t))) {
				year = ctx.CurrentTime().Year()
			}
			if d, _, ok := findDateInText(string(t), dateFormatOf(ctx), year); ok {
				return NewDate(d.year, time.Month(d.month), d.day), nil
			}
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
// read like ToDate plus an optional time, in the environment's zone unless an ISO datetime gives
// its own.
func ToDateTime(ctx *EvalContext, v Value) (DateTime, *Error) {
	switch t := v.(type) {
	case DateTime:
		return t, nil
	case Date:
		return DateTime{t.In(ctx.Location())}, nil
	case Text:
		if len(t) <= maxDateText {
			if dt, ok := readDateTimeText(string(t), dateFormatOf(ctx), ctx.Location(), ctx.CurrentTime, false); ok {
				return DateTime{dt}, nil
			}
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

// ReadDateTime reads a datetime out of text the way the reference reads contact field values and
// has_date does: an ISO datetime as it is, else a date in the environment's order with an
// optional time, in the environment's zone. With fillTime, a date without a time takes the time
// of day of the clock. The clock is read as the reference reads it (see readDateTimeText).
func ReadDateTime(ctx *EvalContext, text string, fillTime bool) (DateTime, bool) {
	if len(text) > maxDateText {
		return DateTime{}, false
	}
	t, ok := readDateTimeText(text, dateFormatOf(ctx), ctx.Location(), ctx.CurrentTime, fillTime)
	return DateTime{t}, ok
}

// ToTime converts v to a time of day: datetimes give their time, a number from 0 to 23 is that
// hour (24 is midnight), and text gives the first time found in it (`10:30`, `10:30:45.5`,
// `10 pm`, even a bare `10`).
func ToTime(ctx *EvalContext, v Value) (TimeOfDay, *Error) {
	switch t := v.(type) {
	case TimeOfDay:
		return t, nil
	case DateTime:
		return TimeOf(t.Time), nil
	case Number:
		if h := t.d.IntPart(); h >= 0 && h <= 24 {
			return TimeOfDay{Hour: int(h % 24)}, nil
		}
	case Text:
		if len(t) <= maxDateText {
			if c, ok := findTimeInText(string(t)); ok {
				return TimeOfDay{c.hour, c.minute, c.second, c.nanos}, nil
			}
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

func dateFormatOf(ctx *EvalContext) string {
	if ctx == nil || ctx.Env == nil {
		return "YYYY-MM-DD"
	}
	return ctx.Env.DateFormat
}
