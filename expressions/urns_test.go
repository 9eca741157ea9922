package expressions

import (
	"reflect"
	"testing"
)

func TestSplitURN(t *testing.T) {
	tests := []struct {
		urn  string
		want urnParts
		err  string
	}{
		{"tel:+593979012345", urnParts{scheme: "tel", path: "+593979012345"}, ""},
		{"twitterid:3263621177#bobby", urnParts{scheme: "twitterid", path: "3263621177", display: "bobby"}, ""},
		{"ext:abc?x=1#Bob", urnParts{scheme: "ext", path: "abc", query: "x=1", display: "Bob"}, ""},
		{"ext:a%23b", urnParts{scheme: "ext", path: "a#b"}, ""},
		{"not a urn", urnParts{}, "not a urn is not a valid URN: path cannot be empty"},
		{"", urnParts{}, " is not a valid URN: scheme cannot be empty"},
		{":path", urnParts{}, ":path is not a valid URN: scheme cannot be empty"},
		{"tel:", urnParts{}, "tel: is not a valid URN: path cannot be empty"},
		{"tel:?x=1", urnParts{}, "tel:?x=1 is not a valid URN: path cannot be empty"},
		{"te#l:123", urnParts{}, "te#l:123 is not a valid URN: fragment component can only come after path or query components"},
		{"t?e#l:1", urnParts{}, "t?e#l:1 is not a valid URN: query component can only come after path component"},
		{"t#e?l:1", urnParts{}, "t#e?l:1 is not a valid URN: fragment component can only come after path or query components"},
	}
	for _, tc := range tests {
		got, err := splitURN(tc.urn)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("splitURN(%q) error = %v, want %q", tc.urn, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("splitURN(%q) = %+v, %v; want %+v", tc.urn, got, err, tc.want)
		}
	}
}

func TestFindPhoneNumbers(t *testing.T) {
	tests := []struct {
		text, country string
		want          []string
	}{
		{"my number is +12067799294 thanks", "", []string{"+12067799294"}},
		{"my number is 206 779 9294", "US", []string{"+12067799294"}},
		{"call (206) 779-9294 or 0788 123 123", "US", []string{"+12067799294", "+10788123123"}},
		{"call 0788 123 123", "RW", []string{"+250788123123"}},
		{"my number is 206 779 9294", "", nil},
		{"no numbers here, just 12", "US", nil},
	}
	for _, tc := range tests {
		if got := findPhoneNumbers(tc.text, tc.country); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("findPhoneNumbers(%q, %q) = %q, want %q", tc.text, tc.country, got, tc.want)
		}
	}
}

func TestURNFunctions(t *testing.T) {
	runFnCases(t, []fnCase{
		ok("urn_parts", "{display: , path: +593979012345, scheme: tel}", Text("tel:+593979012345")),
		ok("urn_parts", "{display: bobby, path: 3263621177, scheme: twitterid}", Text("twitterid:3263621177#bobby")),
		fails("urn_parts", "not a urn is not a valid URN", Text("not a urn")),

		ok("format_urn", "0781 234 567", Text("tel:+250781234567")),
		ok("format_urn", "(202) 456-1111", Text("tel:+12024561111")),
		ok("format_urn", "billy_bob", Text("twitter:134252511151#billy_bob")),
		ok("format_urn", "foo@bar.com", Text("mailto:foo@bar.com")),
		ok("format_urn", "12345", Text("tel:12345")),
		fails("format_urn", "is not a valid URN", Text("NOT URN")),

		ok("attachment_parts", "{content_type: image/jpeg, url: https://example.com/test.jpg}", Text("image/jpeg:https://example.com/test.jpg")),
		ok("attachment_parts", "{content_type: , url: https://example.com/test.jpg}", Text("https://example.com/test.jpg")),
		ok("attachment_parts", "{content_type: geo, url: -2.9,-79.0}", Text("geo:-2.9,-79.0")),

		ok("format_location", "Rwanda", Text("Rwanda")),
		ok("format_location", "Kigali", Text("Rwanda > Kigali")),
		ok("format_location", "", Text("")),
	})
}
