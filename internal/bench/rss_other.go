//go:build !linux

package bench

import "os"

// peakRSS is unknown outside Linux: ru_maxrss has other units or is absent.
func peakRSS(*os.ProcessState) int64 { return 0 }

// Settle does nothing outside Linux.
func Settle() {}

// machineTimes is unknown outside Linux.
func machineTimes() (cpuTimes, bool) { return cpuTimes{}, false }
