package engine

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/textproto"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/flowctl/flowctl/flows/runtime"
)

// HTTPClient makes the HTTP calls of webhooks and other services. The engine never reaches the
// network unless it is given a client that does (see NewRealHTTPClient).
type HTTPClient interface {
	Do(req *runtime.HTTPRequest) (status int, header http.Header, body []byte, err error)
}

// MockResponse is one canned answer of an HTTP mock. Status 0 stands for a connection error.
type MockResponse struct {
	Status  int               `json:"status"`
	Body    string            `json:"body"`
	Headers map[string]string `json:"headers,omitempty"`
	// BodyRepeat, when more than 1, repeats Body that many times (to mock big responses).
	BodyRepeat RepeatCount `json:"body_repeat,omitempty"`
}

// RepeatCount is how many times a mock's body is repeated: a whole number, 0 or more.
type RepeatCount int

// UnmarshalJSON refuses a negative count, which would silently mean "once".
func (r *RepeatCount) UnmarshalJSON(data []byte) error {
	var n int
	if err := json.Unmarshal(data, &n); err != nil {
		return err
	}
	if n < 0 {
		return fmt.Errorf("expected how many times the body is repeated, 0 or more, got %d", n)
	}
	*r = RepeatCount(n)
	return nil
}

// Mocks answers HTTP calls from canned responses, as the reference's test harness does: each
// key is a URL or a pattern with a '*' at its start, its end or both ("http://api.example.com/*"),
// and a call takes the next unused answer of the most specific key that matches its URL and has
// answers left: the one with the most characters besides the stars, an exact URL before a pattern
// as long, then the first in byte order (the reference picks among equally specific ones at
// random). Each answer is used once; when a key's are used up, the next most specific key
// answers, and when none is left the call fails like one to an unreachable host.
type Mocks struct {
	answers map[string][]MockResponse
	used    map[string]int
	keys    []string // the keys in byte order, so that a tie always goes the same way
}

// NewMocks returns a client answering from the given mocks (nil means none).
func NewMocks(m map[string][]MockResponse) *Mocks {
	if m == nil {
		m = map[string][]MockResponse{}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return &Mocks{answers: m, used: map[string]int{}, keys: keys}
}

// globMatch reports whether s matches pattern, where a '*' is special only as the whole pattern
// or at its start or end (anything before, after, or around the rest).
func globMatch(s, pattern string) bool {
	switch {
	case pattern == "*":
		return true
	case len(pattern) >= 2 && strings.HasPrefix(pattern, "*") && strings.HasSuffix(pattern, "*"):
		return strings.Contains(s, pattern[1:len(pattern)-1])
	case strings.HasPrefix(pattern, "*"):
		return strings.HasSuffix(s, pattern[1:])
	case strings.HasSuffix(pattern, "*"):
		return strings.HasPrefix(s, pattern[:len(pattern)-1])
	}
	return s == pattern
}

// next returns the key whose next answer url gets, and whether there is one.
func (m *Mocks) next(url string) (string, bool) {
	best, found := "", false
	for _, k := range m.keys {
		if m.used[k] >= len(m.answers[k]) || !globMatch(url, k) {
			continue
		}
		if !found || moreSpecific(k, best) {
			best, found = k, true
		}
	}
	return best, found
}

// moreSpecific reports whether pattern a is chosen over b: more characters besides the stars,
// then fewer stars.
func moreSpecific(a, b string) bool {
	la, lb := len(strings.Trim(a, "*")), len(strings.Trim(b, "*"))
	if la != lb {
		return la > lb
	}
	return strings.Count(a, "*") < strings.Count(b, "*")
}

// ReadMocks decodes a JSON object URL → list of {status, body, headers}.
func ReadMocks(data []byte) (*Mocks, error) {
	var m map[string][]MockResponse
	if err := DecodeJSON(data, &m); err != nil {
		return nil, fmt.Errorf("http mocks: %w", err)
	}
	return NewMocks(m), nil
}

// sentURL is a URL as the client sends it: parsed and written back. One that doesn't parse
// stays as it is.
func sentURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.String()
}

// errNoMock is the connection error an unmocked call gets.
type errNoMock struct{ url string }

func (e errNoMock) Error() string {
	return fmt.Sprintf("no mock for %s and real HTTP calls are off (use --allow-http)", e.url)
}

