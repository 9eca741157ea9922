package expressions

import (
	"reflect"
	"testing"
)

// A language whose locales all write dates alike is one candidate named by the language alone
// (so Mandarin's cmn_TW, "zh" in BCP 47, stops competing with zh_TW for Taiwan); a language
// whose locales differ keeps each with its territory.
func TestMergedLocales(t *testing.T) {
	locales := map[string]int{
		"cs_CZ":  0,
		"cmn_TW": 1,
		"zh_CN":  2, "zh_TW": 1,
		"de_DE": 3, "de_CH": 3, "de_AT": 4,
		"fy_NL": 5, "fy_DE": 5,
	}
	got := mergedLocales(locales)
	want := map[string]string{
		"cs":    "cs_CZ",
		"cmn":   "cmn_TW",
		"zh_CN": "zh_CN", "zh_TW": "zh_TW",
		"de_DE": "de_DE", "de_CH": "de_CH", "de_AT": "de_AT",
	}
	if fy := got["fy"]; fy != "fy_NL" && fy != "fy_DE" {
		t.Errorf(`mergedLocales()["fy"] = %q, want one of fy's locales`, fy)
	}
	delete(got, "fy")
	if !reflect.DeepEqual(got, want) {
		t.Errorf("mergedLocales() = %v, want %v", got, want)
	}
}
