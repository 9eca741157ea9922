package engine

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/flowctl/flowctl/flows/runtime"
)

// maxLoggedTrace bounds a request or response dump kept in events, in characters counting the
// "..." that ends a cut one; @webhook still sees the whole body.
const maxLoggedTrace = 10000

// replacementChar is what a NUL in a logged trace becomes.
var replacementChar = []byte("\uFFFD")

// sanitizedTrace is a request or response dump as the reference logs it: the head made valid
// UTF-8, the body kept only when it is valid UTF-8 (a binary body shows as "..."), and NUL
// bytes in either shown as U+FFFD, as not every store downstream can keep them.
func sanitizedTrace(head, body []byte) string {
	var b bytes.Buffer
	b.Write(bytes.ReplaceAll(bytes.ToValidUTF8(head, replacementChar), []byte{0}, replacementChar))
	if utf8.Valid(body) {
		b.Write(bytes.ReplaceAll(body, []byte{0}, replacementChar))
	} else {
		b.WriteString("...")
	}
	return b.String()
}

// loggedRequest is a request dump as an event shows it: sanitized and cut to size.
func loggedRequest(dump string) string {
	head, body, found := strings.Cut(dump, "\r\n\r\n")
	if found {
		head += "\r\n\r\n"
	}
	return runtime.Ellipsize(sanitizedTrace([]byte(head), []byte(body)), maxLoggedTrace)
}

// loggedResponse is a response dump as an event shows it: sanitized, with escaped NULs in a JSON
// body shown as U+FFFD too, and cut to size.
func loggedResponse(head string, body []byte) string {
	trace := sanitizedTrace([]byte(head), body)
	return runtime.Ellipsize(string(runtime.ReplaceEscapedNulls([]byte(trace), replacementChar)), maxLoggedTrace)
}
