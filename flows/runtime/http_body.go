package runtime

import (
	"bytes"
	"encoding/json"
	"regexp"
)

// ResponseJSON is the JSON a webhook's response body holds, as the reference extracts it for
// @webhook.json and a result's extra, or nil when there is none. Stores downstream can't keep
// NUL characters, so the body is cleaned first: invalid UTF-8 and NUL bytes are dropped, and so
// is every escaped NUL (\u0000) in it; what remains must be valid JSON.
func ResponseJSON(body []byte) []byte {
	if len(body) == 0 {
		return nil
	}
	cleaned := bytes.ToValidUTF8(body, nil)
	cleaned = bytes.ReplaceAll(cleaned, []byte{0}, nil)
	cleaned = ReplaceEscapedNulls(cleaned, nil)
	if !json.Valid(cleaned) {
		return nil
	}
	return cleaned
}

// escapedNull is a \u0000 escape with the backslashes before it: an even number of them is
// escaped backslashes followed by the text u0000, which stays.
var escapedNull = regexp.MustCompile(`\\+u0{4}`)

// ReplaceEscapedNulls replaces each \u0000 escape in JSON text with repl (which may be empty),
// keeping the escaped backslashes before it.
func ReplaceEscapedNulls(data, repl []byte) []byte {
	return escapedNull.ReplaceAllFunc(data, func(m []byte) []byte {
		slashes := bytes.Count(m, []byte{'\\'})
		if slashes%2 == 0 {
			return m
		}
		return append(bytes.Repeat([]byte{'\\'}, slashes-1), repl...)
	})
}
