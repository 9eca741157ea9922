package docgen

// Triggers and resumes have no doc comments of their own (they are types of one struct each), so
// their descriptions live here, and a test makes sure every type the engine reads has one. Their
// examples are sessions of the small flows below, run when the reference is generated.

// triggerInfo describes a trigger type and gives the example trigger started with.
type triggerInfo struct {
	Summary string
	JSON    string
}

var triggers = map[string]triggerInfo{
	"manual": {
		"Someone started the flow for the contact by hand, from the flow editor, a contact's page or the API.",
		`{"type": "manual", "flow": {"uuid": "d0c5e000-0000-4000-8000-000000000001", "name": "Trigger Example"}, "triggered_on": "2025-01-01T09:00:00Z"}`,
	},
	"msg": {
		"The contact sent a message that matched a keyword or was caught by a catch-all trigger; the message is the session's first input, so a first router waiting for a message doesn't wait.",
		`{"type": "msg", "flow": {"uuid": "d0c5e000-0000-4000-8000-000000000001", "name": "Trigger Example"}, "triggered_on": "2025-01-01T09:00:00Z", "keyword": "join",
  "event": {"type": "msg_received", "uuid": "d0c5e000-0000-4000-8000-0000000000e1", "created_on": "2025-01-01T09:00:00Z", "msg": {"uuid": "d0c5e000-0000-4000-8000-0000000000e2", "urn": "tel:+12065551212", "text": "join"}}}`,
	},
	"flow_action": {
		"A start_session action in another session started this one; run_summary describes the run that did, and is @parent in templates.",
		`{"type": "flow_action", "flow": {"uuid": "d0c5e000-0000-4000-8000-000000000001", "name": "Trigger Example"}, "triggered_on": "2025-01-01T09:00:00Z",
  "run_summary": {"uuid": "d0c5e000-0000-4000-8000-0000000000f1", "flow": {"uuid": "d0c5e000-0000-4000-8000-0000000000f2", "name": "Parent"}, "contact": {"uuid": "d0c5e000-0000-4000-8000-0000000000f3", "name": "Sam"}, "status": "active", "results": {}}}`,
	},
	"channel": {
		"Something happened on a channel: a new conversation, a referral, an incoming or missed call.",
		`{"type": "channel", "flow": {"uuid": "d0c5e000-0000-4000-8000-000000000001", "name": "Trigger Example"}, "triggered_on": "2025-01-01T09:00:00Z",
  "event": {"type": "new_conversation", "channel": {"uuid": "d0c5e000-0000-4000-8000-0000000000c1", "name": "SMS"}}}`,
	},
	"campaign": {
		"A campaign event fired for the contact, at a time set relative to one of the contact's date fields.",
		`{"type": "campaign", "flow": {"uuid": "d0c5e000-0000-4000-8000-000000000001", "name": "Trigger Example"}, "triggered_on": "2025-01-01T09:00:00Z",
  "event": {"uuid": "d0c5e000-0000-4000-8000-0000000000d1", "campaign": {"uuid": "d0c5e000-0000-4000-8000-0000000000d2", "name": "Reminders"}}}`,
	},
	"ticket": {
		"Something happened to one of the contact's tickets, such as it being closed.",
		`{"type": "ticket", "flow": {"uuid": "d0c5e000-0000-4000-8000-000000000001", "name": "Trigger Example"}, "triggered_on": "2025-01-01T09:00:00Z",
  "event": {"type": "closed", "ticket": {"uuid": "d0c5e000-0000-4000-8000-0000000000a1"}}}`,
	},
	"optin": {
		"The contact opted in to, or out of, a category of messages.",
		`{"type": "optin", "flow": {"uuid": "d0c5e000-0000-4000-8000-000000000001", "name": "Trigger Example"}, "triggered_on": "2025-01-01T09:00:00Z",
  "event": {"type": "started", "optin": {"uuid": "d0c5e000-0000-4000-8000-0000000000b1", "name": "Joke Of The Day"}}}`,
	},
}

// triggerFlow greets the contact and says what started the session.
const triggerFlow = `{
  "uuid": "d0c5e000-0000-4000-8000-000000000001",
  "name": "Trigger Example",
  "spec_version": "14.3.0",
  "language": "eng",
  "type": "messaging",
  "revision": 1,
  "nodes": [
    {
      "uuid": "d0c5e000-0000-4000-8000-000000000010",
      "actions": [
        {"uuid": "d0c5e000-0000-4000-8000-000000000011", "type": "send_msg", "text": "Hi @contact.first_name, a @trigger.type trigger started this session."}
      ],
      "exits": [{"uuid": "d0c5e000-0000-4000-8000-000000000012"}]
    }
  ]
}`

