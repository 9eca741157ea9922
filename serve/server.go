// Package serve is `flowctl serve`: an HTTP server on the loopback interface that runs simulated
// sessions of the flows under a folder through a small JSON API, and serves the page (package
// serve/page, embedded in the binary) that drives it: a chat with the contact, the flow's graph
// with where the contact is, the contact, results and events. With desktop options it also serves
// the agent desktop at /desktop, whose plugin protocols are the plain Go state machines of
// package desktop.
//
// The server only reads files under its root (and the --assets, --hooks and --http-mocks files
// it was given), refuses requests whose Host or Origin isn't its own (DNS rebinding, other
// sites), and makes no network call unless told to.
package serve

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"

	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/flows/read"
	"github.com/flowctl/flowctl/flows/simulation"
	"github.com/flowctl/flowctl/internal/readfile"
)

// Options set a server up.
type Options struct {
	// Root is PATH: a folder of flow files, or one flow file or export.
	Root string
	// Assets are more assets files, as run's --assets.
	Assets []string
	// Hooks are JavaScript hook files, as run's --hooks.
	Hooks []string
	// MocksFile answers the flows' HTTP calls (run's --http-mocks: URL → list of {status,
	// body}); AllowHTTP lets unmocked calls through to the network.
	MocksFile string
	AllowHTTP bool
	// MaxSessions and MaxEvents bound what is kept in memory (0: the defaults).
	MaxSessions int
	MaxEvents   int
	MaxFileSize int64
	// MediaURL is the base URL legacy flows' relative media URLs are joined to, as run's
	// --media-url ("": the reference engine's).
	MediaURL string
	// Desktop, when set, serves the agent desktop at /desktop.
	Desktop *DesktopOptions
	// Log gets a line per refused request and per reload (nil: nowhere).
	Log io.Writer
}

// Server is the simulator's HTTP server.
type Server struct {
	opts Options

	mu        sync.RWMutex
	mocks     map[string][]engine.MockResponse
	mocksJSON json.RawMessage
	http      engine.HTTPClient
	cat       *catalog
	ldr       *simulation.Loader
	addr      string // host:port the server is reached at
	// hosts are the Host header values (host:port) the server answers to.
	hosts map[string]bool

	store *store
	hub   *hub
	desk  *desk
	// watching is closed once Watch watches the files (tests change files after it).
	watching  chan struct{}
	watchOnce sync.Once
	mux       *http.ServeMux
}

// New scans the root and sets the server up. Call SetAddr with the address it listens on before
// serving.
func New(opts Options) (*Server, error) {
	cat, err := scan(opts.Root, opts.Assets, opts.MaxFileSize, read.Options{MediaURL: opts.MediaURL})
	if err != nil {
		return nil, err
	}
	srv := &Server{opts: opts, cat: cat, store: newStore(opts.MaxSessions, opts.MaxEvents), hub: newHub(), watching: make(chan struct{})}
	if err := srv.readMocks(); err != nil {
		return nil, err
	}
	srv.ldr = &simulation.Loader{MaxSize: opts.MaxFileSize, MediaURL: opts.MediaURL}
	if opts.Desktop != nil {
		if srv.desk, err = newDesk(srv, *opts.Desktop); err != nil {
			return nil, err
		}
	}
	srv.routes()
	return srv, nil
}

// readMocks reads the --http-mocks file (again, after it changed).
func (srv *Server) readMocks() error {
	var mocks map[string][]engine.MockResponse
	var raw json.RawMessage
	if f := srv.opts.MocksFile; f != "" {
		data, err := readfile.Read(f, srv.opts.MaxFileSize)
		if err != nil {
			return fmt.Errorf("--http-mocks: can't read %s: %v", f, err)
		}
		if err := engine.DecodeJSON(data, &mocks); err != nil {
			return fmt.Errorf("--http-mocks %s:%v (expected an object URL → list of {status, body})", f, err)
		}
		raw = data
	}
	var client engine.HTTPClient
	if srv.opts.AllowHTTP {
		client = engine.NewRealHTTPClient(engine.NewMocks(mocks), engine.RealHTTPTimeout, engine.RealHTTPMaxBody)
	}
	srv.mu.Lock()
	srv.mocks, srv.mocksJSON, srv.http = mocks, raw, client
	srv.mu.Unlock()
	return nil
}

// SetAddr tells the server the address it listens on (host:port): requests must name it (or,
// on loopback, localhost or another loopback address with the same port) in their Host header.
func (srv *Server) SetAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %q: %v", addr, err)
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	srv.addr = addr
	srv.hosts = map[string]bool{net.JoinHostPort(host, port): true}
	if IsLoopback(host) {
		for _, h := range []string{"localhost", "127.0.0.1", "::1"} {
			srv.hosts[net.JoinHostPort(h, port)] = true
		}
	}
	return nil
}

