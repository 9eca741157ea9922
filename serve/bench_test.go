package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/flowctl/flowctl/serve/page"
)

// maxPageWeight is the target for the embedded page, before compression.
const maxPageWeight = 300 << 10

func TestPageWeight(t *testing.T) {
	if n := page.Size(); n > maxPageWeight {
		t.Errorf("the embedded page weighs %d bytes, over the %d-byte budget", n, maxPageWeight)
	}
}

// BenchmarkPageWeight reports the embedded page's size (bytes/page) for the record.
func BenchmarkPageWeight(b *testing.B) {
	for range b.N {
		_ = page.Size()
	}
	b.ReportMetric(float64(page.Size()), "bytes/page")
}

func post(b *testing.B, client *http.Client, url string, body any) []byte {
	data, _ := json.Marshal(body)
	res, err := client.Post(url, "application/json", bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	out, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode >= 300 {
		b.Fatalf("POST %s = %d: %s", url, res.StatusCode, out)
	}
	return out
}

// BenchmarkStartSession is POST /api/sessions on the bundled flow through a real HTTP client
// (issue target: ≤ 2 ms).
func BenchmarkStartSession(b *testing.B) {
	s := startServer(b, Options{MaxSessions: 1 << 20})
	id := s.flowID(b, "Registration")
	client := &http.Client{}
	post(b, client, s.base+"/api/sessions", StartRequest{Flow: id}) // the loader's first read
	b.ResetTimer()
	for range b.N {
		post(b, client, s.base+"/api/sessions", StartRequest{Flow: id})
	}
}

// BenchmarkReply is one reply through POST /api/sessions/{id}/resume (issue target: ≤ 2 ms):
// the name, answered on a fresh session each time (the session is started outside the timer).
func BenchmarkReply(b *testing.B) {
	s := startServer(b, Options{MaxSessions: 1 << 20})
	id := s.flowID(b, "Registration")
	client := &http.Client{}
	for i := range b.N {
		b.StopTimer()
		var st State
		if err := json.Unmarshal(post(b, client, s.base+"/api/sessions", StartRequest{Flow: id}), &st); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		post(b, client, fmt.Sprintf("%s/api/sessions/%s/resume", s.base, st.ID), ResumeRequest{Text: fmt.Sprint("Bob ", i)})
	}
}
