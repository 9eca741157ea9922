package legacy

import "testing"

func TestMigrateTemplate(t *testing.T) {
	tests := []struct {
		name, in, want string
		opts           migrateOptions
	}{
		{"no expression", "Hello there", "Hello there", migrateOptions{}},
		{"e-mail address is text", "write to me@example.com", "write to me@example.com", migrateOptions{}},
		{"escaped @", "@@flow.x", "@@flow.x", migrateOptions{}},
		{"lone @ at the end", "price @", "price @", migrateOptions{}},
		{"contact property", "Hi @contact.first_name!", "Hi @contact.first_name!", migrateOptions{}},
		{"contact name in capitals", "@CONTACT.NAME", "@contact.name", migrateOptions{}},
		{"contact field", "@contact.age", "@fields.age", migrateOptions{}},
		{"trailing period is text", "You are @contact.age.", "You are @fields.age.", migrateOptions{}},
		{"contact groups", "@contact.groups", `@(join(contact.groups, ","))`, migrateOptions{}},
		{"tel_e164", "@contact.tel_e164", `@(default(urn_parts(urns.tel).path, ""))`, migrateOptions{}},
		{"tel", "@contact.tel", "@(format_urn(urns.tel))", migrateOptions{}},
		{"scheme path", "@contact.twitter", `@(default(urn_parts(urns.twitter).path, ""))`, migrateOptions{}},
		{"scheme display", "@contact.twitter.display", "@(format_urn(urns.twitter))", migrateOptions{}},
		{"scheme urn", "@contact.mailto.urn", "@urns.mailto", migrateOptions{}},
		{"flow contact", "@flow.contact.name", "@contact.name", migrateOptions{}},
		{"parent contact", "@parent.contact.age", "@parent.fields.age", migrateOptions{}},
		{"result", "@flow.color", "@results.color", migrateOptions{}},
		{"result category", "@flow.color.category", "@results.color.category_localized", migrateOptions{}},
		{"result text", "@flow.color.text", "@results.color.input", migrateOptions{}},
		{"result time", "@flow.color.time", "@results.color.created_on", migrateOptions{}},
		{"result starting with a digit", "@flow.1st.value", `@(results["1st"].value)`, migrateOptions{}},
		{"all results", "@flow", "@results", migrateOptions{}},
		{"child result", "You picked @child.number", "You picked @child.results.number", migrateOptions{}},
		{"parent result", "@parent.name.value", "@parent.results.name.value", migrateOptions{}},
		{"extra flow is the parent", "@extra.flow.name", "@parent.results.name", migrateOptions{}},
		{"extra", "@extra.foo.bar", "@legacy_extra.foo.bar", migrateOptions{}},
		{"step value", "@step.value", "@input", migrateOptions{}},
		{"step", "@step", "@input", migrateOptions{}},
		{"step time", "@step.time", "@input.created_on", migrateOptions{}},
		{"step attachments", "@step.attachments", `@(foreach(foreach(input.attachments, attachment_parts), extract, "url"))`, migrateOptions{}},
		{"step attachment", "@step.attachments.1", "@(attachment_parts(input.attachments[1]).url)", migrateOptions{}},
		{"channel", "@channel", "@contact.channel.address", migrateOptions{}},
		{"channel name", "@channel.name", "@contact.channel.name", migrateOptions{}},
		{"now", "@date.now", "@(now())", migrateOptions{}},
		{"today formatted", "@date.today", "@(format_date(today()))", migrateOptions{}},
		{"today raw", "@date.today", "@(today())", migrateOptions{rawDates: true}},
		{"tomorrow", "@date.tomorrow", `@(format_date(datetime_add(now(), 1, "D")))`, migrateOptions{}},
		{"unknown path kept", "@flow.a.b.c", "@(flow.a.b.c)", migrateOptions{}},
		{"empty expression workaround", `@("")`, "", migrateOptions{}},
		{"function lower-cased", "@(UPPER(contact.name))", "@(upper(contact.name))", migrateOptions{}},
		{"renamed function", "@(LEN(step.value) > 3)", "@(text_length(input) > 3)", migrateOptions{}},
		{"word index made 0-based", "@(WORD(step.value, 2))", "@(word(input, 1))", migrateOptions{}},
		{"word index expression", "@(WORD(step.value, flow.n))", "@(word(input, results.n - 1))", migrateOptions{}},
		{"word slice by spaces", "@(WORD_SLICE(step.value, 2, 3, TRUE))", `@(word_slice(input, 1, 2, " \t"))`, migrateOptions{}},
		{"word count not by spaces", "@(WORD_COUNT(step.value, FALSE))", "@(word_count(input, NULL))", migrateOptions{}},
		{"fixed gets its default", "@(FIXED(flow.x))", "@(format_number(results.x, 2))", migrateOptions{}},
		{"field index", `@(FIELD(step.value, 1, ","))`, `@(field(input, 0, ","))`, migrateOptions{}},
		{"sum joins with +", "@(SUM(1, 2, flow.x))", "@(1 + 2 + results.x)", migrateOptions{}},
		{"concatenate and string escapes", `@(CONCATENATE("a", "b""c"))`, `@("a" & "b\"c")`, migrateOptions{}},
		{"pattern function", "@(LEFT(step.value, 3))", "@(text_slice(input, 0, 3))", migrateOptions{}},
		{"pattern with argument order", "@(DAYS(flow.a, flow.b))", `@(datetime_diff(results.b, results.a, "D"))`, migrateOptions{}},
		{"too few arguments for an in-order pattern leave a hole", `@(EDATE(date.today))`, `@()`, migrateOptions{}},
		{"the hole is inside the expression around it", `Due @(UPPER(TIME(1, 2)))!`, `Due @(upper())!`, migrateOptions{}},
		{"too few arguments for an indexed pattern", `@(LEFT("abc"))`, `@(text_slice("abc", 0, %!s(BADINDEX)))`, migrateOptions{}},
		{"surplus arguments of an indexed pattern are dropped", `@(RIGHT("abc", 2, 9))`, `@(text_slice("abc", -2))`, migrateOptions{}},
		{"surplus arguments of an in-order pattern are appended", `@(EXP(1, 2, 3))`, `@(2.718281828459045 ^ 1%!(EXTRA string=2, string=3))`, migrateOptions{}},
		{"a keyword call with arguments", `@(TRUE(1))`, `@(true%!(EXTRA string=1))`, migrateOptions{}},
		{"too many arguments for the argument rewriters leave a hole", `@(WORD("a", 1, TRUE, 4))`, `@()`, migrateOptions{}},
		{"concatenate of nothing", `@(CONCATENATE())`, `@()`, migrateOptions{}},
		{"sum of nothing", `x @(SUM()) y`, `x @() y`, migrateOptions{}},
		{"a parse error is kept as written", `@(1 + )`, `@(1 + )`, migrateOptions{}},
		{"unknown function kept", "@(shout(1))", "@(shout(1))", migrateOptions{}},
		{"adding numbers", "@(1 + 2)", "@(1 + 2)", migrateOptions{}},
		{"adding unknowns", "@(flow.a - flow.b)", "@(legacy_add(results.a, -results.b))", migrateOptions{}},
		{"adding days to today", "@(date.today + 3)", `@(format_date(datetime_add(format_date(today()), 3, "D")))`, migrateOptions{}},
		{"adding days to now", "@(NOW() - 1)", `@(datetime_add(now(), -1, "D"))`, migrateOptions{}},
		{"adding a time", "@(flow.d + TIME(1, 2, 3))", "@(replace_time(results.d, time_from_parts(1, 2, 3)))", migrateOptions{}},
		{"not equal", "@(flow.a <> 3)", "@(results.a != 3)", migrateOptions{}},
		{"if and booleans", `@(IF(AND(flow.x = "yes", TRUE), "Y", "N"))`, `@(if(and(results.x = "yes", true), "Y", "N"))`, migrateOptions{}},
		{"precedence and parentheses", "@((1 + 2) * -3 ^ 2 & \"x\")", `@((1 + 2) * -3 ^ 2 & "x")`, migrateOptions{}},
		{"parenthesis inside a string", `@("a)" & "b")`, `@("a)" & "b")`, migrateOptions{}},
		{"unparsable kept", "@(1 +)", "@(1 +)", migrateOptions{}},
		{"unterminated kept", "@(contact.name", "@(contact.name", migrateOptions{}},
		{"default to self", "@contact.age", `@(if(is_error(fields.age), "@contact.age", fields.age))`, migrateOptions{defaultToSelf: true}},
		{"url encoded", "http://x.com/?n=@contact.name&d=@(1+2)", "http://x.com/?n=@(url_encode(contact.name))&d=@(url_encode(1 + 2))", migrateOptions{urlEncode: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MigrateTemplate(tt.in, tt.opts); got != tt.want {
				t.Errorf("MigrateTemplate(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRelativeDays(t *testing.T) {
	for in, want := range map[string]int{"@(date.today + 3)": 3, "@(date.today - 2)": -2, "@(date.today)": 0, "2020-01-01": 0, "@(date.today + x)": 0} {
		if got := relativeDays(in); got != want {
			t.Errorf("relativeDays(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestDerive(t *testing.T) {
	a, b := derive("0dfdf99b-3dc6-4028-8184-1b6e9afb6c8d", "category"), derive("0dfdf99b-3dc6-4028-8184-1b6e9afb6c8d", "case")
	if a == b {
		t.Errorf("roles share a UUID: %s", a)
	}
	if again := derive("0dfdf99b-3dc6-4028-8184-1b6e9afb6c8d", "category"); again != a {
		t.Errorf("derive is not stable: %s then %s", a, again)
	}
	if len(a) != 36 || a[14] != '5' || (a[19] != '8' && a[19] != '9' && a[19] != 'a' && a[19] != 'b') {
		t.Errorf("%s is not a version 5 RFC 9562 UUID", a)
	}
}