// resumeInfo describes a resume type: which example flow it resumes and the resume itself.
type resumeInfo struct {
	Summary string
	Flow    string
	JSON    string
}

var resumes = map[string]resumeInfo{
	"msg": {
		"The contact replied to a session waiting for a message; the message becomes @input.",
		waitFlow,
		`{"type": "msg", "resumed_on": "2025-01-01T09:05:00Z",
  "event": {"type": "msg_received", "uuid": "d0c5e000-0000-4000-8000-0000000000e3", "created_on": "2025-01-01T09:05:00Z", "msg": {"uuid": "d0c5e000-0000-4000-8000-0000000000e4", "urn": "tel:+12065551212", "text": "blue"}}}`,
	},
	"wait_timeout": {
		"The wait's timeout passed without a reply; the router takes its timeout category.",
		waitFlow,
		`{"type": "wait_timeout", "resumed_on": "2025-01-01T09:10:00Z",
  "event": {"type": "wait_timed_out", "uuid": "d0c5e000-0000-4000-8000-0000000000e5", "created_on": "2025-01-01T09:10:00Z"}}`,
	},
	"wait_expiration": {
		"The session waited longer than the flow's expire_after_minutes; the waiting run expires.",
		waitFlow,
		`{"type": "wait_expiration", "resumed_on": "2025-01-08T09:00:00Z",
  "event": {"type": "wait_expired", "uuid": "d0c5e000-0000-4000-8000-0000000000e7", "created_on": "2025-01-08T09:00:00Z"}}`,
	},
	"dial": {
		"A dial started by a voice flow's dial wait ended; @resume.dial holds its status and duration.",
		dialFlow,
		`{"type": "dial", "resumed_on": "2025-01-01T09:02:00Z",
  "event": {"type": "dial_ended", "uuid": "d0c5e000-0000-4000-8000-0000000000e6", "created_on": "2025-01-01T09:02:00Z", "dial": {"status": "answered", "duration": 45}}}`,
	},
}

// waitFlow asks a question and waits for the answer, for at most five minutes.
const waitFlow = `{
  "uuid": "d0c5e000-0000-4000-8000-000000000002",
  "name": "Resume Example",
  "spec_version": "14.3.0",
  "language": "eng",
  "type": "messaging",
  "revision": 1,
  "expire_after_minutes": 10080,
  "nodes": [
    {
      "uuid": "d0c5e000-0000-4000-8000-000000000020",
      "actions": [
        {"uuid": "d0c5e000-0000-4000-8000-000000000021", "type": "send_msg", "text": "What is your favourite colour?"}
      ],
      "router": {
        "type": "switch",
        "operand": "@input.text",
        "wait": {"type": "msg", "timeout": {"seconds": 300, "category_uuid": "d0c5e000-0000-4000-8000-000000000025"}},
        "result_name": "Colour",
        "cases": [{"uuid": "d0c5e000-0000-4000-8000-000000000023", "type": "has_text", "arguments": [], "category_uuid": "d0c5e000-0000-4000-8000-000000000024"}],
        "categories": [
          {"uuid": "d0c5e000-0000-4000-8000-000000000024", "name": "Answered", "exit_uuid": "d0c5e000-0000-4000-8000-000000000027"},
          {"uuid": "d0c5e000-0000-4000-8000-000000000025", "name": "No Response", "exit_uuid": "d0c5e000-0000-4000-8000-000000000028"},
          {"uuid": "d0c5e000-0000-4000-8000-000000000026", "name": "Other", "exit_uuid": "d0c5e000-0000-4000-8000-000000000029"}
        ],
        "default_category_uuid": "d0c5e000-0000-4000-8000-000000000026"
      },
      "exits": [
        {"uuid": "d0c5e000-0000-4000-8000-000000000027", "destination_uuid": "d0c5e000-0000-4000-8000-000000000030"},
        {"uuid": "d0c5e000-0000-4000-8000-000000000028", "destination_uuid": "d0c5e000-0000-4000-8000-000000000030"},
        {"uuid": "d0c5e000-0000-4000-8000-000000000029", "destination_uuid": "d0c5e000-0000-4000-8000-000000000030"}
      ]
    },
    {
      "uuid": "d0c5e000-0000-4000-8000-000000000030",
      "actions": [
        {"uuid": "d0c5e000-0000-4000-8000-000000000031", "type": "send_msg", "text": "Noted: @results.colour.category."}
      ],
      "exits": [{"uuid": "d0c5e000-0000-4000-8000-000000000032"}]
    }
  ]
}`

