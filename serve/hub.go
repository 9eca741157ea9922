package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// hub passes messages to the streams (server-sent events) that listen to a topic: "server" for
// reloads and dropped sessions, "session/ID" for a session's new transcript entries,
// "desktop" for the agent desktop.
type hub struct {
	mu   sync.Mutex
	subs map[string]map[chan message]bool
}

type message struct {
	event string
	data  []byte
}

// streamBuffer is how many messages a slow stream may fall behind before it misses some; the
// page then reloads the state, which it does on every reconnect anyway.
const streamBuffer = 256

func newHub() *hub { return &hub{subs: map[string]map[chan message]bool{}} }

func (h *hub) subscribe(topics ...string) (chan message, func()) {
	ch := make(chan message, streamBuffer)
	h.mu.Lock()
	for _, t := range topics {
		if h.subs[t] == nil {
			h.subs[t] = map[chan message]bool{}
		}
		h.subs[t][ch] = true
	}
	h.mu.Unlock()
	return ch, func() {
		h.mu.Lock()
		for _, t := range topics {
			delete(h.subs[t], ch)
		}
		h.mu.Unlock()
	}
}

func (h *hub) publish(topic, event string, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		data, _ = json.Marshal(map[string]string{"error": err.Error()})
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs[topic] {
		select {
		case ch <- message{event: event, data: data}:
		default: // a stream that fell this far behind reloads on its next message
		}
	}
}

// keepAlive is how often an idle stream gets a comment, so proxies and the browser keep it open.
const keepAlive = 15 * time.Second

// stream serves server-sent events of topics until the client goes away.
func (h *hub) stream(w http.ResponseWriter, r *http.Request, hello any, topics ...string) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming is not supported", http.StatusInternalServerError)
		return
	}
	ch, cancel := h.subscribe(topics...)
	defer cancel()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	data, _ := json.Marshal(hello)
	fmt.Fprintf(w, "event: hello\ndata: %s\n\n", data)
	fl.Flush()
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case m := <-ch:
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", m.event, m.data)
			fl.Flush()
		case <-tick.C:
			fmt.Fprint(w, ": keep-alive\n\n")
			fl.Flush()
		}
	}
}
