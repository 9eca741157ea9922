package expressions

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestToText(t *testing.T) {
	tests := []struct {
		v    Value
		want string
	}{
		{nil, ""},
		{Text("hi"), "hi"},
		{testNum("123.45000"), "123.45"},
		{testNum("100"), "100"},
		{testNum("1E3"), "1000"},
		{testNum("-0.0"), "0"},
		{testNum("0.000001"), "0.000001"},
		{Boolean(true), "true"},
		{Boolean(false), "false"},
		{Date{2010, 5, 10}, "2010-05-10"},
		{DateTime{time.Date(2017, 6, 12, 11, 56, 59, 123456789, time.FixedZone("", -5*3600))}, "2017-06-12T11:56:59.123456-05:00"},
		{TimeOfDay{22, 30, 45, 0}, "22:30:45.000000"},
		{NewArray(), "[]"},
		{NewArray(testNum("1"), Text("x"), nil, NewArray(Boolean(true))), "[1, x, , [true]]"},
		{NewObject(), "{}"},
		{NewObject().Set("b", Text("hello")).Set("a", testNum("123")), "{a: 123, b: hello}"},
		{NewObject().Set("a", Text("x")).SetDefault(Text("dflt")), "dflt"},
		{NewArray(NewObject().Set("v", Text("a")).SetDefault(Text("A"))), "[A]"},
		{testFunc("upper", nil), "upper"},
	}
	for _, tc := range tests {
		got, err := ToText(nil, tc.v)
		if err != nil || got != tc.want {
			t.Errorf("ToText(%#v) = %q, %v; want %q", tc.v, got, err, tc.want)
		}
	}
	if _, err := ToText(nil, NewArray(NewError("boom"))); err == nil || err.Error() != "boom" {
		t.Errorf("an error inside an array: got %v, want boom", err)
	}
}

func TestToNumberAndInteger(t *testing.T) {
	tests := []struct {
		v       Value
		want    string
		wantErr string
	}{
		{nil, "", "unable to convert null to a number"},
		{testNum("1.5"), "1.5", ""},
		{Text(" 42 "), "42", ""},
		{Text("-3.25"), "-3.25", ""},
		{Text("+7"), "", `unable to convert "+7" to a number`},
		{Text("7."), "", `unable to convert "7." to a number`},
		{Text("-.5"), "-0.5", ""},
		{Text("1,000"), "", `unable to convert "1,000" to a number`},
		{Text(".5"), "0.5", ""},
		{Text("1e5"), "", `unable to convert "1e5" to a number`},
		{Text("1.2.3"), "", `unable to convert "1.2.3" to a number`},
		{Text(""), "", `unable to convert "" to a number`},
		{Text("-"), "", `unable to convert "-" to a number`},
		{Boolean(true), "", "unable to convert true to a number"},
		{NewObject().SetDefault(Text("12")), "12", ""},
		{NewArray(), "", "unable to convert array to a number"},
		{NewError("boom"), "", "boom"},
	}
	for _, tc := range tests {
		got, err := ToNumber(nil, tc.v)
		if tc.wantErr != "" {
			if err == nil || err.Error() != tc.wantErr {
				t.Errorf("ToNumber(%#v): got %v, %v; want error %q", tc.v, got, err, tc.wantErr)
			}
			continue
		}
		if err != nil || formatDecimal(got) != tc.want {
			t.Errorf("ToNumber(%#v) = %v, %v; want %s", tc.v, got, err, tc.want)
		}
	}
	if i, err := ToInteger(nil, Text("12.9")); err != nil || i != 12 {
		t.Errorf("ToInteger(12.9) = %d, %v; want 12", i, err)
	}
	if i, err := ToInteger(nil, testNum("-3.5")); err != nil || i != -3 {
		t.Errorf("ToInteger(-3.5) = %d, %v; want -3", i, err)
	}
	if _, err := ToInteger(nil, testNum("3000000000")); err == nil || !strings.Contains(err.Error(), "out of range") {
		t.Errorf("ToInteger(3000000000): got %v, want out of range", err)
	}
}

