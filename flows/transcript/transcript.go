// Package transcript turns what happens in a simulated session (the engine's events and the
// contact's replies) into a transcript people read: one entry per event, each with the line a
// terminal prints and the structured parts (message text, attachments, quick replies) a page
// shows. `flowctl run` prints the lines; a web page shows the same words from the same entries.
package transcript

import (
	"fmt"
	"io"
	"strings"

	"github.com/flowctl/flowctl/flows/engine"
	"github.com/flowctl/flowctl/flows/runtime"
	"github.com/flowctl/flowctl/internal/textsafe"
)

// Kind says what an entry is about, for pages that lay entries out differently (a chat bubble for
// a message, a note for a result).
type Kind string

// The kinds of entries.
const (
	// KindMessage is a message to the contact (text, attachments, quick replies).
	KindMessage Kind = "message"
	// KindSpoken is what a voice flow says or plays to the contact.
	KindSpoken Kind = "spoken"
	// KindReply is a message from the contact.
	KindReply Kind = "reply"
	// KindNoReply is a resume that is not a message: a wait timing out, a wait or run expiring.
	KindNoReply Kind = "no_reply"
	// KindDial is the outcome of a dial the flow waited for.
	KindDial Kind = "dial"
	// KindFlowStarted and KindFlowEnded mark a run of a flow starting and ending.
	KindFlowStarted Kind = "flow_started"
	KindFlowEnded   Kind = "flow_ended"
	// KindWaiting says the session waits for the contact (or for a dial).
	KindWaiting Kind = "waiting"
	// KindDetail is a change or side effect: a result, a field, a group, a webhook call, ...
	KindDetail Kind = "detail"
	// KindError, KindWarning and KindFailure are the engine's error, warning and failure events.
	KindError   Kind = "error"
	KindWarning Kind = "warning"
	KindFailure Kind = "failure"
	// KindSession is about the session as a whole: taken up again, or where it ended.
	KindSession Kind = "session"
	// KindNotice is something the simulator says, not the flow (a refused command, say).
	KindNotice Kind = "notice"
)

// Tone is how an entry, or the part of it from ToneFrom on, is coloured on a terminal.
type Tone string

// The tones; the empty tone is plain.
const (
	TonePlain   Tone = ""
	ToneWarning Tone = "warning"
	ToneError   Tone = "error"
	ToneFailure Tone = "failure"
)

// Entry is one item of a transcript.
type Entry struct {
	Kind Kind `json:"kind"`
	// Line is the entry's first line as the terminal transcript prints it, without colour.
	Line string `json:"line"`
	// Text is the text of a message (sent, spoken or received); empty for other kinds.
	Text string `json:"text,omitempty"`
	// Attachments and QuickReplies belong to messages; each prints on a line of its own.
	Attachments  []string `json:"attachments,omitempty"`
	QuickReplies []string `json:"quick_replies,omitempty"`
	// Tone colours the line from the byte offset ToneFrom on (0: the whole line).
	Tone     Tone `json:"tone,omitempty"`
	ToneFrom int  `json:"-"`
	// EventUUID is the UUID of the event the entry shows, if it shows one, so a page can link
	// the entry to the event's JSON.
	EventUUID string `json:"event_uuid,omitempty"`
	// mockHint marks a call nothing answered, whose line ends with allowHTTPHint.
	mockHint bool
}

// WithRealHTTP is the entry as a run that makes real calls (--allow-http) shows it: a call
// nothing answered failed for real, and the advice to mock it or pass --allow-http is left out.
func (e Entry) WithRealHTTP() Entry {
	if e.mockHint {
		e.Line = strings.TrimSuffix(e.Line, allowHTTPHint) + " (the real call failed)"
		e.mockHint = false
	}
	return e
}

// allowHTTPHint ends the line of a call nothing answered: in a simulation that is almost always
// a missing mock.
const allowHTTPHint = " (mock this URL with --http-mocks, or pass --allow-http)"

// Lines are the lines the terminal transcript prints for the entry, without colour.
func (e Entry) Lines() []string {
	lines := []string{e.Line}
	for _, a := range e.Attachments {
		lines = append(lines, "   📎 "+a)
	}
	if len(e.QuickReplies) > 0 {
		qr := make([]string, len(e.QuickReplies))
		for i, q := range e.QuickReplies {
			qr[i] = "[" + q + "]"
		}
		lines = append(lines, "   "+strings.Join(qr, " "))
	}
	return lines
}

