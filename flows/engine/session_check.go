package engine

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/internal/jsontree"
)

// sessionStatuses and runStatuses are the values a saved session may hold.
var (
	sessionStatuses = []string{SessionActive, SessionWaiting, SessionCompleted, SessionFailed}
	runStatuses     = []string{RunActive, RunWaiting, RunCompleted, RunExpired, RunInterrupted, RunFailed}
)

// sessionCheck validates a saved session before it is decoded, the way flows are: every value
// where one is required, every reference resolving, no run its own ancestor. A session file is
// written by flowctl but may be edited by hand, and decoding a null run or result into the
// engine's structures, or following a cycle of parents, crashed or hung the engine.
type sessionCheck struct {
	eng  *Engine
	data []byte
	err  *InputError
}

func (c *sessionCheck) fail(n *jsontree.Node, ptr, format string, args ...any) {
	if c.err != nil {
		return
	}
	c.err = &InputError{Pointer: ptr, Offset: -1, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		c.err.setOffset(c.data, n.Start)
	}
}

// member returns an object's member, failing when it is required and missing or null.
func (c *sessionCheck) member(obj *jsontree.Node, ptr, key string, required bool, what string) *jsontree.Node {
	v := obj.Get(key)
	if v == nil || v.Kind == jsontree.Null {
		if required {
			if v == nil {
				c.fail(obj, ptr+"/"+jsontree.EscapePointerToken(key), "missing, expected %s", what)
			} else {
				c.fail(v, ptr+"/"+jsontree.EscapePointerToken(key), "expected %s, got null", what)
			}
		}
		return nil
	}
	return v
}

// kind checks a present value's kind.
func (c *sessionCheck) kind(v *jsontree.Node, ptr string, k jsontree.Kind, what string) bool {
	if v == nil {
		return false
	}
	if v.Kind != k {
		c.fail(v, ptr, "expected %s, got %s", what, describeNode(v))
		return false
	}
	return true
}

// str reads a string member; required strings must not be empty.
func (c *sessionCheck) str(obj *jsontree.Node, ptr, key string, required bool, what string) string {
	v := c.member(obj, ptr, key, required, what)
	p := ptr + "/" + jsontree.EscapePointerToken(key)
	if !c.kind(v, p, jsontree.String, what) {
		return ""
	}
	if required && v.Text == "" {
		c.fail(v, p, "expected %s, got an empty string", what)
	}
	return v.Text
}

// oneOf reads a required string member that must be one of values.
func (c *sessionCheck) oneOf(obj *jsontree.Node, ptr, key string, values []string) string {
	s := c.str(obj, ptr, key, true, "one of "+strings.Join(values, ", "))
	if s != "" && !slices.Contains(values, s) {
		c.fail(obj.Get(key), ptr+"/"+key, "expected one of %s, got %q", strings.Join(values, ", "), s)
	}
	return s
}

// timeAt checks a time member (RFC 3339), required or not.
func (c *sessionCheck) timeAt(obj *jsontree.Node, ptr, key string, required bool) {
	const what = "a time like 2025-05-04T12:30:45Z"
	v := c.member(obj, ptr, key, required, what)
	p := ptr + "/" + key
	if !c.kind(v, p, jsontree.String, what) {
		return
	}
	if _, err := time.Parse(time.RFC3339Nano, v.Text); err != nil {
		c.fail(v, p, "expected %s, got %q", what, v.Text)
	}
}

// optional checks that a member, when present and not null, has the kind k.
func (c *sessionCheck) optional(obj *jsontree.Node, ptr, key string, k jsontree.Kind, what string) *jsontree.Node {
	v := c.member(obj, ptr, key, false, what)
	if c.kind(v, ptr+"/"+key, k, what) {
		return v
	}
	return nil
}

