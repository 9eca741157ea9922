package check

import "golang.org/x/text/language"

// validLanguage reports whether s is an ISO 639-3 language code, as flows name languages: three
// letters, in either case as the reference reads them ("ENG" is English too). The IANA subtag
// registry in golang.org/x/text knows every ISO 639-3 code, so no list is kept here.
func validLanguage(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	_, err := language.ParseBase(s)
	return err == nil
}
