package actions

import (
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/runtime"
	"strings"
)

// TypeSayMsg is the type name of the say_msg action.
const TypeSayMsg = "say_msg"

func init() {
	RegisterType(TypeSayMsg, func() flows.Action { return &SayMsg{base: newBase(TypeSayMsg)} })
}

// SayMsg speaks text to the contact on a call (text to speech), or plays a recording of it.
type SayMsg struct {
	base
	Text string `json:"text" validate:"required,max=10000" flow:"template,localized"`
	// AudioURL is played as written (localized, but not a template: the reference doesn't
	// evaluate it, nor trim it).
	AudioURL string `json:"audio_url,omitempty" validate:"max=8192" flow:"localized"`
}

// AllowedFlowTypes lists the flow types say_msg may appear in.
func (a *SayMsg) AllowedFlowTypes() []flows.FlowType { return flows.VoiceFlowTypes }

// Execute speaks a text (or plays a recording with the text as fallback) in a voice call. The
// recording's URL is used as written, as in the reference.
func (a *SayMsg) Execute(run runtime.Run, log runtime.Logger) error {
	textTpl, lang := localizedOne(run, a, "text", a.Text)
	audio, _ := localizedOne(run, a, "audio_url", a.AudioURL)
	text, _ := run.EvaluateTemplate(textTpl, log)
	text = strings.TrimSpace(text)
	if text == "" && audio == "" {
		errorf(log, "Can't say message without audio URL or backdown text")
		return nil
	}
	var atts []string
	if audio != "" {
		atts = []string{"audio:" + audio}
	}
	log(runtime.NewIVRCreated(newMsgOut(run, text, atts, nil, lang)))
	return nil
}