// Printer writes entries as terminal lines; with Color, errors and failures are red and warnings
// yellow (ANSI escapes).
type Printer struct {
	W     io.Writer
	Color bool
	// RealHTTP says unmocked calls went to the network (run --allow-http): a call nothing
	// answered then failed for real, and the advice to mock it or pass --allow-http is left out.
	RealHTTP bool
}

// ansi holds the escape of each tone.
var ansi = map[Tone]string{ToneWarning: "33", ToneError: "31", ToneFailure: "1;31"}

// Print writes the entries, each on its lines.
func (p *Printer) Print(entries ...Entry) error {
	var b strings.Builder
	for _, e := range entries {
		if p.RealHTTP {
			e = e.WithRealHTTP()
		}
		for i, line := range e.Lines() {
			// An entry is one line: a message's line breaks, and any control character a flow or
			// a webhook put in a text, print as escapes (see textsafe), so that nothing from a
			// flow can draw on the terminal or start a line of its own.
			if i == 0 && p.Color && e.Tone != TonePlain {
				from := min(max(e.ToneFrom, 0), len(line))
				line = textsafe.Line(line[:from]) + "\x1b[" + ansi[e.Tone] + "m" + textsafe.Line(line[from:]) + "\x1b[0m"
			} else {
				line = textsafe.Line(line)
			}
			b.WriteString(line)
			b.WriteByte('\n')
		}
	}
	_, err := io.WriteString(p.W, b.String())
	return err
}

// Sprint is the entries of a sprint's events, in order.
func Sprint(sp *engine.Sprint) []Entry {
	out := make([]Entry, 0, len(sp.Events))
	for _, e := range sp.Events {
		out = append(out, Event(e)...)
	}
	return out
}

// Exchange is the entries of one step of a conversation: the resume the contact (or time) gave,
// when there is one, then the events of the sprint it caused.
func Exchange(r *engine.Resume, sp *engine.Sprint) []Entry {
	var out []Entry
	if r != nil {
		out = append(out, Resume(r))
	}
	if sp != nil {
		out = append(out, Sprint(sp)...)
	}
	return out
}

// Resume is the entry of a resume: the contact's message, the dial's outcome, or the wait's end.
func Resume(r *engine.Resume) Entry {
	switch {
	case r.Msg != nil:
		return Entry{Kind: KindReply, Line: "👤 " + r.Msg.Msg.Text, Text: r.Msg.Msg.Text,
			Attachments: r.Msg.Msg.Attachments, EventUUID: r.Msg.UUID}
	case r.Dial != nil:
		return Entry{Kind: KindDial, Line: fmt.Sprintf("📞 dial %s after %ds", r.Dial.Status, r.Dial.Duration)}
	}
	return Entry{Kind: KindNoReply, Line: "⏱  " + r.Type, Text: r.Type}
}

// Continuing is the entry that opens the transcript of a saved session taken up again; flow is
// the flow it waits in, if known.
func Continuing(flow string) Entry {
	if flow != "" {
		flow = " in " + flow
	}
	return Entry{Kind: KindSession, Line: "↻ continuing the saved session, waiting" + flow}
}

// End is the entry that closes a transcript: the session's status.
func End(status string) Entry {
	return Entry{Kind: KindSession, Line: "session " + status, Text: status}
}

// Notice is something the simulator itself says, such as why it refused a command.
func Notice(text string) Entry {
	return Entry{Kind: KindNotice, Line: "! " + text, Text: text}
}

// detail makes an indented detail line.
func detail(format string, args ...any) Entry {
	return Entry{Kind: KindDetail, Line: "   " + fmt.Sprintf(format, args...)}
}

// Event is the entries of one event: one, except for a change of groups, which has one per group
// joined or left.
func Event(e runtime.Event) []Entry {
	var entries []Entry
	if ev, ok := e.(*runtime.ContactGroupsChanged); ok {
		for _, g := range ev.GroupsAdded {
			entries = append(entries, detail("+ group %s", g.Name))
		}
		for _, g := range ev.GroupsRemoved {
			entries = append(entries, detail("- group %s", g.Name))
		}
	} else {
		entries = []Entry{event(e)}
	}
	if b := e.Base(); b != nil {
		for i := range entries {
			entries[i].EventUUID = b.UUID
		}
	}
	return entries
}

