// Package desktop is the agent desktop as a plain Go state machine: one agent with a status, the
// contacts assigned to them (following Amazon Connect's model: a ContactId per leg, an
// InitialContactId that survives transfers, a queue and attributes), the agent controls as named
// actions run through the Flex rules of package actionhooks, a simulation clock with timers, and
// a deterministic event log of everything that happens, plugin messages included.
//
// Plugin protocols (NICE MAX, SmartAgent, Flex) live in their own packages and plug in through
// the Protocol interface: the desktop checks each plugin message's origin before a protocol sees
// it, and sends a protocol's replies only to the plugin's own origin. Nothing here knows of HTTP or
// a browser: a web server feeds messages in and takes the outbox out; a test does the same.
package desktop
