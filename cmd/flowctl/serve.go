package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/flowctl/flowctl/desktop"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/serve"
)

func init() {
	subcommands = append(subcommands, newServeCmd)
}

type serveOptions struct {
	assets      []string
	hooks       []string
	mocks       string
	addr        string
	allowHTTP   bool
	open        bool
	maxSessions int
	maxEvents   int
	maxSize     int64
	desktop     bool
	plugins     []string
	timeline    string
	workflow    string
	workspace   string
}

func newServeCmd() *cobra.Command {
	opts := &serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve [PATH]",
		Short: "Simulate contacts in a web page: chat, flow graph, contact, results and events",
		Long: `Serve opens a local simulator page for the flows under PATH (a folder, or a flow
file or export; default: the current folder). Pick a flow and chat with it as a
contact: quick replies are buttons, "No reply" lets the wait time out and
"Expire" expires it. Beside the chat, the flow's graph shows where the contact is
and the path it took; panes show the contact, the run's results and every event
as JSON. "Save as scenario" downloads a scenario file that 'flowctl test'
replays (save it in PATH). The contact options are run's: name, language, URN,
channel, groups, fields, trigger, clock and seed.

When a file under PATH (or an --assets, --hooks or --http-mocks file) changes,
the page reloads the flow and replays the conversation. A flow whose findings
stop it from running shows them, with their positions, instead of running.

The page talks to a JSON API (docs/serve.md) that scripts can use too. The
server binds to the loopback interface unless --addr says otherwise, answers
only requests addressed to it (other Host or Origin headers are refused, which
stops DNS rebinding and other sites), reads no file outside PATH but the ones
named by options, keeps at most --max-sessions sessions in memory, and makes no
network call unless --allow-http.`,
		Example: `  flowctl serve testdata/flows --assets testdata/assets/org_assets.json
  flowctl serve export.json --http-mocks mocks.json --open
  flowctl serve . --addr 127.0.0.1:0     # any free port`,
		Args: atMostOne("PATH"),
		RunE: func(cmd *cobra.Command, args []string) error {
			root := "."
			if len(args) == 1 {
				root = args[0]
			}
			return runServe(cmd, root, opts)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&opts.assets, "assets", nil, "an assets file (goflow assets or an export) the flows run with (repeatable)")
	addHooksFlag(f, &opts.hooks, "after the configuration's hooks, ")
	f.StringVar(&opts.mocks, "http-mocks", "", "HTTP mocks JSON file: URL → list of {status, body}")
	f.StringVar(&opts.addr, "addr", "127.0.0.1:8787", "address to listen on, host:port (a port of 0 picks a free one); a non-loopback host makes the page reachable from the network")
	f.BoolVar(&opts.allowHTTP, "allow-http", false, "make real HTTP calls for unmocked URLs (10s timeout, 1 MiB limit)")
	f.BoolVar(&opts.open, "open", false, "open the page in the default browser")
	f.IntVar(&opts.maxSessions, "max-sessions", serve.DefaultMaxSessions, "sessions kept in memory; starting one more drops the oldest")
	f.IntVar(&opts.maxEvents, "max-events", serve.DefaultMaxEvents, "events kept per session; the oldest are dropped beyond it")
	f.BoolVar(&opts.desktop, "desktop", false, "serve the agent desktop at /desktop (on with any of the options below)")
	f.StringArrayVar(&opts.plugins, "plugin", nil, "a plugin page in the desktop: URL[,kind=max|smartagent|flex][,panel=workspace|contact][,id=NAME] (repeatable; kind defaults to max, panel to workspace)")
	f.StringVar(&opts.timeline, "timeline", "", "a desktop timeline file: the desktop's set-up, and steps the page plays one by one")
	f.StringVar(&opts.workflow, "workflow", "", "a TaskRouter workflow that routes the tickets flows open to the desktop's queues")
	f.StringVar(&opts.workspace, "workspace", "", "the TaskRouter workspace the workflow's queues are in")
	addMaxFileSize(f, &opts.maxSize)
	addMediaURL(f)
	return cmd
}