// dialFlow connects the caller to another number and says how the dial went.
const dialFlow = `{
  "uuid": "d0c5e000-0000-4000-8000-000000000003",
  "name": "Dial Example",
  "spec_version": "14.3.0",
  "language": "eng",
  "type": "voice",
  "revision": 1,
  "nodes": [
    {
      "uuid": "d0c5e000-0000-4000-8000-000000000040",
      "actions": [],
      "router": {
        "type": "switch",
        "operand": "@resume.dial.status",
        "wait": {"type": "dial", "phone": "+12065550100"},
        "result_name": "Dial",
        "cases": [{"uuid": "d0c5e000-0000-4000-8000-000000000041", "type": "has_only_text", "arguments": ["answered"], "category_uuid": "d0c5e000-0000-4000-8000-000000000042"}],
        "categories": [
          {"uuid": "d0c5e000-0000-4000-8000-000000000042", "name": "Answered", "exit_uuid": "d0c5e000-0000-4000-8000-000000000044"},
          {"uuid": "d0c5e000-0000-4000-8000-000000000043", "name": "Other", "exit_uuid": "d0c5e000-0000-4000-8000-000000000045"}
        ],
        "default_category_uuid": "d0c5e000-0000-4000-8000-000000000043"
      },
      "exits": [
        {"uuid": "d0c5e000-0000-4000-8000-000000000044", "destination_uuid": "d0c5e000-0000-4000-8000-000000000050"},
        {"uuid": "d0c5e000-0000-4000-8000-000000000045", "destination_uuid": "d0c5e000-0000-4000-8000-000000000050"}
      ]
    },
    {
      "uuid": "d0c5e000-0000-4000-8000-000000000050",
      "actions": [
        {"uuid": "d0c5e000-0000-4000-8000-000000000051", "type": "say_msg", "text": "The call was @results.dial.category for @resume.dial.duration seconds."}
      ],
      "exits": [{"uuid": "d0c5e000-0000-4000-8000-000000000052"}]
    }
  ]
}`

// manualTrigger starts a flow with a manual trigger.
func manualTrigger(flowUUID, name string) string {
	return `{"type": "manual", "flow": {"uuid": "` + flowUUID + `", "name": "` + name + `"}, "triggered_on": "2025-01-01T09:00:00Z"}`
}

// eventSessions give examples of events that neither the example scenarios nor the trigger and
// resume examples log.
var eventSessions = []struct {
	source, flow, uuid string
}{
	{"a flow whose two nodes loop without a wait, until the step limit fails the session", loopFlow, "d0c5e000-0000-4000-8000-000000000004"},
	{"a flow whose message reads the deprecated `@contact.id`", deprecatedFlow, "d0c5e000-0000-4000-8000-000000000005"},
}

const deprecatedFlow = `{
  "uuid": "d0c5e000-0000-4000-8000-000000000005",
  "name": "Deprecated Example",
  "spec_version": "14.3.0",
  "language": "eng",
  "type": "messaging",
  "revision": 1,
  "nodes": [
    {"uuid": "d0c5e000-0000-4000-8000-000000000080", "actions": [
      {"uuid": "d0c5e000-0000-4000-8000-000000000081", "type": "send_msg", "text": "Your number is @contact.id"}
    ], "exits": [{"uuid": "d0c5e000-0000-4000-8000-000000000082"}]}
  ]
}`

const loopFlow = `{
  "uuid": "d0c5e000-0000-4000-8000-000000000004",
  "name": "Loop Example",
  "spec_version": "14.3.0",
  "language": "eng",
  "type": "messaging",
  "revision": 1,
  "nodes": [
    {"uuid": "d0c5e000-0000-4000-8000-000000000060", "actions": [], "exits": [{"uuid": "d0c5e000-0000-4000-8000-000000000061", "destination_uuid": "d0c5e000-0000-4000-8000-000000000070"}]},
    {"uuid": "d0c5e000-0000-4000-8000-000000000070", "actions": [], "exits": [{"uuid": "d0c5e000-0000-4000-8000-000000000071", "destination_uuid": "d0c5e000-0000-4000-8000-000000000060"}]}
  ]
}`
