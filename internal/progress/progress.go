// Package progress shows how far a long build is, on one line of a
// terminal rewritten in place:
//
//	rendering 5,120 / 11,762 pages · 4,300/s
//
// A Meter shows nothing during the first second, so that quick builds print
// only their summary, and nothing at all when its output is not a terminal
// (a file, a pipe, a CI log): no escape codes end up where they cannot be
// drawn.
package progress

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
	"time"
)

// Delay is how long a task runs before its progress is shown.
const Delay = time.Second

// interval is the least time between two redraws.
const interval = 100 * time.Millisecond

// A Meter draws a progress line. Its methods may be called from several
// goroutines at once.
type Meter struct {
	w     io.Writer
	tty   bool
	now   func() time.Time
	start time.Time

	mu        sync.Mutex
	task      string
	taskStart time.Time
	last      time.Time // last redraw
	shown     bool      // a line is on the screen
}

// New returns a Meter drawing on w, which it draws on only if w is a
// terminal.
func New(w io.Writer) *Meter {
	return newMeter(w, IsTerminal(w), time.Now)
}

func newMeter(w io.Writer, tty bool, now func() time.Time) *Meter {
	t := now()
	return &Meter{w: w, tty: tty, now: now, start: t, taskStart: t}
}

// IsTerminal reports whether w is a terminal that understands the escape
// code a Meter erases its line with.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("TERM") == "dumb" {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// Report says that done of total units of task are done; a total of 0 means
// the task is not counted. It redraws the line unless it was redrawn less
// than a tenth of a second ago, and only once the Meter is a second old.
func (m *Meter) Report(task string, done, total int, unit string) {
	if !m.tty {
		return
	}
	if !m.mu.TryLock() {
		return // another goroutine is drawing: this report is not needed
	}
	defer m.mu.Unlock()
	now := m.now()
	if task != m.task {
		m.task, m.taskStart = task, now
	} else if now.Sub(m.last) < interval && done != total {
		return
	}
	if now.Sub(m.start) < Delay {
		return
	}
	m.last = now
	m.shown = true
	fmt.Fprint(m.w, "\r\x1b[K"+Line(task, done, total, unit, now.Sub(m.taskStart)))
}

// Clear erases the progress line, if one is shown, so that what is printed
// next starts on a clean line.
func (m *Meter) Clear() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.shown {
		fmt.Fprint(m.w, "\r\x1b[K")
		m.shown = false
	}
}

// Line is the text of a progress line: "rendering 5,120 / 11,762 pages ·
// 4,300/s" after elapsed time on the task, or "loading content…" for a task
// that is not counted.
func Line(task string, done, total int, unit string, elapsed time.Duration) string {
	if total <= 0 {
		return task + "…"
	}
	s := fmt.Sprintf("%s %s / %s %s", task, Thousands(done), Thousands(total), unit)
	if elapsed >= interval && done > 0 {
		s += " · " + Thousands(int(float64(done)/elapsed.Seconds())) + "/s"
	}
	return s
}

// Thousands formats n with commas: 10412 → "10,412".
func Thousands(n int) string {
	s := strconv.Itoa(n)
	start := 0
	if n < 0 {
		start = 1
	}
	for i := len(s) - 3; i > start; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
