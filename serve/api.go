package serve

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode"

	"github.com/flowctl/flowctl/flows/draw"
	"github.com/flowctl/flowctl/flows/scenario"
	"github.com/flowctl/flowctl/flows/simulation"
	"github.com/flowctl/flowctl/serve/page"
)

// MaxRequestBody bounds a request's body: the API takes small JSON objects.
const MaxRequestBody = 1 << 20

func (srv *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /{$}", srv.serveIndex)
	m.Handle("GET /static/", http.StripPrefix("/static/", page.Handler()))
	m.HandleFunc("GET /api/info", srv.getInfo)
	m.HandleFunc("GET /api/flows", srv.getFlows)
	m.HandleFunc("GET /api/flows/{id}", srv.getFlow)
	m.HandleFunc("GET /api/stream", func(w http.ResponseWriter, r *http.Request) {
		srv.hub.stream(w, r, map[string]string{"stream": "server"}, "server")
	})
	m.HandleFunc("GET /api/sessions", srv.listSessions)
	m.HandleFunc("POST /api/sessions", srv.postSession)
	m.HandleFunc("GET /api/sessions/{id}", srv.withSession(func(w http.ResponseWriter, r *http.Request, s *Session) {
		writeJSON(w, http.StatusOK, s.State())
	}))
	m.HandleFunc("DELETE /api/sessions/{id}", func(w http.ResponseWriter, r *http.Request) {
		if !srv.store.remove(r.PathValue("id")) {
			writeErr(w, fmt.Errorf("no session %q", r.PathValue("id")))
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	m.HandleFunc("POST /api/sessions/{id}/resume", srv.withSession(srv.postResume))
	m.HandleFunc("GET /api/sessions/{id}/events", srv.withSession(srv.getEvents))
	m.HandleFunc("GET /api/sessions/{id}/stream", srv.withSession(func(w http.ResponseWriter, r *http.Request, s *Session) {
		srv.hub.stream(w, r, map[string]string{"session": s.ID}, "session/"+s.ID, "server")
	}))
	m.HandleFunc("GET /api/sessions/{id}/scenario", srv.withSession(srv.getScenario))
	if srv.desk != nil {
		srv.desk.routes(m)
	} else {
		m.HandleFunc("GET /desktop", func(w http.ResponseWriter, r *http.Request) {
			writeErr(w, &RequestError{Status: http.StatusNotFound, Message: "the agent desktop is off: start flowctl serve with --desktop (or --plugin, --timeline, --workflow)"})
		})
	}
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": fmt.Sprintf("nothing at %s %s: the page is at / and the API under /api (see docs/serve.md)", r.Method, r.URL.Path)})
	})
	srv.mux = m
}

func (srv *Server) serveIndex(w http.ResponseWriter, r *http.Request) {
	page.ServeHTML(w, "index.html", "")
}

// Info is GET /api/info: what the server serves and how.
type Info struct {
	Root      string   `json:"root"`
	Addr      string   `json:"addr"`
	Loopback  bool     `json:"loopback"`
	AllowHTTP bool     `json:"allow_http"`
	Assets    []string `json:"assets"`
	Hooks     []string `json:"hooks"`
	Mocks     int      `json:"mocks"`
	Desktop   bool     `json:"desktop"`
	// Limits are the bounds on sessions and events kept in memory.
	MaxSessions int `json:"max_sessions"`
	MaxEvents   int `json:"max_events"`
}

func (srv *Server) getInfo(w http.ResponseWriter, r *http.Request) {
	srv.mu.RLock()
	addr := srv.addr
	srv.mu.RUnlock()
	host, _, _ := strings.Cut(addr, ":")
	if strings.HasPrefix(addr, "[") {
		host = strings.Trim(addr[:strings.LastIndex(addr, "]")+1], "[]")
	}
	writeJSON(w, http.StatusOK, Info{Root: srv.opts.Root, Addr: addr, Loopback: IsLoopback(host), AllowHTTP: srv.opts.AllowHTTP,
		Assets: nonNil(srv.opts.Assets), Hooks: nonNil(srv.opts.Hooks), Mocks: srv.mockCount(), Desktop: srv.desk != nil,
		MaxSessions: srv.store.max, MaxEvents: srv.store.maxEvents})
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (srv *Server) getFlows(w http.ResponseWriter, r *http.Request) {
	cat := srv.catalog()
	flows := cat.flows
	if flows == nil {
		flows = []*Flow{}
	}
	problems := cat.problems
	if problems == nil {
		problems = []FileProblem{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"root": srv.opts.Root, "flows": flows, "problems": problems})
}

func (srv *Server) getFlow(w http.ResponseWriter, r *http.Request) {
	f := srv.catalog().byID[r.PathValue("id")]
	if f == nil {
		writeErr(w, &RequestError{Status: http.StatusNotFound, Message: fmt.Sprintf("no flow %q: GET /api/flows lists them", r.PathValue("id"))})
		return
	}
	writeJSON(w, http.StatusOK, srv.detail(f))
}

// detail is a flow with its findings, whether it can run, and its graph.
func (srv *Server) detail(f *Flow) *FlowDetail {
	d := &FlowDetail{Flow: f, Findings: f.findings, Runnable: true}
	if d.Findings == nil {
		d.Findings = nil
	}
	setup := &simulation.Setup{FlowPath: f.path, Flow: f.UUID, AssetPaths: srv.opts.Assets, HookPaths: srv.opts.Hooks, Seed: simulation.DefaultSeed}
	if _, err := srv.loader().LoadSetup(setup); err != nil {
		d.Runnable = false
		var be *simulation.BlockedError
		if errors.As(err, &be) {
			for _, p := range be.Problems {
				d.Blocked = append(d.Blocked, be.Path+":"+p)
			}
		} else {
			d.Blocked = []string{err.Error()}
		}
	}
	d.Diagram = draw.Layout(f.flow)
	d.SVG = d.Diagram.SVG()
	return d
}

// decode reads a request's JSON body strictly: unknown keys are errors, so a misspelt option
// isn't silently ignored.
func decode(r *http.Request, v any) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxRequestBody+1))
	if err != nil {
		return badRequest("can't read the request body: %v", err)
	}
	if len(body) > MaxRequestBody {
		return badRequest("the request body is larger than %d bytes", MaxRequestBody)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		line, col, msg := scenario.SyntaxPosition(body, err)
		return badRequest("the request body %d:%d: %s", line, col, msg)
	}
	return nil
}

