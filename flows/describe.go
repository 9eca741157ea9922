package flows

import (
	"strconv"
	"strings"
)

// describeWidth bounds the quoted text of a description, in characters.
const describeWidth = 32

// DescribeAction names an action in a few words, the way an author recognises it in the flow
// editor: its type and what it says or names, e.g. `send_msg "Hi @contact.name"`,
// `enter_flow "Survey"`, `call_webhook "https://example.org/…"`. It works from the struct
// tags every action type has, so new types need nothing here.
func DescribeAction(a Action) string {
	if a == nil {
		return "action"
	}
	var text, first, ref, url string
	Walk(a, Visitor{
		Template: func(p, s string, _ bool) {
			switch {
			case p == "/text" && text == "":
				text = s
			case p == "/url":
				url = s
			case first == "":
				first = s
			}
		},
		AssetRef: func(_ string, r AssetRef) {
			if ref == "" {
				ref = r.DisplayName()
				if ref == "" {
					ref = r.Identity()
				}
			}
		},
	})
	for _, s := range []string{text, ref, url, first} {
		if strings.TrimSpace(s) != "" {
			return a.Type() + " " + quoteShort(s)
		}
	}
	return a.Type()
}

// DescribeNode names a node in a few words: what its router waits for or splits on (`wait for
// reply "Age"`, `split by @fields.district`, `random split`), else its first action.
func DescribeNode(n *Node) string {
	if n == nil {
		return "node"
	}
	if r := n.Router; r != nil {
		named := ""
		if r.ResultName != "" {
			named = " " + quoteShort(r.ResultName)
		}
		switch {
		case r.Wait != nil && r.Wait.Type == WaitTypeDial:
			return "dial" + named
		case r.Wait != nil:
			return "wait for reply" + named
		}
		for _, a := range n.Actions {
			if a != nil && len(n.Actions) == 1 {
				return DescribeAction(a) // a subflow, a webhook, ... routed on its outcome
			}
		}
		switch {
		case r.Type == RouterTypeRandom:
			return "random split" + named
		case named != "":
			return "split" + named + " by " + shorten(r.Operand)
		case r.Operand != "":
			return "split by " + shorten(r.Operand)
		}
		return "split"
	}
	for _, a := range n.Actions {
		if a == nil {
			continue
		}
		if more := len(n.Actions) - 1; more > 0 {
			return DescribeAction(a) + " (+" + strconv.Itoa(more) + ")"
		}
		return DescribeAction(a)
	}
	return "empty node"
}

// quoteShort quotes s on one line, shortened to describeWidth characters.
func quoteShort(s string) string {
	return strconv.Quote(shorten(s))
}

func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > describeWidth {
		return string(r[:describeWidth-1]) + "…"
	}
	return s
}
