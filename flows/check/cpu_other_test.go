//go:build !unix

package check

import "time"

var start = time.Now()

// cpuTime falls back to the wall clock where the process's CPU time can't be read.
func cpuTime() time.Duration { return time.Since(start) }
