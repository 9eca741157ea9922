package expressions

import (
	"strings"
	"unicode"

	"github.com/mtibben/confusables"
	"golang.org/x/text/unicode/norm"
)

// The input collations an environment may name: how the word tests (has_any_word, has_all_words,
// has_phrase, has_only_phrase) decide that a word of the input is a word of the test.
var inputCollations = []string{"default", "confusables", "arabic_variants"}

// arabicVariants maps the Arabic letters and digits that Persian, Dari and Pashto write
// differently onto one form, so that a contact typing on either keyboard matches.
var arabicVariants = map[rune]rune{
	'\u0660': '\u06F0', '\u0661': '\u06F1', '\u0662': '\u06F2', '\u0663': '\u06F3', '\u0664': '\u06F4',
	'\u0665': '\u06F5', '\u0666': '\u06F6', '\u0667': '\u06F7', '\u0668': '\u06F8', '\u0669': '\u06F9',
	'\u0622': '\u0627', // alef with madda above: alef
	'\u0649': '\u06CC', // alef maksura: farsi yeh
	'\u064A': '\u06CC', // yeh: farsi yeh
	'\u06D0': '\u06CC', // yeh with two dots below: farsi yeh
	'\u06CD': '\u06CC', // yeh with tail: farsi yeh
	'\u0626': '\u06CC', // yeh with hamza above: farsi yeh
	'\u0643': '\u06A9', // kaf: keheh
	'\u06AB': '\u06A9', // kaf with ring: keheh
	'\u067C': '\u062A', // teh with ring: teh
	'\u0689': '\u062F', // dal with ring: dal
	'\u0693': '\u0631', // reh with ring: reh
	'\u06BC': '\u0646', // noon with ring: noon
	'\u069A': '\u0634', // seen with dot below and above: sheen
	'\u0698': '\u0696', // jeh: reh with dot below and above
}

// Collate gives the form of a word the word tests compare under the environment's input
// collation: lower case always; with "confusables" also the Unicode skeleton (UTS #39), so that
// look-alike letters from other scripts match ("Υes" is "yes"); with "arabic_variants" also
// NFKC and the Arabic/Persian letter variants unified.
func (e *Environment) Collate(s string) string {
	switch e.InputCollation {
	case "confusables":
		return strings.ToLower(skeleton(s))
	case "arabic_variants":
		return strings.ToLower(strings.Map(func(r rune) rune {
			if v, ok := arabicVariants[r]; ok {
				return v
			}
			return r
		}, norm.NFKC.String(s)))
	}
	return strings.ToLower(s)
}

// skeleton is the UTS #39 skeleton of s, leaving out the code points Unicode marks as
// ignorable (such as the combining grapheme joiner), which the reference drops too.
func skeleton(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) {
			return -1
		}
		return r
	}, s)
	return confusables.Skeleton(s)
}
