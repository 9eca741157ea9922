package cireport

import "strings"

// GitHub Actions workflow commands (`::error file=...,line=...::message`) need their message and
// property values escaped, or a newline or a ':' in them ends the command early.
var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// GitHubData escapes a workflow command's message.
func GitHubData(s string) string { return dataEscaper.Replace(s) }

// GitHubProperty escapes a workflow command's property value, where ',' and ':' separate too.
func GitHubProperty(s string) string { return propertyEscaper.Replace(s) }