// parsePlugin reads a --plugin value: URL[,kind=...][,panel=...][,id=...].
func parsePlugin(v string, n int) (desktop.Plugin, error) {
	parts := strings.Split(v, ",")
	p := desktop.Plugin{URL: strings.TrimSpace(parts[0]), Kind: "max", Panel: "workspace", ID: fmt.Sprintf("plugin%d", n)}
	origin, err := desktop.OriginOf(p.URL)
	if err != nil {
		return p, fmt.Errorf("--plugin %q: %v", v, err)
	}
	p.Origin = origin
	for _, opt := range parts[1:] {
		key, val, ok := strings.Cut(strings.TrimSpace(opt), "=")
		switch {
		case !ok:
			return p, fmt.Errorf("--plugin %q: %q: expected key=value (kind, panel or id)", v, opt)
		case key == "kind":
			if !slices.Contains([]string{"max", "smartagent", "flex"}, val) {
				return p, fmt.Errorf("--plugin %q: kind %q: expected max, smartagent or flex%s", v, val, didYouMean(val, []string{"max", "smartagent", "flex"}))
			}
			p.Kind = val
		case key == "panel":
			if val != "workspace" && val != "contact" {
				return p, fmt.Errorf("--plugin %q: panel %q: expected workspace or contact%s", v, val, didYouMean(val, []string{"workspace", "contact"}))
			}
			p.Panel = val
		case key == "id":
			if val == "" || strings.ContainsAny(val, "@# ") {
				return p, fmt.Errorf("--plugin %q: id %q: expected a name without spaces, @ or #", v, val)
			}
			p.ID = val
		default:
			return p, fmt.Errorf("--plugin %q: unknown option %q: expected kind, panel or id%s", v, key, didYouMean(key, []string{"kind", "panel", "id"}))
		}
	}
	return p, nil
}

func didYouMean(s string, candidates []string) string {
	if best, ok := flows.Closest(s, candidates); ok {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return ""
}

func runServe(cmd *cobra.Command, root string, opts *serveOptions) error {
	if opts.maxSessions < 1 || opts.maxEvents < 1 {
		return usageErr("--max-sessions and --max-events must be at least 1")
	}
	host, _, err := net.SplitHostPort(opts.addr)
	if err != nil {
		return usageErr("--addr %q: expected host:port such as 127.0.0.1:8787", opts.addr)
	}
	cfg, err := loadConfig(cmd, root)
	if err != nil {
		return err
	}
	var desk *serve.DesktopOptions
	if opts.desktop || len(opts.plugins) > 0 || opts.timeline != "" || opts.workflow != "" || opts.workspace != "" {
		desk = &serve.DesktopOptions{Timeline: opts.timeline, Workflow: opts.workflow, Workspace: opts.workspace}
		for i, v := range opts.plugins {
			p, err := parsePlugin(v, i+1)
			if err != nil {
				return usageErr("%v", err)
			}
			desk.Plugins = append(desk.Plugins, p)
		}
	}
	media, err := mediaURL(cmd, cfg)
	if err != nil {
		return err
	}
	srv, err := serve.New(serve.Options{
		Desktop: desk, MediaURL: media,
		Root: root, Assets: opts.assets, Hooks: append(cfg.HookPaths(), opts.hooks...), MocksFile: opts.mocks,
		AllowHTTP: opts.allowHTTP, MaxSessions: opts.maxSessions, MaxEvents: opts.maxEvents, MaxFileSize: opts.maxSize,
		Log: cmd.ErrOrStderr(),
	})
	if err != nil {
		return usageErr("%v", err)
	}
	ln, err := net.Listen("tcp", opts.addr)
	if err != nil {
		return &exitError{code: 3, err: fmt.Errorf("can't listen on %s: %v", opts.addr, err)}
	}
	if err := srv.SetAddr(ln.Addr().String()); err != nil {
		return &exitError{code: 3, err: err}
	}
	errOut := cmd.ErrOrStderr()
	if serve.IsLoopback(host) {
		fmt.Fprintf(errOut, "flowctl serve: %s on %s (loopback only: other machines can't reach it)\n", root, srv.URL())
	} else {
		fmt.Fprintf(errOut, "flowctl serve: %s on %s\nflowctl serve: warning: %s is not a loopback address: anyone who can reach this machine can run and read these flows\n", root, srv.URL(), host)
	}
	if !opts.allowHTTP {
		fmt.Fprintln(errOut, "flowctl serve: no network: the flows' HTTP calls are answered by --http-mocks (or fail like an unreachable host)")
	}
	if desk != nil {
		fmt.Fprintf(errOut, "flowctl serve: the agent desktop is at %sdesktop\n", srv.URL())
	}
	fmt.Fprintln(errOut, "flowctl serve: Ctrl-C stops")

	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
	defer stop()
	go func() {
		if err := srv.Watch(ctx); err != nil {
			fmt.Fprintf(errOut, "flowctl serve: not watching files: %v\n", err)
		}
	}()
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = hs.Shutdown(shut)
	}()
	if opts.open {
		if err := openBrowser(srv.URL()); err != nil {
			fmt.Fprintf(errOut, "flowctl serve: can't open a browser (%v): open %s yourself\n", err, srv.URL())
		}
	}
	if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return &exitError{code: 3, err: err}
	}
	return nil
}

// openBrowser opens a URL in the user's default browser.
func openBrowser(url string) error {
	var c *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		c = exec.Command("open", url)
	case "windows":
		c = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		c = exec.Command("xdg-open", url)
	}
	return c.Start()
}
