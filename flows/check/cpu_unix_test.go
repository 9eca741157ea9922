//go:build unix

package check

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user and system, all threads) the process has used: the benchmarks
// compare the CPU validation costs, whatever cores it runs on, with that of a plain decode.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
