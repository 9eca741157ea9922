package serve

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flowctl/flowctl/flows/transcript"
)

func TestFlowsList(t *testing.T) {
	root, assets, _ := workspace(t, true)
	s := startServer(t, Options{Root: root, Assets: []string{assets}})
	var list struct {
		Flows    []Flow
		Problems []FileProblem
	}
	if st := s.call(t, "GET", "/api/flows", nil, &list); st != 200 {
		t.Fatalf("GET /api/flows = %d", st)
	}
	var got []string
	for _, f := range list.Flows {
		got = append(got, f.File+": "+f.Name)
	}
	want := "broken.json: Test, registration.json: Registration, registration.json: Satisfaction Survey"
	if strings.Join(got, ", ") != want {
		t.Errorf("flows = %s\nwant %s", strings.Join(got, ", "), want)
	}
	if list.Flows[0].Errors == 0 {
		t.Errorf("broken.json's flow has no errors counted: %+v", list.Flows[0])
	}
}

// TestConversation drives the bundled flow through the API as the page does: a wrong answer,
// the retry, the webhook (mocked), the subflow's quick replies, and checks the state, results,
// path and events at each point, and that the transcript has the words `flowctl run` prints.
func TestConversation(t *testing.T) {
	s := startServer(t, Options{})
	id := s.flowID(t, "Registration")
	var st State
	if code := s.call(t, "POST", "/api/sessions", StartRequest{Flow: id}, &st); code != http.StatusCreated {
		t.Fatalf("POST /api/sessions = %d", code)
	}
	if st.Status != "waiting" || st.Waiting == nil || st.Waiting.TimeoutSeconds == nil || *st.Waiting.TimeoutSeconds != 300 {
		t.Fatalf("the session should wait for a name with a 300s timeout: %+v", st.Waiting)
	}
	if st.Current == nil || st.Current.NodeUUID != st.Waiting.NodeUUID {
		t.Errorf("current = %+v, want the waiting node %s", st.Current, st.Waiting.NodeUUID)
	}
	var lines []string
	for _, e := range st.Transcript {
		lines = append(lines, e.Entry.Lines()...)
	}
	for _, reply := range []string{"Bob", "thirty", "32", "4"} {
		var r ResumeResponse
		if code := s.call(t, "POST", "/api/sessions/"+st.ID+"/resume", ResumeRequest{Text: reply}, &r); code != 200 {
			t.Fatalf("reply %q = %d", reply, code)
		}
		if len(r.Entries) == 0 || r.Entries[0].Kind != transcript.KindReply || r.Entries[0].Text != reply {
			t.Fatalf("reply %q: the new entries should start with it: %+v", reply, r.Entries)
		}
		for _, e := range r.Entries {
			lines = append(lines, e.Entry.Lines()...)
		}
		st = *r.State
		if reply == "32" {
			// the survey asks with quick replies
			last := r.Entries[len(r.Entries)-2]
			if last.Kind != transcript.KindMessage || strings.Join(last.QuickReplies, ",") != "1,2,3,4,5" {
				t.Errorf("after 32 the survey should ask with quick replies 1-5, got %+v", last)
			}
		}
	}
	if st.Status != "completed" || st.Waiting != nil {
		t.Errorf("status = %s (waiting %+v), want completed", st.Status, st.Waiting)
	}
	results := map[string]string{}
	for _, r := range st.Results {
		results[r.Flow+"/"+r.Name] = r.Value + " (" + r.Category + ")"
	}
	for k, v := range map[string]string{"Registration/Name": "Bob (Has Name)", "Registration/Age": "32 (Valid)", "Satisfaction Survey/Rating": "4 (Rated)"} {
		if results[k] != v {
			t.Errorf("result %s = %q, want %q (all: %v)", k, results[k], v, results)
		}
	}
	if len(st.Path) < 8 {
		t.Errorf("path has %d steps, want the whole walk through both flows: %+v", len(st.Path), st.Path)
	}
	if !strings.Contains(string(mustJSON(t, st.Contact)), `"age"`) {
		t.Errorf("the contact should have the age field the flow set: %s", mustJSON(t, st.Contact))
	}

	var ev struct {
		Events []EventItem
		First  int
	}
	s.call(t, "GET", "/api/sessions/"+st.ID+"/events", nil, &ev)
	if len(ev.Events) != st.Events || ev.First != 0 {
		t.Fatalf("events: %d from %d, want %d from 0", len(ev.Events), ev.First, st.Events)
	}
	types := map[string]int{}
	for i, e := range ev.Events {
		if e.Index != i || !json.Valid(e.Event) {
			t.Fatalf("event %d: index %d, valid JSON %v", i, e.Index, json.Valid(e.Event))
		}
		types[e.Type]++
	}
	if types["webhook_called"] != 1 || types["msg_wait"] != 4 || types["run_result_changed"] < 3 || types["run_started"] != 2 {
		t.Errorf("event types = %v, want one webhook call, four waits, the results, two runs", types)
	}
	var from struct{ Events []EventItem }
	s.call(t, "GET", "/api/sessions/"+st.ID+"/events?from=3", nil, &from)
	if len(from.Events) != len(ev.Events)-3 || from.Events[0].Index != 3 {
		t.Errorf("?from=3 gave %d events starting at %d", len(from.Events), from.Events[0].Index)
	}

	// The terminal's transcript of the same conversation, from `flowctl run`.
	root := s.opts.Root
	out, err := exec.Command(flowctlBinary(t), "run", filepath.Join(root, "registration.json"), "--assets", s.opts.Assets[0],
		"--http-mocks", s.opts.MocksFile, "--input", "Bob", "--input", "thirty", "--input", "32", "--input", "4", "--color", "never").Output()
	if err != nil {
		t.Fatalf("flowctl run: %v", err)
	}
	terminal := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if strings.Join(lines, "\n") != strings.Join(terminal, "\n") {
		t.Errorf("the API's transcript differs from flowctl run's:\n--- api\n%s\n--- run\n%s", strings.Join(lines, "\n"), strings.Join(terminal, "\n"))
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestTimeoutExpireAndRefusedReplies(t *testing.T) {
	s := startServer(t, Options{})
	id := s.flowID(t, "Registration")
	var st State
	s.call(t, "POST", "/api/sessions", StartRequest{Flow: id}, &st)
	var r ResumeResponse
	if code := s.call(t, "POST", "/api/sessions/"+st.ID+"/resume", ResumeRequest{Type: "timeout"}, &r); code != 200 {
		t.Fatalf("timeout = %d", code)
	}
	if r.Entries[0].Kind != transcript.KindNoReply || r.State.Status != "completed" {
		t.Errorf("a timeout at the name should end the flow through No Response: %+v, %s", r.Entries[0], r.State.Status)
	}
	var e map[string]any
	if code := s.call(t, "POST", "/api/sessions/"+st.ID+"/resume", ResumeRequest{Text: "late"}, &e); code != http.StatusConflict {
		t.Errorf("a reply to a completed session = %d, want 409", code)
	}
	if !strings.Contains(e["error"].(string), "completed") {
		t.Errorf("error = %v", e)
	}

	// the age wait has no timeout: a timeout is refused with what the wait accepts
	s.call(t, "POST", "/api/sessions", StartRequest{Flow: id, Replies: []string{"Bob"}}, &st)
	if code := s.call(t, "POST", "/api/sessions/"+st.ID+"/resume", ResumeRequest{Type: "timeout"}, &e); code != http.StatusConflict {
		t.Fatalf("a timeout where the wait has none = %d, want 409", code)
	}
	if e["error"] != "this wait has no timeout" || strings.Join(toStrings(e["accepts"]), ",") != "a text message,/expire" {
		t.Errorf("refusal = %v", e)
	}
	if code := s.call(t, "POST", "/api/sessions/"+st.ID+"/resume", ResumeRequest{Type: "expire"}, &r); code != 200 || r.Entries[0].Text != "wait_expiration" || r.State.Waiting != nil {
		t.Errorf("expire = %d, entries %+v, waiting %+v", code, r.Entries, r.State.Waiting)
	}
	if !strings.Contains(string(mustJSON(t, r.Entries)), "(expired)") {
		t.Errorf("the run should end expired: %s", mustJSON(t, r.Entries))
	}
	if code := s.call(t, "POST", "/api/sessions/"+st.ID+"/resume", ResumeRequest{Type: "wave"}, &e); code != 400 {
		t.Errorf("an unknown type = %d, want 400", code)
	}
}

func toStrings(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, x := range list {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

func TestContactOptionsAndTrigger(t *testing.T) {
	s := startServer(t, Options{})
	id := s.flowID(t, "Registration")
	name := "Ana"
	var st State
	code := s.call(t, "POST", "/api/sessions", StartRequest{Flow: id, Contact: ContactRequest{Name: &name, Language: "spa",
		URNs: []string{"+250788000001"}, Fields: map[string]string{"age": "40"}}, Now: "2026-02-03T04:05:06Z", Seed: ptr(uint64(7))}, &st)
	if code != http.StatusCreated {
		t.Fatalf("start = %d", code)
	}
	c := string(mustJSON(t, st.Contact))
	for _, want := range []string{`"name":"Ana"`, `"language":"spa"`, `"tel:+250788000001"`, `"age":{"number":40,"text":"40"}`} {
		if !strings.Contains(c, want) {
			t.Errorf("contact lacks %s: %s", want, c)
		}
	}
	var e map[string]any
	if code := s.call(t, "POST", "/api/sessions", StartRequest{Flow: id, Contact: ContactRequest{Language: "spanish"}}, &e); code != 400 {
		t.Errorf("a bad language = %d, want 400: %v", code, e)
	}
	if code := s.call(t, "POST", "/api/sessions", StartRequest{Flow: id, Now: "9999-12-31T23:59:00Z"}, &e); code != 400 || !strings.Contains(e["error"].(string), "between year 1 and the end of 9998") {
		t.Errorf("a clock past 9998 = %d %v, want 400 saying which years it can start in", code, e)
	}
	if code := s.call(t, "POST", "/api/sessions", map[string]any{"flow": id, "contakt": map[string]any{}}, &e); code != 400 || !strings.Contains(e["error"].(string), "contakt") {
		t.Errorf("an unknown key = %d %v, want 400 naming it", code, e)
	}
	if code := s.call(t, "POST", "/api/sessions", StartRequest{Flow: "nope"}, &e); code != 404 || !strings.Contains(e["error"].(string), "Registration") {
		t.Errorf("an unknown flow = %d %v, want 404 listing the flows", code, e)
	}
	// a msg trigger starts the flow with the first reply
	if code := s.call(t, "POST", "/api/sessions", StartRequest{Flow: id, Trigger: "msg", Replies: []string{"hello", "Bob"}}, &st); code != 201 {
		t.Fatalf("msg trigger start = %d", code)
	}
	if strings.Join(st.Replies, ",") != "hello,Bob" {
		t.Errorf("replies = %v, want the trigger's message then Bob", st.Replies)
	}
}

func ptr[T any](v T) *T { return &v }

func TestBlockedFlowShowsFindings(t *testing.T) {
	root, _, _ := workspace(t, true)
	s := startServer(t, Options{Root: root})
	id := s.flowID(t, "Test")
	var d FlowDetail
	s.call(t, "GET", "/api/flows/"+id, nil, &d)
	if d.Runnable || len(d.Blocked) == 0 {
		t.Fatalf("broken.json should not be runnable: %+v", d.Blocked)
	}
	if !strings.Contains(d.Blocked[0], "broken.json:") || !strings.Contains(d.Blocked[0], "[graph/") {
		t.Errorf("blocked = %v, want file:line:col and the code", d.Blocked)
	}
	if len(d.Findings) == 0 || d.Findings[0].Line == 0 {
		t.Errorf("findings should carry positions: %+v", d.Findings)
	}
	if !strings.Contains(d.SVG, "missing node") {
		t.Errorf("the graph should show the missing node")
	}
	var e map[string]any
	if code := s.call(t, "POST", "/api/sessions", StartRequest{Flow: id}, &e); code != http.StatusUnprocessableEntity || len(toStrings(e["problems"])) == 0 {
		t.Errorf("starting a broken flow = %d %v, want 422 with the problems", code, e)
	}
}

// TestSecurity checks the server answers only requests addressed to it from its own page.
func TestSecurity(t *testing.T) {
	s := startServer(t, Options{})
	do := func(method, path, host, origin, site string) int {
		req, _ := http.NewRequest(method, s.base+path, strings.NewReader("{}"))
		if host != "" {
			req.Host = host
		}
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		if site != "" {
			req.Header.Set("Sec-Fetch-Site", site)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	port := s.ts.Listener.Addr().(interface{ String() string }).String()
	_, p, _ := strings.Cut(port, ":")
	tests := []struct {
		name               string
		method, path       string
		host, origin, site string
		want               int
	}{
		{"own page", "GET", "/api/flows", "", "", "same-origin", 200},
		{"localhost alias", "GET", "/api/flows", "localhost:" + p, "", "", 200},
		{"rebinding", "GET", "/api/flows", "attacker.example:" + p, "", "", 403},
		{"other port", "GET", "/api/flows", "127.0.0.1:1", "", "", 403},
		{"cross-site post", "POST", "/api/sessions", "", "http://attacker.example", "", 403},
		{"other local origin", "POST", "/api/sessions", "", "http://127.0.0.1:1", "", 403},
		{"cross-site fetch", "GET", "/api/flows", "", "", "cross-site", 403},
		{"the page", "GET", "/", "", "", "", 200},
	}
	for _, tt := range tests {
		if got := do(tt.method, tt.path, tt.host, tt.origin, tt.site); got != tt.want {
			t.Errorf("%s: %s %s = %d, want %d", tt.name, tt.method, tt.path, got, tt.want)
		}
	}
	res, err := http.Get(s.base + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	csp := res.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("the page's CSP = %q", csp)
	}
}

func TestSessionsAreBounded(t *testing.T) {
	root, assets, mocks := workspace(t, false)
	s := startServer(t, Options{Root: root, Assets: []string{assets}, MocksFile: mocks, MaxSessions: 2, MaxEvents: 5})
	id := s.flowID(t, "Registration")
	events, stop := s.hub.subscribe("server")
	defer stop()
	var a, b, c State
	s.call(t, "POST", "/api/sessions", StartRequest{Flow: id}, &a)
	s.call(t, "POST", "/api/sessions", StartRequest{Flow: id}, &b)
	s.call(t, "POST", "/api/sessions", StartRequest{Flow: id}, &c)
	var e map[string]any
	if code := s.call(t, "GET", "/api/sessions/"+a.ID, nil, &e); code != http.StatusGone || !strings.Contains(e["error"].(string), "dropped") {
		t.Errorf("the oldest session = %d %v, want 410 saying it was dropped", code, e)
	}
	if code := s.call(t, "GET", "/api/sessions/"+b.ID, nil, nil); code != 200 {
		t.Errorf("the second session = %d, want 200", code)
	}
	select {
	case m := <-events:
		if m.event != "notice" || !strings.Contains(string(m.data), a.ID) {
			t.Errorf("notice = %s %s", m.event, m.data)
		}
	case <-time.After(time.Second):
		t.Error("no notice of the dropped session")
	}
	// five events at most: the conversation goes on, the oldest go, with a notice
	for _, r := range []string{"Bob", "32"} {
		s.call(t, "POST", "/api/sessions/"+c.ID+"/resume", ResumeRequest{Text: r}, nil)
	}
	var st State
	s.call(t, "GET", "/api/sessions/"+c.ID, nil, &st)
	var ev struct {
		Events []EventItem
		First  int
	}
	s.call(t, "GET", "/api/sessions/"+c.ID+"/events", nil, &ev)
	if len(ev.Events) != 5 || ev.First != st.Events-5 || len(st.Transcript) > 5 || st.FirstEntry == 0 {
		t.Errorf("kept %d events from %d (of %d), %d entries from %d", len(ev.Events), ev.First, st.Events, len(st.Transcript), st.FirstEntry)
	}
	if len(st.Notices) == 0 || !strings.Contains(st.Notices[len(st.Notices)-1], "dropped") {
		t.Errorf("notices = %v, want one about dropped events", st.Notices)
	}
}

// TestScenarioDownloadPasses saves a conversation as a scenario in the served folder and runs
// it with flowctl test.
func TestScenarioDownloadPasses(t *testing.T) {
	s := startServer(t, Options{})
	id := s.flowID(t, "Registration")
	var st State
	s.call(t, "POST", "/api/sessions", StartRequest{Flow: id, Replies: []string{"Bob", "thirty", "32"}}, &st)
	res, err := http.Get(s.base + "/api/sessions/" + st.ID + "/scenario")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="registration.scenario.json"` {
		t.Errorf("Content-Disposition = %q", cd)
	}
	var body strings.Builder
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		body.WriteString(sc.Text() + "\n")
	}
	if !strings.Contains(body.String(), `"flow": "registration.json"`) || !strings.Contains(body.String(), `"../assets/org_assets.json"`) {
		t.Errorf("the scenario should name its files relative to the served folder:\n%s", body.String()[:300])
	}
	path := filepath.Join(s.opts.Root, "registration.scenario.json")
	if err := os.WriteFile(path, []byte(body.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	flowctlTest(t, path)
}

func TestStreamAndReload(t *testing.T) {
	s := startServer(t, Options{})
	id := s.flowID(t, "Registration")
	var st State
	s.call(t, "POST", "/api/sessions", StartRequest{Flow: id}, &st)

	res, err := http.Get(s.base + "/api/sessions/" + st.ID + "/stream")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("stream Content-Type = %q", ct)
	}
	events := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(res.Body)
		ev := ""
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				events <- ev + " " + strings.TrimPrefix(line, "data: ")
			}
		}
		close(events)
	}()
	next := func(want string) string {
		t.Helper()
		for {
			select {
			case e, ok := <-events:
				if !ok {
					t.Fatalf("the stream ended waiting for %s", want)
				}
				if strings.HasPrefix(e, want+" ") {
					return e
				}
			case <-time.After(20 * time.Second):
				t.Fatalf("no %s event", want)
			}
		}
	}
	next("hello")
	s.call(t, "POST", "/api/sessions/"+st.ID+"/resume", ResumeRequest{Text: "Bob"}, nil)
	if e := next("entries"); !strings.Contains(e, `"line":"👤 Bob"`) {
		t.Errorf("entries event = %s", e)
	}

	// a changed file: the watcher reloads and tells the page; new sessions run the new flow
	ctx, cancel := contextWithCancel(t)
	defer cancel()
	go func() { _ = s.Watch(ctx) }()
	<-s.watching
	path := filepath.Join(s.opts.Root, "registration.json")
	data, _ := os.ReadFile(path)
	if err := os.WriteFile(path, []byte(strings.Replace(string(data), "What is your name?", "Who are you?", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if e := next("files_changed"); !strings.Contains(e, "registration.json") {
		t.Errorf("files_changed = %s", e)
	}
	var fresh State
	s.call(t, "POST", "/api/sessions", StartRequest{Flow: id}, &fresh)
	if !strings.Contains(string(mustJSON(t, fresh.Transcript)), "Who are you?") {
		t.Errorf("a session started after the change should run the new flow: %s", mustJSON(t, fresh.Transcript))
	}
}