func event(e runtime.Event) Entry {
	switch ev := e.(type) {
	case *runtime.MsgCreated:
		en := Entry{Kind: KindMessage, Line: "💬 " + ev.Msg.Text, Text: ev.Msg.Text, Attachments: ev.Msg.Attachments}
		for _, q := range ev.Msg.QuickReplies {
			en.QuickReplies = append(en.QuickReplies, q.Text)
		}
		return en
	case *runtime.IVRCreated:
		return Entry{Kind: KindSpoken, Line: "🔊 " + ev.Msg.Text, Text: ev.Msg.Text, Attachments: ev.Msg.Attachments}
	case *runtime.MsgReceived:
		return Entry{Kind: KindReply, Line: "👤 " + ev.Msg.Text, Text: ev.Msg.Text, Attachments: ev.Msg.Attachments}
	case *runtime.RunStarted:
		return Entry{Kind: KindFlowStarted, Line: "▶ " + ev.Flow.Name, Text: ev.Flow.Name}
	case *runtime.RunEnded:
		return Entry{Kind: KindFlowEnded, Line: fmt.Sprintf("■ %s (%s)", ev.Flow.Name, ev.Status), Text: ev.Flow.Name}
	case *runtime.MsgWait:
		return Entry{Kind: KindWaiting, Line: "… waiting for a reply" + waitNotes(ev)}
	case *runtime.DialWait:
		return Entry{Kind: KindWaiting, Line: "… dialling " + string(ev.URN)}
	case *runtime.RunResultChanged:
		if ev.Category == "" {
			return detail("result %s = %q", ev.Name, ev.Value)
		}
		return detail("result %s = %q (%s)", ev.Name, ev.Value, ev.Category)
	case *runtime.ContactFieldChanged:
		v := "(cleared)"
		if ev.Value != nil {
			v = fmt.Sprintf("%q", ev.Value.Text)
		}
		return detail("field %s = %s", ev.Field.Key, v)
	case *runtime.ContactNameChanged:
		return detail("name = %q", ev.Name)
	case *runtime.ContactLanguageChanged:
		return detail("language = %q", ev.Language)
	case *runtime.WebhookCalled:
		head := fmt.Sprintf("   ↗ %s %s → ", strings.SplitN(ev.Request, " ", 2)[0], ev.URL)
		if ev.Status == "connection_error" && ev.Response == "" {
			// Nothing answered: in a simulation that is almost always a missing mock.
			return Entry{Kind: KindDetail, Line: head + "connection error, nothing answered" + allowHTTPHint,
				Tone: ToneWarning, ToneFrom: len(head), mockHint: true}
		}
		line := head + fmt.Sprintf("%s %d", ev.Status, ev.StatusCode)
		if to := redirectTarget(ev); to != "" {
			// redirects are never followed to another origin (nor by mocks): say where it led
			line += " (a redirect to " + to + ", not followed)"
		}
		return Entry{Kind: KindDetail, Line: line}
	case *runtime.EmailSent:
		return detail("✉ to %s: %s", strings.Join(ev.To, ", "), ev.Subject)
	case *runtime.ContactURNsChanged:
		urns := make([]string, len(ev.URNs))
		for i, u := range ev.URNs {
			urns[i] = string(u)
		}
		return detail("urns = %s", strings.Join(urns, ", "))
	case *runtime.ContactStatusChanged:
		return detail("status = %s", ev.Status)
	case *runtime.ContactTimezoneChanged:
		return detail("timezone = %q", ev.Timezone)
	case *runtime.InputLabelsAdded:
		return detail("🏷 labelled %s", refNames(ev.Labels))
	case *runtime.BroadcastCreated:
		text := ""
		if tr := ev.Translations[ev.BaseLanguage]; tr != nil {
			text = tr.Text
		}
		return detail("📣 broadcast to %s: %s", recipients(ev.Groups, ev.Contacts, ev.URNs, ev.ContactQuery), text)
	case *runtime.SessionTriggered:
		return detail("⇢ started %s for %s", ev.Flow.Name, recipients(ev.Groups, ev.Contacts, ev.URNs, ev.ContactQuery))
	case *runtime.TicketOpened:
		topic := ""
		if ev.Ticket.Topic != nil {
			topic = " (" + ev.Ticket.Topic.Name + ")"
		}
		return detail("🎫 ticket opened%s", topic)
	case *runtime.TicketNoteAdded:
		return detail("🎫 note: %s", ev.Note)
	case *runtime.AirtimeTransferred:
		return detail("💸 airtime %s %s to %s", ev.Amount, ev.Currency, ev.Recipient)
	case *runtime.LLMCalled:
		return detail("🤖 %s: %q", ev.LLM.Name, ev.Output)
	case *runtime.Error:
		return Entry{Kind: KindError, Line: "⚠ error: " + ev.Text + assetsHint(ev), Text: ev.Text, Tone: ToneError}
	case *runtime.Warning:
		return Entry{Kind: KindWarning, Line: "⚠ warning: " + ev.Text, Text: ev.Text, Tone: ToneWarning}
	case *runtime.Failure:
		return Entry{Kind: KindFailure, Line: "✖ failure: " + ev.Text, Text: ev.Text, Tone: ToneFailure}
	case *runtime.CustomEvent:
		// an event of a custom action type (hooks): its fields, as compact JSON
		if fields, err := runtime.AppendFields([]byte("{}"), ev.Fields); err == nil && len(ev.Fields) > 0 {
			return detail("✦ %s %s", e.Type(), fields)
		}
		return detail("✦ %s", e.Type())
	}
	return detail("%s", e.Type())
}

