package routing

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/flowctl/flowctl/internal/suggest"
)

func itoa(i int) string { return strconv.Itoa(i) }

// quoteName quotes a name for a message.
func quoteName(s string) string { return strconv.Quote(s) }

func equalFold(a, b string) bool { return strings.EqualFold(a, b) }

// pad32 makes a deterministic 32-character hexadecimal SID body from a name.
func pad32(name string) string {
	var h uint64 = 1469598103934665603
	for i := 0; i < len(name); i++ {
		h ^= uint64(name[i])
		h *= 1099511628211
	}
	return fmt.Sprintf("%016x%016x", h, h*31+7)
}

// didYouMean returns ` (did you mean "x"?)` for the nearest candidate, or "".
func didYouMean(got string, candidates []string) string {
	if best := suggest.Nearest(got, candidates); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}
