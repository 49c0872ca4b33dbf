package bench

import (
	"os"
	"syscall"
)

// peakRSS is the child's ru_maxrss, which Linux gives in kilobytes.
func peakRSS(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss * 1024
	}
	return 0
}
