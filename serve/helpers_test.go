package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// workspace copies the bundled example into a fresh folder laid out as a project: flows/ with
// the registration export (and broken.json when broken), assets/ and mocks.json. Tests change
// and save files there.
func workspace(t testing.TB, broken bool) (root, assets, mocks string) {
	t.Helper()
	dir := t.TempDir()
	// a project kept in git, as flowctl expects: its scenarios may name files anywhere in it
	// (the saved scenario names ../assets), which flowctl test allows below the work tree
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	root = filepath.Join(dir, "flows")
	copyFile(t, "../testdata/flows/registration.json", filepath.Join(root, "registration.json"))
	if broken {
		copyFile(t, "testdata/broken.json", filepath.Join(root, "broken.json"))
	}
	assets = filepath.Join(dir, "assets", "org_assets.json")
	copyFile(t, "../testdata/assets/org_assets.json", assets)
	mocks = filepath.Join(dir, "mocks.json")
	copyFile(t, "testdata/registration.mocks.json", mocks)
	return root, assets, mocks
}

func copyFile(t testing.TB, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// testServer is a server on a real loopback port, as flowctl serve runs it.
type testServer struct {
	*Server
	ts   *httptest.Server
	base string
}

func startServer(t testing.TB, opts Options) *testServer {
	t.Helper()
	if opts.Root == "" {
		root, assets, mocks := workspace(t, false)
		opts.Root, opts.Assets, opts.MocksFile = root, []string{assets}, mocks
	}
	srv, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(srv)
	ts.Start()
	t.Cleanup(ts.Close)
	if err := srv.SetAddr(ts.Listener.Addr().String()); err != nil {
		t.Fatal(err)
	}
	return &testServer{Server: srv, ts: ts, base: ts.URL}
}

// call makes a request and decodes the JSON answer into out (when not nil); it returns the
// status.
func (s *testServer) call(t testing.TB, method, path string, body any, out any) int {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.base+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: the answer is not JSON: %v\n%s", method, path, err, data)
		}
	}
	return res.StatusCode
}

// flowID finds a flow's id by name.
// startOn starts a session of the flow named name, of a root holding only src as file, on a
// server with opts (Root set to that root), and returns its state.
func startOn(t testing.TB, file, src, name string, opts Options) State {
	t.Helper()
	opts.Root = t.TempDir()
	if err := os.WriteFile(filepath.Join(opts.Root, file), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	s := startServer(t, opts)
	var st State
	if code := s.call(t, "POST", "/api/sessions", StartRequest{Flow: s.flowID(t, name)}, &st); code != http.StatusCreated {
		t.Fatalf("POST /api/sessions = %d", code)
	}
	return st
}

func (s *testServer) flowID(t testing.TB, name string) string {
	t.Helper()
	var list struct{ Flows []Flow }
	s.call(t, "GET", "/api/flows", nil, &list)
	for _, f := range list.Flows {
		if f.Name == name {
			return f.ID
		}
	}
	t.Fatalf("no flow %q in %+v", name, list.Flows)
	return ""
}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// flowctlBinary builds the command once per test run, for tests that run `flowctl test` on what
// the server saved.
func flowctlBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "serve-flowctl-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "flowctl")
		if runtime.GOOS == "windows" {
			binPath += ".exe"
		}
		out, err := exec.Command("go", "build", "-o", binPath, "../cmd/flowctl").CombinedOutput()
		if err != nil {
			buildErr = err
			binPath = string(out)
		}
	})
	if buildErr != nil {
		t.Fatalf("can't build flowctl: %v\n%s", buildErr, binPath)
	}
	return binPath
}

// flowctlTest runs `flowctl test FILE` and fails the test unless it passes.
func flowctlTest(t testing.TB, file string) string {
	t.Helper()
	out, err := exec.Command(flowctlBinary(t), "test", file).CombinedOutput()
	if err != nil {
		t.Fatalf("flowctl test %s failed: %v\n%s", file, err, out)
	}
	if !strings.Contains(string(out), "passed") {
		t.Fatalf("flowctl test %s said nothing passed:\n%s", file, out)
	}
	return string(out)
}

func contextWithCancel(t testing.TB) (context.Context, context.CancelFunc) {
	return context.WithCancel(context.Background())
}