// checkSession validates the JSON of a saved session (see sessionCheck).
func (e *Engine) checkSession(data []byte) (*jsontree.Node, *InputError) {
	root, serr := jsontree.Parse(data)
	if serr != nil {
		ie := &InputError{Msg: "invalid JSON: " + serr.Msg}
		ie.setOffset(data, serr.Offset)
		return nil, ie
	}
	c := &sessionCheck{eng: e, data: data}
	if !c.kind(root, "", jsontree.Object, "a session object") {
		return nil, c.err
	}
	c.str(root, "", "uuid", true, "the session's UUID")
	c.oneOf(root, "", "type", flowTypeNames())
	status := c.oneOf(root, "", "status", sessionStatuses)
	if contact := c.member(root, "", "contact", true, "the session's contact (an object)"); c.kind(contact, "/contact", jsontree.Object, "a contact object") {
		c.str(contact, "/contact", "uuid", true, "the contact's UUID")
		c.optional(contact, "/contact", "urns", jsontree.Array, "a list of URNs")
		if tickets := c.optional(contact, "/contact", "tickets", jsontree.Array, "a list of tickets"); tickets != nil {
			for i, t := range tickets.Items {
				c.kind(t, "/contact/tickets/"+strconv.Itoa(i), jsontree.Object, "a ticket object")
			}
		}
		c.optional(contact, "/contact", "fields", jsontree.Object, "an object of field values")
		c.optional(contact, "/contact", "groups", jsontree.Array, "a list of groups")
	}
	c.optional(root, "", "trigger", jsontree.Object, "a trigger object")
	c.optional(root, "", "environment", jsontree.Object, "an environment object")
	c.optional(root, "", "input", jsontree.Object, "the input message (an object)")

	runsNode := c.member(root, "", "runs", true, "the session's runs (a list)")
	if !c.kind(runsNode, "/runs", jsontree.Array, "a list of runs") {
		return nil, c.err
	}
	runs := c.checkRuns(runsNode)

	wait := c.optional(root, "", "wait", jsontree.Object, "what the session waits for (an object)")
	if status == SessionWaiting && wait == nil && c.err == nil {
		c.fail(root, "/wait", "a waiting session needs its wait (what it waits for)")
	}
	if wait != nil {
		c.checkWait(wait, runs)
	}
	if c.err != nil {
		return nil, c.err
	}
	return root, nil
}

// checkedRun is what the checks of the session's wait need to know of a run.
type checkedRun struct {
	node   *jsontree.Node
	flow   *flows.Flow
	status string
	last   string // the node of its last step
}

// checkRuns validates each run, its flow and path, and the references between runs.
func (c *sessionCheck) checkRuns(list *jsontree.Node) map[string]*checkedRun {
	runs := map[string]*checkedRun{}
	parents := map[string]string{}
	var order []string
	for i, rn := range list.Items {
		ptr := "/runs/" + strconv.Itoa(i)
		if !c.kind(rn, ptr, jsontree.Object, "a run object") {
			return runs
		}
		uuid := c.str(rn, ptr, "uuid", true, "the run's UUID")
		if uuid != "" && runs[uuid] != nil {
			c.fail(rn.Get("uuid"), ptr+"/uuid", "run %s is in the session twice", uuid)
		}
		r := &checkedRun{node: rn, status: c.oneOf(rn, ptr, "status", runStatuses)}
		if fl := c.member(rn, ptr, "flow", true, "the run's flow (an object with its UUID and name)"); c.kind(fl, ptr+"/flow", jsontree.Object, "an object with the flow's UUID and name") {
			fuuid := c.str(fl, ptr+"/flow", "uuid", true, "the flow's UUID")
			if fuuid != "" && c.err == nil {
				if r.flow = c.eng.FlowByUUID(fuuid); r.flow == nil {
					name := ""
					if n := fl.Get("name"); n != nil && n.Kind == jsontree.String {
						name = fmt.Sprintf(" (%q)", n.Text)
					}
					c.fail(fl, ptr+"/flow", "flow %s%s is not among the loaded flows", fuuid, name)
				}
			}
		}
		c.timeAt(rn, ptr, "created_on", true)
		c.timeAt(rn, ptr, "modified_on", true)
		c.timeAt(rn, ptr, "exited_on", false)
		c.optional(rn, ptr, "webhook", jsontree.Object, "the last webhook call (an object)")
		if locals := c.optional(rn, ptr, "locals", jsontree.Object, "an object of local variables"); locals != nil {
			for _, m := range locals.Members {
				c.kind(m.Value, ptr+"/locals/"+jsontree.EscapePointerToken(m.Key), jsontree.String, "a string")
			}
		}
		r.last = c.checkPath(rn, ptr, r.flow)
		c.checkResults(rn, ptr)
		if p := c.optional(rn, ptr, "parent_uuid", jsontree.String, "the parent run's UUID"); p != nil && p.Text != "" {
			parents[uuid] = p.Text
		}
		if c.err != nil {
			return runs
		}
		runs[uuid] = r
		order = append(order, uuid)
	}
	for i, uuid := range order {
		if parent, ok := parents[uuid]; ok && runs[parent] == nil {
			c.fail(runs[uuid].node.Get("parent_uuid"), "/runs/"+strconv.Itoa(i)+"/parent_uuid", "no run %s in the session", parent)
			return runs
		}
	}
	// Follow each run's parents, marking the runs met: a walk that meets a run of its own walk
	// goes round in a circle, one that meets a run an earlier walk cleared stops there, so each
	// run is visited once however long the chains (a session of 20000 nested runs once took
	// minutes, each run walking all its ancestors).
	const (
		walking = 1
		cleared = 2
	)
	state := make(map[string]int8, len(order))
	for i, uuid := range order {
		var walk []string
		p := uuid
		for p != "" && state[p] == 0 {
			state[p] = walking
			walk = append(walk, p)
			p = parents[p]
		}
		if p != "" && state[p] == walking {
			ptr := "/runs/" + strconv.Itoa(i) + "/parent_uuid"
			at := runs[uuid].node.Get("parent_uuid")
			if p == uuid {
				c.fail(at, ptr, "run %s is its own ancestor: its parents go round in a circle", uuid)
			} else {
				c.fail(at, ptr, "run %s's ancestors go round in a circle", uuid)
			}
			return runs
		}
		for _, w := range walk {
			state[w] = cleared
		}
	}
	return runs
}