func TestToBoolean(t *testing.T) {
	tests := []struct {
		v    Value
		want bool
	}{
		{nil, false},
		{Text(""), false},
		{Text("FALSE"), false},
		{Text("false "), true},
		{Text("no"), true},
		{testNum("0"), false},
		{testNum("0.000"), false},
		{testNum("-1"), true},
		{NewArray(), false},
		{NewArray(nil), true},
		{NewObject(), false},
		{NewObject().Set("a", nil), true},
		{NewObject().Set("a", Text("x")).SetDefault(Text("")), false},
		{Date{2000, 1, 1}, true},
		{testFunc("f", nil), true},
	}
	for _, tc := range tests {
		got, err := ToBoolean(nil, tc.v)
		if err != nil || got != tc.want {
			t.Errorf("ToBoolean(%#v) = %v, %v; want %v", tc.v, got, err, tc.want)
		}
	}
}

func TestDateConversions(t *testing.T) {
	guayaquil, err := time.LoadLocation("America/Guayaquil")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	env := DefaultEnvironment()
	env.DateFormat = "DD-MM-YYYY"
	env.Timezone = guayaquil
	ctx := NewEvalContext(env, nil)
	ctx.Now = func() time.Time { return time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC) }

	dates := []struct {
		in   string
		want string
	}{
		{"1979-07-18T10:30:45.123456Z", "1979-07-18"},
		{"2010-05-10 and more", "2010-05-10"},
		{"10/05/2010", "2010-05-10"},
		{"10.05.2010 14:00", "2010-05-10"},
		{"born on 3-4-99!", "1999-04-03"},
		{"3-4-20", "2020-04-03"},
		{"on 45-12-2010 or 12-11-2010", "2010-11-12"}, // the first believable date
		{"2010-5-10", ""},                             // not ISO, and not day first
		{"NOT DATE", ""},
		{"2017", ""},
		{strings.Repeat("1", 2000) + " 10/05/2010", ""},
	}
	for _, tc := range dates {
		got, err := ToDate(ctx, Text(tc.in))
		if tc.want == "" {
			if err == nil {
				t.Errorf("ToDate(%q) = %v, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || got.String() != tc.want {
			t.Errorf("ToDate(%q) = %v, %v; want %s", tc.in, got, err, tc.want)
		}
	}

	datetimes := []struct {
		in   Value
		want string
	}{
		{Text("2017-01-15"), "2017-01-15T00:00:00.000000-05:00"},
		{Text("2017-01-17 10:50"), "2017-01-17T10:50:00.000000-05:00"},
		{Text("1979-07-18T10:30:45.123456Z"), "1979-07-18T10:30:45.123456Z"},
		{Text("2017-06-12T16:56:59+02:00"), "2017-06-12T16:56:59.000000+02:00"},
		{Text("12/06/2017 4:05 pm"), "2017-06-12T16:05:00.000000-05:00"},
		{Date{2017, 1, 15}, "2017-01-15T00:00:00.000000-05:00"},
	}
	for _, tc := range datetimes {
		got, err := ToDateTime(ctx, tc.in)
		if err != nil || got.String() != tc.want {
			t.Errorf("ToDateTime(%v) = %v, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []Value{testNum("3"), Text("no date"), Boolean(true), nil} {
		if got, err := ToDateTime(ctx, bad); err == nil {
			t.Errorf("ToDateTime(%v) = %v, want an error", bad, got)
		}
	}

	times := []struct {
		in   Value
		want string
	}{
		{Text("10:30:45 PM"), "22:30:45.000000"},
		{Text("12:15 am"), "00:15:00.000000"},
		{Text("9:05"), "09:05:00.000000"},
		{Text("10pm"), "22:00:00.000000"},
		{Text("14:50:30.5"), "14:50:30.500000"},
		{Text("at 10"), "10:00:00.000000"},
		{testNum("13"), "13:00:00.000000"},
		{testNum("13.9"), "13:00:00.000000"},
		{testNum("24"), "00:00:00.000000"},
		{DateTime{time.Date(2017, 1, 1, 7, 8, 9, 0, time.UTC)}, "07:08:09.000000"},
		{testNum("25"), ""},
		{testNum("-1"), ""},
		{Text("noon"), ""},
		{Date{2017, 1, 1}, ""},
	}
	for _, tc := range times {
		got, err := ToTime(ctx, tc.in)
		if tc.want == "" {
			if err == nil {
				t.Errorf("ToTime(%v) = %v, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || got.String() != tc.want {
			t.Errorf("ToTime(%v) = %v, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	if d, err := ToDate(nil, Text("2019-02-03")); err != nil || d.String() != "2019-02-03" {
		t.Errorf("ToDate with no context: got %v, %v", d, err)
	}
}

func TestJSON(t *testing.T) {
	v, err := FromJSON([]byte(`{"b": [1, 2.50, "x", true, null], "a": {"__default__": "A", "k": 1e2}, "big": 12345678901234567890.123}`))
	if err != nil {
		t.Fatal(err)
	}
	ctx := testContext()
	got, jerr := ToJSON(ctx, v)
	if jerr != nil {
		t.Fatal(jerr)
	}
	if want := `{"a":{"k":100},"b":[1,2.5,"x",true,null],"big":12345678901234567890.123}`; got != want {
		t.Errorf("ToJSON: got %s, want %s", got, want)
	}
	text, _ := ToText(ctx, v)
	if want := "{a: A, b: [1, 2.5, x, true, ], big: 12345678901234567890.123}"; text != want {
		t.Errorf("ToText: got %s, want %s", text, want)
	}
	others := []struct {
		v    Value
		want string
	}{
		{Text("<a & \"b\">\n"), `"<a & \"b\">\n"`},
		{Date{2019, 1, 2}, `"2019-01-02"`},
		{DateTime{time.Date(1979, 7, 18, 10, 30, 45, 123456000, time.UTC)}, `"1979-07-18T10:30:45.123456Z"`},
		{TimeOfDay{1, 2, 3, 0}, `"01:02:03.000000"`},
		{nil, "null"},
	}
	for _, tc := range others {
		if got, err := ToJSON(ctx, tc.v); err != nil || got != tc.want {
			t.Errorf("ToJSON(%#v) = %s, %v; want %s", tc.v, got, err, tc.want)
		}
	}
	if _, err := ToJSON(ctx, testFunc("f", nil)); err == nil {
		t.Error("a function should not serialise")
	}
	if got, err := ToJSON(ctx, NewArray(NewError("boom"), testFunc("f", nil), Text("x"))); err != nil || got != `[null,null,"x"]` {
		t.Errorf("array with an error and a function: got %s, %v", got, err)
	}
	withFunc := NewObject().Set("f", testFunc("f", nil)).Set("a", Text("x")).Set("e", NewError("boom")).Set("z", Boolean(true))
	if got, err := ToJSON(ctx, withFunc); err != nil || got != `{"a":"x","f":null,"z":true}` { // as in the reference, a function is null and an error left out
		t.Errorf("object with a function and an error: got %s, %v", got, err)
	}
	for _, bad := range []string{``, `{`, `[1] 2`, strings.Repeat("[", 100) + strings.Repeat("]", 100)} {
		if _, err := FromJSON([]byte(bad)); err == nil {
			t.Errorf("FromJSON(%q) should fail", bad)
		}
	}
}

func TestObjectKeys(t *testing.T) {
	o := NewObject().Set("Zeta", Text("1")).Set("alpha", Text("2")).Set("ZETA", Text("3"))
	if got := strings.Join(o.Keys(), ","); got != "Zeta,alpha" {
		t.Errorf("keys: got %s", got)
	}
	if v, _ := o.Get("zeta"); v != Text("3") {
		t.Errorf("case-insensitive set and get: got %v", v)
	}
	if _, ok := o.Get("beta"); ok {
		t.Error("found a missing key")
	}
}

func TestBigObject(t *testing.T) {
	o := NewObject()
	for i := range 100 {
		o.Set(fmt.Sprintf("Field_%d", i), NewNumberInt(int64(i)))
	}
	o.Set("FIELD_7", Text("seven"))
	if o.Len() != 100 {
		t.Fatalf("got %d keys, want 100", o.Len())
	}
	for _, key := range []string{"field_7", "Field_7", "FIELD_7"} {
		if v, ok := o.Get(key); !ok || v != Text("seven") {
			t.Errorf("Get(%q) = %v, %v", key, v, ok)
		}
	}
	if v, ok := o.Get("field_99"); !ok || KindOf(v) != KindNumber {
		t.Errorf("Get(field_99) = %v, %v", v, ok)
	}
	if _, ok := o.Get("field_100"); ok {
		t.Error("found a missing key in a big object")
	}
}