// waitNotes says what a message wait expects: a hint (digits, a location...) and its timeout.
func waitNotes(ev *runtime.MsgWait) string {
	var notes []string
	if h := ev.Hint; h != nil {
		hint := h.Type
		if h.Count != nil {
			kind := h.Type
			if *h.Count == 1 {
				kind = strings.TrimSuffix(kind, "s")
			}
			hint = fmt.Sprintf("%d %s", *h.Count, kind)
		}
		if h.TerminatedBy != "" {
			hint += ", ending with " + h.TerminatedBy
		}
		notes = append(notes, hint)
	}
	if ev.TimeoutSeconds != nil {
		notes = append(notes, fmt.Sprintf("timeout %ds", *ev.TimeoutSeconds))
	}
	if len(notes) == 0 {
		return ""
	}
	return " (" + strings.Join(notes, "; ") + ")"
}

// assetsHint suggests loading assets when an error comes from something the loaded files don't
// define (a missing asset, an unknown global), which usually means an assets file was left out.
func assetsHint(ev *runtime.Error) string {
	if ev.Code == "dependency:missing" || ev.Code == "expression" && strings.HasPrefix(ev.Extra["expression"], "@globals.") {
		return " (defined in another file? load it with --assets)"
	}
	return ""
}

// refNames lists the names of referenced assets.
func refNames(refs []runtime.Ref) string {
	names := make([]string, len(refs))
	for i, r := range refs {
		names[i] = r.Name
	}
	return strings.Join(names, ", ")
}

// recipients says who a broadcast or a triggered session is for.
func recipients(groups, contacts []runtime.Ref, urns []runtime.URN, query string) string {
	var parts []string
	if len(groups) > 0 {
		parts = append(parts, "groups "+refNames(groups))
	}
	if len(contacts) > 0 {
		parts = append(parts, "contacts "+refNames(contacts))
	}
	for _, u := range urns {
		parts = append(parts, string(u))
	}
	if query != "" {
		parts = append(parts, "contacts matching "+query)
	}
	if len(parts) == 0 {
		return "nobody"
	}
	return strings.Join(parts, ", ")
}

// redirectTarget is the Location of a call answered with a redirect, "" for other answers.
func redirectTarget(ev *runtime.WebhookCalled) string {
	if ev.StatusCode < 300 || ev.StatusCode > 399 {
		return ""
	}
	head, _, _ := strings.Cut(ev.Response, "\r\n\r\n")
	for _, h := range strings.Split(head, "\r\n")[1:] {
		if name, value, ok := strings.Cut(h, ":"); ok && strings.EqualFold(strings.TrimSpace(name), "Location") {
			return strings.TrimSpace(value)
		}
	}
	return ""
}