// Do answers with the next mock for the URL.
func (m *Mocks) Do(req *runtime.HTTPRequest) (int, http.Header, []byte, error) {
	// a mock answers the URL as the client sends it (a path's spaces escaped, as the
	// reference's recordings name calls), or as the flow wrote it
	k, ok := m.next(sentURL(req.URL))
	if !ok {
		k, ok = m.next(req.URL)
	}
	if !ok {
		return 0, nil, nil, errNoMock{req.URL}
	}
	a := m.answers[k][m.used[k]]
	m.used[k]++
	if a.Status == 0 {
		return 0, nil, nil, fmt.Errorf("connection to %s failed", req.URL)
	}
	h := http.Header{}
	for k, v := range a.Headers {
		h.Set(k, v)
	}
	body := a.Body
	if n := int(a.BodyRepeat); n > 1 && len(body) > 0 {
		// the size is checked before the body is built: a mock of a 10 GB body is a too-large
		// response, not 10 GB of memory; one whose size an int64 can't count says the largest
		size := int64(math.MaxInt64)
		if n <= math.MaxInt64/len(body) {
			size = int64(len(body)) * int64(n)
		}
		if size > MaxResponseBody {
			return 0, nil, nil, &TooLargeError{Status: a.Status, Header: h, Size: size}
		}
		body = strings.Repeat(body, n)
	}
	return a.Status, h, []byte(body), nil
}

// TooLargeError is what an HTTPClient may return for a response whose body is over
// MaxResponseBody, instead of the body: the engine reports it as a too-large response, which
// needs only the body's size.
type TooLargeError struct {
	Status int
	Header http.Header
	Size   int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("the response body of %d bytes is over the %d bytes limit", e.Size, MaxResponseBody)
}

// realClient makes real calls, with a timeout and a response size limit.
type realClient struct {
	client   *http.Client
	maxBytes int64
	fallback *Mocks
}

// The limits of one real HTTP call (flowctl run --allow-http, serve): how long it may take and
// how much of its response is read.
const (
	RealHTTPTimeout = 10 * time.Second
	RealHTTPMaxBody = 1 << 20
)

// NewRealHTTPClient returns a client that makes real HTTP calls for URLs the mocks don't
// answer, each limited to timeout and to maxBytes of response body.
func NewRealHTTPClient(mocks *Mocks, timeout time.Duration, maxBytes int64) HTTPClient {
	return &realClient{client: &http.Client{Timeout: timeout, CheckRedirect: sameOrigin}, maxBytes: maxBytes, fallback: mocks}
}

// MaxRedirects is how many redirects a real call follows, as Go's client does by default.
const MaxRedirects = 10

// sameOrigin follows a redirect only within the origin (scheme, host and port) the call was
// made to: --allow-http lets a flow reach the URLs it names, not wherever a server sends it
// (another host, or https to http). A redirect elsewhere is the call's answer, which the
// transcript shows as not followed.
func sameOrigin(req *http.Request, via []*http.Request) error {
	if len(via) >= MaxRedirects {
		return fmt.Errorf("stopped after %d redirects", MaxRedirects)
	}
	from := via[0].URL
	if req.URL.Scheme != from.Scheme || req.URL.Host != from.Host {
		return http.ErrUseLastResponse
	}
	return nil
}

func (c *realClient) Do(req *runtime.HTTPRequest) (int, http.Header, []byte, error) {
	if c.fallback.Mocked(req.URL) {
		return c.fallback.Do(req)
	}
	hr, err := http.NewRequestWithContext(context.Background(), req.Method, req.URL, strings.NewReader(req.Body))
	if err != nil {
		return 0, nil, nil, err
	}
	for _, h := range req.Headers {
		hr.Header.Set(h[0], h[1])
	}
	resp, err := c.client.Do(hr)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBytes+1))
	if err != nil {
		return 0, nil, nil, err
	}
	if int64(len(body)) > c.maxBytes {
		return 0, nil, nil, fmt.Errorf("response body exceeds the limit of %d bytes", c.maxBytes)
	}
	return resp.StatusCode, resp.Header, body, nil
}

// MaxResponseBody is the largest response body a call keeps, as in the reference.
const MaxResponseBody = 100000

// userAgent is the User-Agent of engine requests. It matches the reference engine's test
// harness so that simulated request dumps compare equal with its recordings.
const userAgent = "goflow-testing"

