package bench

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Run is what one child process cost.
type Run struct {
	Wall time.Duration
	CPU  time.Duration // user and system time
	// PeakRSS is the largest resident set the process had, in bytes.
	PeakRSS int64
	// Steal is the share of the machine's processor time that its host,
	// when it is a virtual machine, took for other work while the process
	// ran; negative when unknown (outside Linux).
	Steal float64
}

// Measure runs name with args as a child process and reports its wall time,
// CPU time and peak memory, the last read from the kernel's accounting of
// the process (getrusage's ru_maxrss), which sees all memory the process
// used, not only the Go heap. Linux counts in a child's peak the memory of
// the parent it was started from, so the caller should hold little. Its
// output is kept and returned in the error when it fails.
func Measure(name string, args ...string) (Run, error) {
	r, out, err := MeasureOutput(name, args...)
	if err != nil {
		return Run{}, fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return r, nil
}

// MeasureOutput is Measure for a command that may fail: it returns what
// the command cost and printed, and its error (an *exec.ExitError when it
// ran and exited with a status other than 0).
func MeasureOutput(name string, args ...string) (Run, []byte, error) {
	cmd := exec.Command(name, args...)
	// Run in the system's temporary folder, so that the command does not
	// pick up the templates and static folders of wherever the bench was
	// started (dossier uses ./templates when there is one).
	cmd.Dir = os.TempDir()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	before, known := machineTimes()
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	ps := cmd.ProcessState
	if ps == nil {
		return Run{}, out.Bytes(), err
	}
	steal := -1.0
	if after, ok := machineTimes(); known && ok {
		steal = stolen(before, after)
	}
	return Run{Wall: wall, CPU: ps.UserTime() + ps.SystemTime(), PeakRSS: peakRSS(ps), Steal: steal}, out.Bytes(), err
}

// Best returns the run with the least wall time, and its CPU time and
// steal: on a shared machine the fastest of a few runs is the one least
// disturbed by other work. Its peak memory is the largest of all runs, so
// that it is never understated.
func Best(runs []Run) Run {
	if len(runs) == 0 {
		return Run{}
	}
	best := runs[0]
	for _, r := range runs[1:] {
		if r.Wall < best.Wall {
			best.Wall, best.CPU, best.Steal = r.Wall, r.CPU, r.Steal
		}
		best.PeakRSS = max(best.PeakRSS, r.PeakRSS)
	}
	return best
}
