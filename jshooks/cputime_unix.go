//go:build unix

package jshooks

import (
	"syscall"
	"time"
)

// cpuClock reads the process's CPU time (user and system). The time budget counts it rather
// than the wall clock: on a busy machine a process may wait for the CPU for seconds, which is
// not the hook's doing and must not make a run fail one time in ten.
func cpuClock() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return wallClock()
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