// dumpRequest writes a request the way it goes on the wire (Go's header order: Host,
// User-Agent, Content-Length, the rest sorted, then the Accept-Encoding the client adds).
func dumpRequest(req *runtime.HTTPRequest) string {
	u, err := url.Parse(req.URL)
	if err != nil {
		return ""
	}
	path := u.RequestURI()
	// a request may bring its own User-Agent (outside services send Go's default)
	agent := userAgent
	for _, h := range req.Headers {
		if strings.EqualFold(h[0], "User-Agent") {
			agent = h[1]
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\n", req.Method, path, u.Host, agent)
	if req.Body != "" || req.Method == "POST" || req.Method == "PUT" || req.Method == "PATCH" {
		fmt.Fprintf(&b, "Content-Length: %d\r\n", len(req.Body))
	}
	hs := append([][2]string(nil), req.Headers...)
	// Go's client turns a URL's user info into basic auth unless the request has its own
	if u.User != nil && !hasHeader(hs, "Authorization") {
		pw, _ := u.User.Password()
		hs = append(hs, [2]string{"Authorization", "Basic " + base64.StdEncoding.EncodeToString([]byte(u.User.Username()+":"+pw))})
	}
	// Go's client writes keys in their canonical form, sorted so, and values without the
	// spaces around them
	for i, h := range hs {
		hs[i] = [2]string{http.CanonicalHeaderKey(h[0]), textproto.TrimString(h[1])}
	}
	sort.SliceStable(hs, func(i, j int) bool { return hs[i][0] < hs[j][0] })
	for _, h := range hs {
		// the client writes these itself, from the request, whatever the headers say
		if h[0] == "User-Agent" || h[0] == "Host" || h[0] == "Content-Length" || h[0] == "Transfer-Encoding" || h[0] == "Trailer" {
			continue
		}
		fmt.Fprintf(&b, "%s: %s\r\n", h[0], h[1])
	}
	// and asks for gzip itself unless the request chose an encoding or a range, or is a HEAD
	// (no body to compress)
	if req.Method != "HEAD" && !hasHeader(hs, "Accept-Encoding") && !hasHeader(hs, "Range") {
		b.WriteString("Accept-Encoding: gzip\r\n")
	}
	b.WriteString("\r\n")
	b.WriteString(req.Body)
	return b.String()
}

func hasHeader(hs [][2]string, name string) bool {
	for _, h := range hs {
		if strings.EqualFold(h[0], name) {
			return true
		}
	}
	return false
}

// dumpResponseHead writes the status line and headers of a response with a body of n bytes.
func dumpResponseHead(method string, status int, header http.Header, n int64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP/1.0 %d %s\r\n", status, http.StatusText(status))
	// an empty response of a status that has no body (1xx, 204, 304) shows no length, unless
	// the request was one that always sends its length (POST, PUT, PATCH), as Go writes a
	// response out
	bodiless := status < 200 || status == http.StatusNoContent || status == http.StatusNotModified
	if !bodiless || n > 0 || method == "POST" || method == "PUT" || method == "PATCH" {
		fmt.Fprintf(&b, "Content-Length: %d\r\n", n)
	}
	keys := make([]string, 0, len(header))
	for k := range header {
		if k != "Content-Length" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "%s: %s\r\n", k, header.Get(k))
	}
	b.WriteString("\r\n")
	return b.String()
}

// doHTTP makes a call and describes it as goflow does: success for 2xx, response_error for
// other statuses, connection_error when nothing came back.
func (s *Session) doHTTP(client HTTPClient, req *runtime.HTTPRequest) *runtime.HTTPResponse {
	start := s.eng.now()
	dump := dumpRequest(req)
	status, header, body, err := client.Do(req)
	end := s.eng.now()
	// the log shows the URL as the client sends it: parsed and written back (a path's spaces escaped)
	shownURL := sentURL(req.URL)
	log := &runtime.HTTPLog{
		URL:       shownURL,
		Request:   loggedRequest(dump),
		ElapsedMS: int(end.Sub(start) / time.Millisecond),
		Sizes:     runtime.HTTPSizes{Request: len(dump)},
	}
	size := int64(len(body))
	var tl *TooLargeError
	if errors.As(err, &tl) {
		status, header, size, err = tl.Status, tl.Header, tl.Size, nil
	}
	if err != nil {
		log.Status = "connection_error"
		return &runtime.HTTPResponse{Log: log}
	}
	log.StatusCode = status
	if size > MaxResponseBody {
		// too big to keep: reported like a failed connection, with the headers only
		log.Status = "connection_error"
		head := dumpResponseHead(req.Method, status, header, size)
		log.Response = loggedResponse(head, nil)
		log.Sizes.Response = len(head)
		return &runtime.HTTPResponse{StatusCode: status, Headers: firstValues(header), Log: log,
			Error: fmt.Sprintf("Webhook response body exceeds %d bytes limit", MaxResponseBody)}
	}
	head := dumpResponseHead(req.Method, status, header, int64(len(body)))
	log.Response = loggedResponse(head, body)
	log.Sizes.Response = len(head) + len(body)
	if status >= 200 && status < 300 {
		log.Status = "success"
	} else {
		log.Status = "response_error"
	}
	return &runtime.HTTPResponse{StatusCode: status, Headers: firstValues(header), Body: bytes.Clone(body), Log: log}
}

// firstValues is each header with its first value, as the reference keeps a response's headers.
func firstValues(header http.Header) map[string]string {
	out := make(map[string]string, len(header))
	for k := range header {
		out[http.CanonicalHeaderKey(k)] = header.Get(k)
	}
	return out
}
