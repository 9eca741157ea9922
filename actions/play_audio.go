package actions

import (
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
	"strings"
)

// TypePlayAudio is the type name of the play_audio action.
const TypePlayAudio = "play_audio"

func init() {
	RegisterType(TypePlayAudio, func() flows.Action { return &PlayAudio{base: newBase(TypePlayAudio)} })
}

// PlayAudio plays a recording to the contact on a call.
type PlayAudio struct {
	base
	AudioURL string `json:"audio_url" validate:"required,max=8192" flow:"template,localized"`
}

// AllowedFlowTypes lists the flow types play_audio may appear in.
func (a *PlayAudio) AllowedFlowTypes() []flows.FlowType { return flows.VoiceFlowTypes }

// Execute plays a recording to the contact in a voice call. A URL whose template fails to
// evaluate plays nothing, its errors being all that is logged, as in the reference.
func (a *PlayAudio) Execute(run runtime.Run, log runtime.Logger) error {
	tpl, lang := localizedOne(run, a, "audio_url", a.AudioURL)
	audio, ok := run.EvaluateTemplate(tpl, log)
	if !ok {
		return nil
	}
	audio = strings.TrimSpace(audio)
	if audio == "" {
		errorf(log, "Audio URL evaluated to empty, skipping")
		return nil
	}
	log(runtime.NewIVRCreated(newMsgOut(run, "", []string{"audio:" + audio}, nil, lang)))
	return nil
}
