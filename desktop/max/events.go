package max

import (
	"strconv"

	"github.com/flowctl/flowctl/desktop"
)

// The events MAX passes to plugins have the shapes of NICE CXone's agent session events
// (get-next-event): PascalCase keys, every value a string, booleans as "True"/"False", times as
// ISO 8601 UTC. Fields this simulator has nothing for are sent empty, as the platform does for
// values that don't apply, so plugin code that reads them finds a string.

func boolString(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

func num(n int64) string { return strconv.FormatInt(n, 10) }

// sessionStart is AgentSessionStart: the session the agent logged in to.
func sessionStart(d *desktop.Desktop) map[string]any {
	a := d.Agent()
	return map[string]any{
		"Type":                      "AgentSessionStart",
		"BusNo":                     busNo(d),
		"AgentId":                   a.ID,
		"SessionId":                 a.SessionID,
		"StationPhoneNumber":        "",
		"StationCallerId":           "",
		"DialerCampaign":            "",
		"DialerCampaignStartTime":   "",
		"SupervisorPermissionLevel": "0",
		"CanMask":                   "True",
		"AgentSchedulePermission":   "False",
		"ScoreRecordingsPermission": "False",
		"HideAgentStatePermission":  "",
		"CanMultiPartyConference":   "True",
	}
}

func busNo(d *desktop.Desktop) string {
	if id := d.Config().CompanyID; id != "" {
		return id
	}
	return "1"
}

// sessionEnd is AgentSessionEnd: the agent logged out.
func sessionEnd(d *desktop.Desktop) map[string]any {
	return map[string]any{"Type": "AgentSessionEnd", "AgentId": d.Agent().ID}
}

// agentLeg is the agent's phone connection to the platform, up while they are logged in.
func agentLeg(d *desktop.Desktop, active bool) map[string]any {
	status := "Disconnected"
	if active {
		status = "Active"
	}
	return map[string]any{
		"Type":       "AgentLeg",
		"AgentLegId": "leg-" + d.Agent().ID,
		"Status":     status,
		"FinalState": boolString(!active),
	}
}

// mute is the agent's microphone.
func mute(d *desktop.Desktop) map[string]any {
	return map[string]any{"Type": "Mute", "AgentMuted": boolString(d.Agent().Muted)}
}

// sessionInfo is what "sessioninfo" subscribers get: the session's token.
func sessionInfo(d *desktop.Desktop) map[string]any {
	return map[string]any{"messageType": "SessionInfo", "sessionToken": d.Agent().SessionID}
}

// stateName is NICE's CurrentState for a desktop status.
func stateName(d *desktop.Desktop, s desktop.Status) string {
	switch s {
	case desktop.Working:
		for _, c := range d.Contacts() {
			if c.Live() && !c.Inbound {
				return "OutboundContact"
			}
		}
		return "InboundContact"
	case desktop.AfterCallWork:
		return "Unavailable"
	}
	return string(s)
}

// agentState is AgentState: the agent's current state and the one they asked for next.
func agentState(d *desktop.Desktop, codes *reasonCodes) map[string]any {
	a, s := d.Agent(), d.Status()
	desc := ""
	switch s {
	case desktop.Unavailable:
		desc = a.Reason
	case desktop.AfterCallWork:
		desc = "ACW"
	}
	next, nextDesc := "", ""
	if a.Next != "" {
		next, nextDesc = stateName(d, a.Next), a.NextReason
	}
	return map[string]any{
		"Type":                       "AgentState",
		"CurrentState":               stateName(d, s),
		"CurrentOutStateCode":        codes.code(desc),
		"CurrentOutStateDescription": desc,
		"StartTimeUTC":               a.Since.Format(desktop.TimeFormat),
		"NextState":                  next,
		"NextOutStateCode":           codes.code(nextDesc),
		"NextOutStateDescription":    nextDesc,
		"IsACW":                      boolString(s == desktop.AfterCallWork),
		"IsExternal":                 "False",
	}
}

// reasonCodes numbers unavailable reasons in the order they appear ("" is 0), standing in for
// the unavailable codes a tenant configures.
type reasonCodes struct{ byName map[string]int }

func (r *reasonCodes) code(name string) string {
	if name == "" {
		return "0"
	}
	if r.byName == nil {
		r.byName = map[string]int{}
	}
	if _, ok := r.byName[name]; !ok {
		r.byName[name] = len(r.byName) + 1
	}
	return strconv.Itoa(r.byName[name])
}

// visible reports whether the agent's desktop shows a leg at all: MAX knows of a contact from
// the moment it is routed to the agent.
func visible(c *desktop.Contact) bool {
	switch c.State {
	case desktop.Queued, desktop.TransferredTo:
		return false
	}
	return true
}

// contactStatus is NICE's Status of a leg, and whether it is final (the contact is closed out,
// after-call work included).
func contactStatus(c *desktop.Contact) (string, bool) {
	switch c.State {
	case desktop.Incoming:
		return "Incoming", false
	case desktop.Connected:
		if c.Masked {
			return "Masking", false
		}
		return "Active", false
	case desktop.OnHold:
		return "Holding", false
	case desktop.ACW:
		return "Disconnected", false
	}
	return "Disconnected", true
}

// contactEvent is a leg as NICE describes it: CallContactEvent for voice, ChatContactEvent for a
// digital contact. ContactID is the leg's number, MasterID the first leg's: a transfer changes
// the one and keeps the other.
func contactEvent(c *desktop.Contact) map[string]any {
	status, final := contactStatus(c)
	ev := map[string]any{
		"ContactID":              num(c.Number),
		"MasterID":               num(c.MasterNumber),
		"Status":                 status,
		"Skill":                  c.Queue,
		"StartTimeUTC":           c.ArrivedAt.Format(desktop.TimeFormat),
		"LastStateChangeTimeUTC": c.StateSince.Format(desktop.TimeFormat),
		"ScreenPopUrl":           "",
		"IsInbound":              boolString(c.Inbound),
		"FinalState":             boolString(final),
	}
	if c.Channel == desktop.Chat {
		ev["Type"] = "ChatContactEvent"
		ev["RoomId"] = num(c.MasterNumber)
		ev["Label"] = c.Customer.Name
		ev["FromAddress"] = firstNonEmpty(c.Customer.Email, c.Customer.Phone)
		ev["RefusalTimeout"] = ""
		return ev
	}
	ev["Type"] = "CallContactEvent"
	ev["OriginalState"] = "False"
	ev["CallType"] = "Regular"
	ev["DNIS"] = ""
	ev["ANI"] = c.Customer.Phone
	ev["Label"] = c.Customer.Name
	ev["DisconnectCode"] = ""
	ev["IsLogging"] = boolString(c.Recording)
	ev["Timeout"] = ""
	ev["AllowDispositions"] = "False"
	ev["IsLinked"] = "True"
	ev["TimeZones"] = ""
	ev["OtherInformation"] = ""
	ev["BlendingToSkillName"] = ""
	return ev
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