// checkPath validates a run's steps against its flow and returns the node of the last step.
func (c *sessionCheck) checkPath(rn *jsontree.Node, ptr string, flow *flows.Flow) string {
	path := c.optional(rn, ptr, "path", jsontree.Array, "the run's path (a list of steps)")
	if path == nil {
		return ""
	}
	last := ""
	for j, st := range path.Items {
		sp := ptr + "/path/" + strconv.Itoa(j)
		if !c.kind(st, sp, jsontree.Object, "a step object") {
			return ""
		}
		c.str(st, sp, "uuid", true, "the step's UUID")
		node := c.str(st, sp, "node_uuid", true, "the UUID of the step's node")
		exit := c.str(st, sp, "exit_uuid", false, "the UUID of the exit the step left by")
		c.timeAt(st, sp, "arrived_on", true)
		if c.err != nil || flow == nil {
			continue
		}
		n := flow.NodeByUUID(node)
		if n == nil {
			c.fail(st.Get("node_uuid"), sp+"/node_uuid", "node %s is not in flow %q", node, flow.Name)
			return ""
		}
		if exit != "" && !slices.ContainsFunc(n.Exits, func(x *flows.Exit) bool { return x != nil && x.UUID == exit }) {
			c.fail(st.Get("exit_uuid"), sp+"/exit_uuid", "exit %s is not an exit of node %s", exit, node)
			return ""
		}
		last = node
	}
	return last
}

// checkResults validates a run's saved results.
func (c *sessionCheck) checkResults(rn *jsontree.Node, ptr string) {
	results := c.optional(rn, ptr, "results", jsontree.Object, "the run's results (an object)")
	if results == nil {
		return
	}
	for _, m := range results.Members {
		rp := ptr + "/results/" + jsontree.EscapePointerToken(m.Key)
		if !c.kind(m.Value, rp, jsontree.Object, "a result object") {
			return
		}
		c.str(m.Value, rp, "name", true, "the result's name")
		if v := c.member(m.Value, rp, "value", true, "the result's value (a string)"); v != nil {
			c.kind(v, rp+"/value", jsontree.String, "the result's value (a string)")
		}
		c.str(m.Value, rp, "node_uuid", true, "the UUID of the node that saved it")
		c.timeAt(m.Value, rp, "created_on", true)
		for _, k := range []string{"category", "category_localized", "input"} {
			c.optional(m.Value, rp, k, jsontree.String, "a string")
		}
	}
}

// checkWait validates what a session waits for against its runs.
func (c *sessionCheck) checkWait(wait *jsontree.Node, runs map[string]*checkedRun) {
	c.oneOf(wait, "/wait", "type", []string{string(flows.WaitTypeMsg), string(flows.WaitTypeDial)})
	runUUID := c.str(wait, "/wait", "run_uuid", true, "the UUID of the waiting run")
	nodeUUID := c.str(wait, "/wait", "node_uuid", true, "the UUID of the node it waits at")
	c.timeAt(wait, "/wait", "expires_on", false)
	c.optional(wait, "/wait", "timeout_seconds", jsontree.Number, "a number of seconds")
	if c.err != nil {
		return
	}
	r := runs[runUUID]
	if r == nil {
		c.fail(wait.Get("run_uuid"), "/wait/run_uuid", "no run %s in the session", runUUID)
		return
	}
	if r.status != RunWaiting {
		c.fail(wait.Get("run_uuid"), "/wait/run_uuid", "run %s is %s, not waiting", runUUID, r.status)
		return
	}
	if nodeUUID != r.last {
		c.fail(wait.Get("node_uuid"), "/wait/node_uuid", "the waiting run's last step is at node %s, not %s", r.last, nodeUUID)
		return
	}
	if n := r.flow.NodeByUUID(nodeUUID); n == nil || n.Router == nil || n.Router.Wait == nil {
		c.fail(wait.Get("node_uuid"), "/wait/node_uuid", "node %s has no wait", nodeUUID)
	}
}

// flowTypeNames lists the flow types as strings, for messages.
func flowTypeNames() []string {
	out := make([]string, len(flows.FlowTypes))
	for i, t := range flows.FlowTypes {
		out[i] = string(t)
	}
	return out
}
