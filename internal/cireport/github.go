package cireport

import (
	"strings"

	"github.com/flowctl/flowctl/internal/textsafe"
)

// GitHub Actions workflow commands (`::error file=...,line=...::message`) need their message and
// property values escaped, or a newline or a ':' in them ends the command early.
var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// GitHubData escapes a workflow command's message. Control characters other than line breaks
// (escape sequences, bidirectional controls) are written as escapes first (see textsafe): the
// message quotes what files hold.
func GitHubData(s string) string { return dataEscaper.Replace(textsafe.Text(s)) }

// GitHubProperty escapes a workflow command's property value, where ',' and ':' separate too.
func GitHubProperty(s string) string { return propertyEscaper.Replace(textsafe.Text(s)) }
