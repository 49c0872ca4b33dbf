//go:build unix

package markdown

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time (user and system) the process has used so
// far: on a machine shared with other work, a steadier measure than the
// time elapsed.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
