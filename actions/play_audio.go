package actions

import (
	"github.com/flowctl/flowctl/flows"
)

// TypePlayAudio is the type name of the play_audio action.
const TypePlayAudio = "play_audio"

func init() {
	RegisterType(TypePlayAudio, func() flows.Action { return &PlayAudio{base: newBase(TypePlayAudio)} })
}

// PlayAudio plays a recording to the contact on a call.
type PlayAudio struct {
	base
	AudioURL string `json:"audio_url" validate:"required,max=2048" flow:"template,localized"`
}

// AllowedFlowTypes lists the flow types play_audio may appear in.
func (a *PlayAudio) AllowedFlowTypes() []flows.FlowType { return flows.VoiceFlowTypes }
