package expressions

import (
	"testing"
	"time"
)

func TestDateFunctions(t *testing.T) {
	runFnCases(t, []fnCase{
		ok("parse_datetime", "1979-07-18T00:00:00.000000-05:00", Text("1979-07-18"), Text("YYYY-MM-DD")),
		ok("parse_datetime", "2010-05-10T00:00:00.000000-05:00", Text("2010 5 10"), Text("YYYY M DD")),
		ok("parse_datetime", "2010-05-10T12:50:00.000000-07:00", Text("2010 5 10 12:50"), Text("YYYY M DD tt:mm"), Text("America/Los_Angeles")),
		ok("parse_datetime", "2010-05-10T12:50:00.000000+02:00", Text("2010-05-10 12:50 +02:00"), Text("YYYY-MM-DD tt:mm ZZZ")),
		fails("parse_datetime", "cannot parse 'NOT DATE' as 'YYYY'", Text("NOT DATE"), Text("YYYY-MM-DD")),
		fails("parse_datetime", "'QQ' is not valid in a datetime parsing layout", Text("2010"), Text("QQ")),
		fails("parse_datetime", "unknown time zone Mars/Olympus", Text("2010"), Text("YYYY"), Text("Mars/Olympus")),

		ok("datetime_from_epoch", "2017-06-12T11:56:59.000000-05:00", num("1497286619")),
		ok("datetime_from_epoch", "2017-06-12T11:56:59.123456-05:00", num("1497286619.123456")),
		ok("datetime_from_epoch", "1969-12-31T19:00:00.000000-05:00", num("0")),
		fails("datetime_from_epoch", "out of range", num("1e20")),
		fails("datetime_from_epoch", "unable to convert", Text("x")),

		ok("datetime_diff", "2", Text("2017-01-15"), Text("2017-01-17"), Text("D")),
		ok("datetime_diff", "17", Text("2017-01-15"), Text("2017-05-15"), Text("W")),
		ok("datetime_diff", "4", Text("2017-01-15"), Text("2017-05-15"), Text("M")),
		ok("datetime_diff", "1", Text("2017-01-17 10:50"), Text("2017-01-17 12:30"), Text("h")),
		ok("datetime_diff", "100", Text("2017-01-17 10:50"), Text("2017-01-17 12:30"), Text("m")),
		ok("datetime_diff", "6000", Text("2017-01-17 10:50"), Text("2017-01-17 12:30"), Text("s")),
		ok("datetime_diff", "-2", Text("2017-01-17"), Text("2015-12-17"), Text("Y")),
		fails("datetime_diff", `unknown unit: XText("x"), must be one of s, m, h, D, W, M, Y`, Text("2017-01-17"), Text("2015-12-17"), Text("x")),
		fails("datetime_diff", "unable to convert", Text("foo"), Text("2015-12-17"), Text("D")),

		ok("datetime_add", "2017-01-20T00:00:00.000000-05:00", Text("2017-01-15"), num("5"), Text("D")),
		ok("datetime_add", "2017-01-15T11:15:00.000000-05:00", Text("2017-01-15 10:45"), num("30"), Text("m")),
		ok("datetime_add", "2017-01-15T10:45:10.000000-05:00", Text("2017-01-15 10:45"), num("10"), Text("s")),
		ok("datetime_add", "2017-01-14T22:45:00.000000-05:00", Text("2017-01-15 10:45"), num("-12"), Text("h")),
		ok("datetime_add", "2017-01-29T00:00:00.000000-05:00", Text("2017-01-15"), num("2"), Text("W")),
		ok("datetime_add", "2017-03-03T00:00:00.000000-05:00", Text("2017-01-31"), num("1"), Text("M")),
		ok("datetime_add", "2020-01-15T00:00:00.000000-05:00", Text("2017-01-15"), num("3"), Text("Y")),
		fails("datetime_add", "unknown unit", Text("2017-01-15"), num("3"), Text("d")),
		fails("datetime_add", "unable to convert", Text("2017-01-15"), Text("x"), Text("D")),

		ok("replace_time", "2017-01-15T10:30:00.000000-05:00", Text("2017-01-15"), Text("10:30")),
		ok("replace_time", "2017-01-15T22:00:00.000000Z", Text("2017-01-15T05:00:00Z"), Text("10pm")),
		fails("replace_time", "unable to convert", Text("foo"), Text("10:30")),
		fails("replace_time", "unable to convert", Text("2017-01-15"), Text("late")),

		ok("tz", "UTC", Text("2017-01-15T02:15:18.123456Z")),
		ok("tz", "America/Guayaquil", Text("2017-01-15")),
		ok("tz", "", Text("2017-01-15T02:15:18+02:00")),
		ok("tz", "", Text("2017-01-15T02:15:18+00:00")),
		fails("tz", "unable to convert", Text("foo")),
		ok("tz_offset", "+0000", Text("2017-01-15T02:15:18.123456Z")),
		ok("tz_offset", "-0500", Text("2017-01-15")),
		fails("tz_offset", "unable to convert", Text("foo")),

		ok("now", "2018-04-11T13:24:30.123456-05:00"),
		ok("today", "2018-04-11"),

		ok("epoch", "1497286619", Text("2017-06-12T16:56:59.000000Z")),
		ok("epoch", "1497286619", Text("2017-06-12T18:56:59.000000+02:00")),
		ok("epoch", "1497286619.123456", Text("2017-06-12T16:56:59.123456Z")),
		ok("epoch", "-1", Text("1969-12-31T23:59:59Z")),
		fails("epoch", "unable to convert", Text("x")),

		ok("date_from_parts", "2017-01-15", num("2017"), num("1"), num("15")),
		ok("date_from_parts", "2017-03-03", num("2017"), num("2"), num("31")),
		fails("date_from_parts", "invalid value for month, must be 1-12", num("2017"), num("13"), num("15")),
		ok("date_from_parts", "0000-01-15", num("0"), num("1"), num("15")),
		ok("date_from_parts", "-0044-03-15", num("-44"), num("3"), num("15")),
		ok("date_from_parts", "12021-02-03", num("12021"), num("2"), num("3")),
		ok("date_from_parts", "2021-03-01", num("2021"), num("2"), num("29")), // days roll over
		fails("date_from_parts", "unable to convert", num("2017"), Text("may"), num("15")),

		ok("weekday", "0", Text("2017-01-15")),
		ok("weekday", "6", NewDate(2017, 1, 21)),
		fails("weekday", "unable to convert", Text("foo")),
		ok("week_number", "1", Text("2019-01-01")),
		ok("week_number", "30", Text("2019-07-23T16:56:59.000000Z")),
		fails("week_number", "unable to convert", Text("xx")),

		ok("parse_time", "15:28:00.000000", Text("15:28"), Text("tt:mm")),
		ok("parse_time", "14:40:00.000000", Text("2:40 pm"), Text("h:mm aa")),
		ok("parse_time", "08:05:09.500000", Text("08:05:09.5"), Text("tt:mm:ss")),
		fails("parse_time", "cannot parse 'NOT TIME' as 'tt'", Text("NOT TIME"), Text("tt:mm")),
		fails("parse_time", "'YYYY' is not valid in a time parsing layout", Text("2010"), Text("YYYY")),

		ok("time_from_parts", "14:40:15.000000", num("14"), num("40"), num("15")),
		ok("time_from_parts", "08:10:00.000000", num("8"), num("10"), num("0")),
		fails("time_from_parts", "invalid value for hour, must be 0-23", num("25"), num("0"), num("0")),
		fails("time_from_parts", "invalid value for minute, must be 0-59", num("1"), num("60"), num("0")),
		fails("time_from_parts", "invalid value for second, must be 0-59", num("1"), num("0"), num("-1")),

		ok("format_date", "18-07-1979", Text("1979-07-18T15:00:00.000000Z")),
		ok("format_date", "1979-07-18", Text("1979-07-18T15:00:00.000000Z"), Text("YYYY-MM-DD")),
		ok("format_date", "2010 5 10", Text("2010-05-10T19:50:00.000000Z"), Text("YYYY M DD")),
		ok("format_date", "7", Text("1979-07-18T15:00:00.000000Z"), Text("M")),
		ok("format_date", "Wed 18 Jul 79", Text("1979-07-18"), Text("EEE D MMM YY")),
		fails("format_date", "unable to convert", Text("NOT DATE"), Text("YYYY-MM-DD")),
		fails("format_date", "'tt' is not valid in a date formatting layout", Text("1979-07-18"), Text("YYYY tt")),

		ok("format_datetime", "18-07-1979 10:00", Text("1979-07-18T15:00:00.000000Z")),
		ok("format_datetime", "2010 5 10 14:50", Text("2010-05-10T19:50:00.000000Z"), Text("YYYY M DD tt:mm")),
		ok("format_datetime", "2010-05-10 12:50 PM", Text("2010-05-10T19:50:00.000000Z"), Text("YYYY-MM-DD hh:mm AA"), Text("America/Los_Angeles")),
		ok("format_datetime", "1979", Text("1979-07-18T15:00:00.000000Z"), Text("YYYY")),
		ok("format_datetime", "10:00:00.000-05:00", Text("1979-07-18T15:00:00.000000Z"), Text("tt:mm:ss.fffZZZ")),
		fails("format_datetime", "unable to convert", Text("NOT DATE"), Text("YYYY-MM-DD")),
		fails("format_datetime", "unknown time zone Nowhere", Text("1979-07-18"), Text("YYYY"), Text("Nowhere")),

		ok("format_time", "14:50", Text("14:50:30.000000")),
		ok("format_time", "2:50 pm", Text("14:50:30.000000"), Text("h:mm aa")),
		ok("format_time", "27", Text("15:00:27.000000"), Text("s")),
		ok("format_time", "16:30", TimeOfDay{Hour: 16, Minute: 30, Second: 45}),
		fails("format_time", "unable to convert", Text("NOT TIME"), Text("hh:mm")),
		fails("format_time", "'YYYY' is not valid in a time formatting layout", Text("10:30"), Text("YYYY")),
	})
}

func TestNowFollowsTheClock(t *testing.T) {
	ctx := funcTestCtx()
	ctx.Now = func() time.Time { return time.Date(2020, 12, 31, 23, 30, 0, 0, time.UTC) }
	if got, _ := ToText(ctx, callFunc(ctx, "today")); got != "2020-12-31" {
		t.Errorf("today() = %q, want the clock's date in the environment's zone", got)
	}
	ctx.Env.Timezone = time.FixedZone("east", 3600)
	if got, _ := ToText(ctx, callFunc(ctx, "today")); got != "2021-01-01" {
		t.Errorf("today() = %q, want 2021-01-01 an hour east of UTC", got)
	}
}
