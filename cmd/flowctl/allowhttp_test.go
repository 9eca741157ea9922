package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAllowHTTPRedirects: with --allow-http a call follows redirects within the origin it was
// made to, never to another (the redirect is the call's answer, and the transcript says where it
// led); a call nothing answers doesn't advise passing the --allow-http that was passed.
func TestAllowHTTPRedirects(t *testing.T) {
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("a redirect to another origin was followed: %s", r.URL)
	}))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/same":
			http.Redirect(w, r, "/ok", http.StatusFound)
		case "/ok":
			w.Write([]byte(`{"ok": true}`))
		case "/elsewhere":
			http.Redirect(w, r, other.URL+"/stolen", http.StatusFound)
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		}
	}))
	defer srv.Close()
	// a port nothing listens on: take one and let it go
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String() + "/x"
	l.Close()

	dir := t.TempDir()
	for _, tc := range []struct {
		name, url string
		args      []string
		want      string
		unwanted  string
	}{
		{"same origin", srv.URL + "/same", []string{"--allow-http"}, "→ success 200", "not followed"},
		{"another origin", srv.URL + "/elsewhere", []string{"--allow-http"},
			"→ response_error 302 (a redirect to " + other.URL + "/stolen, not followed)", ""},
		{"redirects without end", srv.URL + "/loop", []string{"--allow-http"}, "→ connection error, nothing answered (the real call failed)", "--allow-http"},
		{"nothing listens, real calls on", closed, []string{"--allow-http"}, "→ connection error, nothing answered (the real call failed)", "--allow-http"},
		{"nothing listens, real calls off", closed, nil, "→ connection error, nothing answered (mock this URL with --http-mocks, or pass --allow-http)", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			flow := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".json")
			if err := os.WriteFile(flow, []byte(slowFlow(tc.url)), 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, errOut := runMain(append([]string{"run", flow}, tc.args...)...)
			if code != 0 || !strings.Contains(out, tc.want) || (tc.unwanted != "" && strings.Contains(out, tc.unwanted)) {
				t.Errorf("exit %d, want 0, %q and not %q:\n%s%s", code, tc.want, tc.unwanted, out, errOut)
			}
		})
	}
}
