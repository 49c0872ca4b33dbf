package bench

import (
	"bytes"
	"fmt"
	"strconv"
)

// cpuTimes is the processor time of the whole machine so far, in clock
// ticks: all of it, and what the host of a virtual machine took for other
// work (steal), which the guest sees as time its processes did not run.
type cpuTimes struct{ total, steal uint64 }

// parseCPUTimes reads the first line of Linux's /proc/stat: "cpu" then
// user, nice, system, idle, iowait, irq, softirq and steal time, and
// guest times that user time already counts.
func parseCPUTimes(stat []byte) (cpuTimes, error) {
	line, _, _ := bytes.Cut(stat, []byte("\n"))
	fields := bytes.Fields(line)
	if len(fields) < 9 || string(fields[0]) != "cpu" {
		return cpuTimes{}, fmt.Errorf("/proc/stat: first line %q is not the processors' times", line)
	}
	var t cpuTimes
	for i, f := range fields[1:9] {
		n, err := strconv.ParseUint(string(f), 10, 64)
		if err != nil {
			return cpuTimes{}, fmt.Errorf("/proc/stat: %q is not a number of ticks", f)
		}
		t.total += n
		if i == 7 {
			t.steal = n
		}
	}
	return t, nil
}

// stolen is the share of the machine's processor time the host took
// between a and b.
func stolen(a, b cpuTimes) float64 {
	if b.total <= a.total {
		return 0
	}
	return float64(b.steal-a.steal) / float64(b.total-a.total)
}