func (srv *Server) postSession(w http.ResponseWriter, r *http.Request) {
	var req StartRequest
	if err := decode(r, &req); err != nil {
		writeErr(w, err)
		return
	}
	s, err := srv.start(req)
	if err != nil {
		writeErr(w, err)
		return
	}
	w.Header().Set("Location", "/api/sessions/"+s.ID)
	writeJSON(w, http.StatusCreated, s.State())
}

func (srv *Server) listSessions(w http.ResponseWriter, r *http.Request) {
	type item struct {
		ID     string `json:"id"`
		Flow   *Flow  `json:"flow"`
		Status string `json:"status"`
	}
	out := []item{}
	for _, s := range srv.store.all() {
		s.mu.Lock()
		out = append(out, item{ID: s.ID, Flow: s.Flow, Status: s.conv.Session.Status})
		s.mu.Unlock()
	}
	writeJSON(w, http.StatusOK, map[string]any{"sessions": out})
}

func (srv *Server) withSession(h func(http.ResponseWriter, *http.Request, *Session)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s, err := srv.store.get(r.PathValue("id"))
		if err != nil {
			writeErr(w, err)
			return
		}
		h(w, r, s)
	}
}

// ResumeResponse is what POST /api/sessions/{id}/resume answers: the new transcript entries
// and the session's state.
type ResumeResponse struct {
	Entries []Entry `json:"entries"`
	State   *State  `json:"state"`
}

func (srv *Server) postResume(w http.ResponseWriter, r *http.Request, s *Session) {
	var req ResumeRequest
	if err := decode(r, &req); err != nil {
		writeErr(w, err)
		return
	}
	entries, err := s.Resume(req)
	if err != nil {
		writeErr(w, err)
		return
	}
	writeJSON(w, http.StatusOK, ResumeResponse{Entries: entries, State: s.State()})
}

func (srv *Server) getEvents(w http.ResponseWriter, r *http.Request, s *Session) {
	from := 0
	if v := r.URL.Query().Get("from"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			writeErr(w, badRequest("from=%q: expected the index of the first event wanted, a whole number", v))
			return
		}
		from = n
	}
	items, first := s.Events(from)
	writeJSON(w, http.StatusOK, map[string]any{"events": items, "first": first})
}

// getScenario writes the conversation as a scenario file to save in the served folder: its
// paths are relative to that folder, and `flowctl test` replays it.
func (srv *Server) getScenario(w http.ResponseWriter, r *http.Request, s *Session) {
	s.mu.Lock()
	setup := *s.setup
	setup.Replies = append([]simulation.Reply(nil), s.replies...)
	loader, mocks := s.loader, s.mocks
	name := s.Flow.Name
	s.mu.Unlock()
	rec, err := simulation.Record(loader, &setup, srv.catalog().root, mocks)
	if err != nil {
		writeErr(w, &RequestError{Status: http.StatusUnprocessableEntity, Message: "the conversation can't be recorded: " + err.Error()})
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, ScenarioName(name)))
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(rec.Scenario)
}

// ScenarioName is the file name a saved scenario of a flow gets: the flow's name in lower case,
// words joined by "-", then ".scenario.json".
func ScenarioName(flow string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(flow) {
		if unicode.IsLetter(r) && r < unicode.MaxASCII || unicode.IsDigit(r) && r < unicode.MaxASCII {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		b.WriteString("flow")
	}
	return b.String() + ".scenario.json"
}
