//go:build !unix

package jshooks

import "time"

// cpuClock is the wall clock where the process's CPU time can't be read.
func cpuClock() time.Duration { return wallClock() }
