package expressions

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// URNs (contact addresses such as tel:+593979012345 or twitter:1234#handle), attachments
// (content-type:url) and location paths, plus finding phone numbers in free text.

func init() {
	RegisterFunction("urn_parts", fnURNParts, FunctionDoc{
		Signature: "urn_parts(urn)", Summary: "Returns an object with the scheme, path and display parts of `urn`.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(urn_parts("tel:+593979012345"))`, Output: "{display: , path: +593979012345, scheme: tel}"},
			{Template: `@(urn_parts("twitterid:3263621177#bobby"))`, Output: "{display: bobby, path: 3263621177, scheme: twitterid}"},
			{Template: `@(urn_parts("not a urn"))`, Error: true},
		},
	})
	RegisterFunction("format_urn", fnFormatURN, FunctionDoc{
		Signature: "format_urn(urn)", Summary: "Formats `urn` for people: its display part if any, phone numbers in their national format, else its path.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(format_urn("tel:+250781234567"))`, Output: "0781 234 567"},
			{Template: `@(format_urn("twitter:134252511151#billy_bob"))`, Output: "billy_bob"},
			{Template: `@(format_urn("mailto:foo@bar.com"))`, Output: "foo@bar.com"},
			{Template: `@(format_urn("NOT URN"))`, Error: true},
		},
	})
	RegisterFunction("attachment_parts", fnAttachmentParts, FunctionDoc{
		Signature: "attachment_parts(attachment)", Summary: "Returns an object with the content type and URL of `attachment`.",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(attachment_parts("image/jpeg:https://example.com/test.jpg"))`, Output: "{content_type: image/jpeg, url: https://example.com/test.jpg}"},
			{Template: `@(attachment_parts("https://example.com/test.jpg"))`, Output: "{content_type: , url: https://example.com/test.jpg}"},
		},
	})
	RegisterFunction("format_location", fnFormatLocation, FunctionDoc{
		Signature: "format_location(location)", Summary: "Returns the name of `location`, the last part of a path like \"Rwanda > Kigali\".",
		MinArgs: 1, MaxArgs: 1,
		Examples: []Example{
			{Template: `@(format_location("Rwanda"))`, Output: "Rwanda"},
			{Template: `@(format_location("Rwanda > Kigali"))`, Output: "Kigali"},
		},
	})
}

// urnParts are the pieces of scheme:path?query#display.
type urnParts struct {
	scheme, path, query, display string
}

// urnEscapes are the characters a URN part writes percent-encoded.
var urnEscapes = strings.NewReplacer("%23", "#", "%3F", "?", "%25", "%")

// splitURN splits a URN into its parts; it needs at least a scheme and a path, and a query or
// display can only follow the path. Errors are worded as the reference words them.
func splitURN(s string) (urnParts, error) {
	scheme, rest, _ := strings.Cut(s, ":")
	if i := strings.IndexAny(scheme, "?#"); i >= 0 { // the first of them is reported
		if scheme[i] == '?' {
			return urnParts{}, fmt.Errorf("%s is not a valid URN: query component can only come after path component", s)
		}
		return urnParts{}, fmt.Errorf("%s is not a valid URN: fragment component can only come after path or query components", s)
	}
	if scheme == "" {
		return urnParts{}, fmt.Errorf("%s is not a valid URN: scheme cannot be empty", s)
	}
	rest, display, _ := strings.Cut(rest, "#")
	path, query, _ := strings.Cut(rest, "?")
	if path == "" {
		return urnParts{}, fmt.Errorf("%s is not a valid URN: path cannot be empty", s)
	}
	return urnParts{
		scheme:  urnEscapes.Replace(scheme),
		path:    urnEscapes.Replace(path),
		query:   urnEscapes.Replace(query),
		display: urnEscapes.Replace(display),
	}, nil
}

func urnArg(ctx *EvalContext, v Value) (urnParts, *Error) {
	s, err := ToText(ctx, v)
	if err != nil {
		return urnParts{}, err
	}
	u, splitErr := splitURN(s)
	if splitErr != nil {
		return urnParts{}, NewError("%s", splitErr.Error())
	}
	return u, nil
}

func fnURNParts(ctx *EvalContext, args []Value) Value {
	u, err := urnArg(ctx, args[0])
	if err != nil {
		return err
	}
	return NewObject().Set("scheme", Text(u.scheme)).Set("path", Text(u.path)).Set("display", Text(u.display))
}

func fnFormatURN(ctx *EvalContext, args []Value) Value {
	u, err := urnArg(ctx, args[0])
	if err != nil {
		return err
	}
	return Text(formatURNForPeople(u))
}

// formatURNForPeople shows a URN the way a contact list would.
func formatURNForPeople(u urnParts) string {
	if u.display != "" {
		return u.display
	}
	if u.scheme == "tel" {
		if n, err := phonenumbers.Parse(u.path, ""); err == nil {
			return phonenumbers.Format(n, phonenumbers.NATIONAL)
		}
	}
	return u.path
}

// attachmentType is what the reference takes as the content type of an attachment: a MIME type,
// or one of the bare types it writes itself.
var attachmentType = regexp.MustCompile(`(?i)^(?:image|audio|video|application|geo|unavailable|[\w.+-]+/[\w.+-]+)$`)

func fnAttachmentParts(ctx *EvalContext, args []Value) Value {
	s, err := ToText(ctx, args[0])
	if err != nil {
		return err
	}
	contentType, url := "", s
	// the content type comes before the first colon ("image/jpeg:https://...", "geo:1.5,2.5")
	// when it is one (lower-cased); otherwise the whole is the URL ("https://...", "text:foo")
	if prefix, rest, found := strings.Cut(s, ":"); found && attachmentType.MatchString(prefix) {
		contentType, url = strings.ToLower(prefix), rest
	}
	return NewObject().Set("content_type", Text(contentType)).Set("url", Text(url))
}

func fnFormatLocation(ctx *EvalContext, args []Value) Value {
	s, err := ToText(ctx, args[0])
	if err != nil {
		return err
	}
	parts := strings.Split(s, ">")
	return Text(strings.TrimSpace(parts[len(parts)-1]))
}

// possiblePhone finds runs of text that may be phone numbers: an optional + then at least five
// digits, spaces, dots, dashes or brackets.
var possiblePhone = regexp.MustCompile(`\+?[\d \.\-\(\)]{5,}`)

// findPhoneNumbers returns, in E.164 form, the phone numbers in text, reading numbers without a
// country code as numbers of country (an ISO 3166-1 alpha-2 code, may be empty). As in the
// reference, a number is kept only when it makes a valid tel URN (at most 15 digits).
func findPhoneNumbers(text, country string) []string {
	var found []string
	for _, candidate := range possiblePhone.FindAllString(text, 20) {
		if n, ok := ParsePhoneNumber(candidate, country); ok && e164Path.MatchString(n) {
			found = append(found, n)
		}
	}
	return found
}

// e164Path is a phone number a tel URN accepts in international form.
var e164Path = regexp.MustCompile(`^\+[0-9]{7,15}$`)

// ParsePhoneNumber reads a possible phone number as the reference's phone parser does, returning
// it in E.164. Everything but letters and digits is dropped (keeping a leading +) and the rest is
// parsed as a number of country (international when it starts with +), kept when its length is
// possible there. A country that isn't one rejects every number not written with its country
// code. Otherwise a number of 11 or more characters not starting with 0 is tried again as
// international ("250788123123" is +250788123123 in any country). Validity isn't asked, only a
// possible length, and the E.164 form must read back as itself (a national prefix inside it,
// as in +82011290, is dropped until it does).
func ParsePhoneNumber(raw, country string) (string, bool) {
	s := strings.TrimSpace(raw)
	plus := strings.HasPrefix(s, "+")
	s = strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return -1
	}, s)
	if plus {
		s = "+" + s
	}
	n, err := phonenumbers.Parse(s, country)
	if country != "" && err == phonenumbers.ErrInvalidCountryCode {
		return "", false
	}
	if err == nil && phonenumbers.IsPossibleNumberWithReason(n) == phonenumbers.IS_POSSIBLE {
		if e164, ok := stableE164(n); ok {
			return e164, true
		}
	}
	if len(s) >= 11 && !strings.HasPrefix(s, "0") {
		if n, err := phonenumbers.Parse("+"+s, country); err == nil && phonenumbers.IsPossibleNumberWithReason(n) == phonenumbers.IS_POSSIBLE {
			return stableE164(n)
		}
	}
	return "", false
}

// stableE164 formats a number in E.164 and reads it back (up to three times) until it formats
// the same, failing when it doesn't settle or stops being possible.
func stableE164(n *phonenumbers.PhoneNumber) (string, bool) {
	e164 := phonenumbers.Format(n, phonenumbers.E164)
	for range 3 {
		again, err := phonenumbers.Parse(e164, "")
		if err != nil || phonenumbers.IsPossibleNumberWithReason(again) != phonenumbers.IS_POSSIBLE {
			return "", false
		}
		next := phonenumbers.Format(again, phonenumbers.E164)
		if next == e164 {
			return e164, true
		}
		e164 = next
	}
	return "", false
}
