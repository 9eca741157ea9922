package expressions

import (
	"strings"
	"testing"
)

func TestReadEnvironment(t *testing.T) {
	env, err := ReadEnvironment([]byte(`{"date_format": "DD-MM-YYYY", "time_format": "tt:mm:ss", "timezone": "Africa/Kigali",
		"allowed_languages": ["kin", "eng"], "default_country": "RW", "redaction_policy": "urns",
		"number_format": {"decimal_symbol": ",", "digit_grouping_symbol": "."}}`))
	if err != nil {
		t.Fatal(err)
	}
	if env.DateFormat != "DD-MM-YYYY" || env.TimeFormat != "tt:mm:ss" || env.Timezone.String() != "Africa/Kigali" ||
		env.DefaultCountry != "RW" || env.RedactionPolicy != "urns" || env.NumberFormat.DecimalSymbol != "," ||
		env.Language() != "kin" {
		t.Errorf("got %+v", env)
	}

	env, err = ReadEnvironment([]byte(`null`))
	if err != nil || env.DateFormat != "YYYY-MM-DD" || env.Timezone.String() != "UTC" || env.Language() != "" {
		t.Errorf("null: got %+v, %v", env, err)
	}
	// the key is accepted but the default language is the first allowed one, as in the reference
	env, err = ReadEnvironment([]byte(`{"default_language": "fra", "allowed_languages": ["eng"]}`))
	if err != nil || env.Language() != "eng" {
		t.Errorf("default_language: got %q, %v", env.Language(), err)
	}
	env, _ = ReadEnvironment([]byte(`{"default_language": "fra"}`))
	if env.Language() != "" {
		t.Errorf("default_language without allowed languages: got %q", env.Language())
	}

	bad := []struct{ json, want string }{
		{`{"date_format": "YYYY-DD-MM"}`, `/date_format: "YYYY-DD-MM" is not one of`},
		{`{"time_format": "HH:MM"}`, `/time_format: "HH:MM" is not one of`},
		{`{"timezone": "Mars/Olympus"}`, `/timezone: "Mars/Olympus" is not an IANA time zone name`},
		{`{"default_country": "usa"}`, `/default_country: "usa" is not a two-letter`},
		{`{"allowed_languages": ["en"]}`, `/allowed_languages/0: "en" is not a three-letter`},
		{`{"redaction_policy": "all"}`, `/redaction_policy: "all" is not`},
		{`{"obfuscation_key": [1, 2, 3, -4]}`, `environment: /obfuscation_key/3: -4 is not an unsigned 32-bit number`},
		{`{"input_collation": "arabic_farsi"}`, `/input_collation: "arabic_farsi" is not one of default, confusables, arabic_variants`},
		{`{"date_format": 1}`, `environment: /date_format: expected text, got number`},
		{`{"allowed_languages": "eng"}`, `environment: /allowed_languages: expected an array, got string`},
		{`{"number_format": {"decimal_symbol": 1}}`, `environment: /number_format/decimal_symbol: expected text, got number`},
		{`{"max_value_length": "x"}`, `environment: /max_value_length: expected an integer, got string`},
		{`[1]`, `environment: expected an object, got array`},
		{`[`, `environment: unexpected end of JSON input`},
	}
	for _, tc := range bad {
		_, err := ReadEnvironment([]byte(tc.json))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.json, err, tc.want)
		}
	}
}
