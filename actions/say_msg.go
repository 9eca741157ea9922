package actions

import (
	"github.com/flowctl/flowctl/flows"
)

// TypeSayMsg is the type name of the say_msg action.
const TypeSayMsg = "say_msg"

func init() {
	RegisterType(TypeSayMsg, func() flows.Action { return &SayMsg{base: newBase(TypeSayMsg)} })
}

// SayMsg speaks text to the contact on a call (text to speech), or plays a recording of it.
type SayMsg struct {
	base
	Text     string `json:"text" validate:"required,max=10000" flow:"template,localized"`
	AudioURL string `json:"audio_url,omitempty" validate:"max=2048" flow:"template,localized"`
}

// AllowedFlowTypes lists the flow types say_msg may appear in.
func (a *SayMsg) AllowedFlowTypes() []flows.FlowType { return flows.VoiceFlowTypes }
