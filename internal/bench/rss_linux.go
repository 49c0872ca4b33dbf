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

// Settle writes the data of earlier runs to disk, so that the kernel's
// writing them back does not slow the next run.
func Settle() { syscall.Sync() }

// machineTimes reads the machine's processor times from /proc/stat.
func machineTimes() (cpuTimes, bool) {
	stat, err := os.ReadFile("/proc/stat")
	if err != nil {
		return cpuTimes{}, false
	}
	t, err := parseCPUTimes(stat)
	return t, err == nil
}