// IsLoopback reports whether a listening host is a loopback address (or localhost).
func IsLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// URL is the page's address.
func (srv *Server) URL() string {
	srv.mu.RLock()
	defer srv.mu.RUnlock()
	return "http://" + srv.addr + "/"
}

func (srv *Server) catalog() *catalog {
	srv.mu.RLock()
	defer srv.mu.RUnlock()
	return srv.cat
}

func (srv *Server) loader() *simulation.Loader {
	srv.mu.RLock()
	defer srv.mu.RUnlock()
	return srv.ldr
}

// Rescan reads the root again (after files changed) and drops what the loader had read, so new
// sessions run the files as they are now; sessions already running keep their flow.
func (srv *Server) Rescan(changed []string) {
	cat, err := scan(srv.opts.Root, srv.opts.Assets, srv.opts.MaxFileSize, read.Options{MediaURL: srv.opts.MediaURL})
	if err == nil {
		err = srv.readMocks()
	}
	msg := map[string]any{"changed": changed}
	if err != nil {
		msg["error"] = err.Error()
		srv.logf("reload failed: %v", err)
	} else {
		srv.mu.Lock()
		srv.cat = cat
		srv.ldr = &simulation.Loader{MaxSize: srv.opts.MaxFileSize, MediaURL: srv.opts.MediaURL}
		srv.mu.Unlock()
		srv.logf("reloaded: %s changed", strings.Join(changed, ", "))
	}
	srv.hub.publish("server", "files_changed", msg)
}

func (srv *Server) logf(format string, args ...any) {
	if srv.opts.Log != nil {
		fmt.Fprintf(srv.opts.Log, "flowctl serve: "+format+"\n", args...)
	}
}

// sessionChanged streams a session's new transcript entries.
func (srv *Server) sessionChanged(s *Session, entries []Entry) {
	if len(entries) > 0 {
		srv.hub.publish("session/"+s.ID, "entries", entries)
	}
}

// ServeHTTP serves the page and the API, after the Host and Origin checks.
func (srv *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if msg := srv.refuse(r); msg != "" {
		srv.logf("refused %s %s (Host %q, Origin %q): %s", r.Method, r.URL.Path, r.Host, r.Header.Get("Origin"), msg)
		writeJSON(w, http.StatusForbidden, map[string]string{"error": msg})
		return
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "no-referrer")
	srv.mux.ServeHTTP(w, r)
}

// refuse says why a request is refused, or "" to serve it. The Host must be the served one, so
// that a page of another site whose name was made to resolve to 127.0.0.1 (DNS rebinding) gets
// nothing; a request with an Origin (a browser's POST, a cross-site fetch) must come from the
// served origin. Only the scripts plugins load (/sdk/) may be fetched by other origins' pages.
func (srv *Server) refuse(r *http.Request) string {
	srv.mu.RLock()
	ok := srv.hosts[strings.ToLower(r.Host)]
	addr := srv.addr
	srv.mu.RUnlock()
	if !ok {
		return fmt.Sprintf("Host %q is not this server's (%s): flowctl serve answers only requests addressed to it", r.Host, addr)
	}
	if strings.HasPrefix(r.URL.Path, "/sdk/") && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		return ""
	}
	if o := r.Header.Get("Origin"); o != "" && o != "http://"+strings.ToLower(r.Host) {
		return fmt.Sprintf("Origin %q is not this server's (http://%s): the API is not open to other sites", o, r.Host)
	}
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		return "a cross-site request: the API is not open to other sites"
	}
	return ""
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// writeErr writes an error as {"error": ..., ...} with its status.
func writeErr(w http.ResponseWriter, err error) {
	var re *RequestError
	switch e := err.(type) {
	case *RequestError:
		re = e
	case errGone:
		re = &RequestError{Status: http.StatusGone, Message: e.Error()}
	default:
		re = &RequestError{Status: http.StatusNotFound, Message: err.Error()}
	}
	body := map[string]any{"error": re.Message}
	if re.Accepts != nil {
		body["accepts"] = re.Accepts
	}
	if re.Problems != nil {
		body["problems"] = re.Problems
	}
	writeJSON(w, re.Status, body)
}

func (srv *Server) mocksJSONNow() json.RawMessage {
	srv.mu.RLock()
	defer srv.mu.RUnlock()
	return srv.mocksJSON
}

func (srv *Server) mockCount() int {
	srv.mu.RLock()
	defer srv.mu.RUnlock()
	return len(srv.mocks)
}
