package progress

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

func TestLine(t *testing.T) {
	tests := []struct {
		task        string
		done, total int
		unit        string
		elapsed     time.Duration
		want        string
	}{
		{"rendering", 5120, 11762, "pages", 1190 * time.Millisecond, "rendering 5,120 / 11,762 pages · 4,302/s"},
		{"rendering", 0, 11762, "pages", 0, "rendering 0 / 11,762 pages"},
		{"rendering", 10, 100, "pages", 50 * time.Millisecond, "rendering 10 / 100 pages"},
		{"rendering", 114576, 114576, "pages", 10 * time.Second, "rendering 114,576 / 114,576 pages · 11,457/s"},
		{"loading content", 0, 0, "", 3 * time.Second, "loading content…"},
	}
	for _, tt := range tests {
		got := Line(tt.task, tt.done, tt.total, tt.unit, tt.elapsed)
		if got != tt.want {
			t.Errorf("Line(%q, %d, %d, %q, %v) = %q; want %q", tt.task, tt.done, tt.total, tt.unit, tt.elapsed, got, tt.want)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 10412: "10,412", 1234567: "1,234,567", -1234: "-1,234", -123: "-123"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q; want %q", n, got, want)
		}
	}
}

// clock is a fake time that tests move forward.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *clock                   { return &clock{t: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)} }
func lines(out string) []string {
	return strings.Split(strings.TrimPrefix(out, "\r\x1b[K"), "\r\x1b[K")
}
func meter(tty bool) (*Meter, *bytes.Buffer, *clock) {
	var out bytes.Buffer
	c := newClock()
	return newMeter(&out, tty, c.now), &out, c
}

// TestMeterTerminal follows a build on a terminal: nothing during the first
// second, then a line redrawn in place at most every tenth of a second, and
// erased by Clear.
func TestMeterTerminal(t *testing.T) {
	m, out, c := meter(true)
	m.Report("loading content", 0, 0, "")
	c.advance(900 * time.Millisecond)
	m.Report("rendering", 10, 1000, "pages")
	if out.Len() != 0 {
		t.Fatalf("shown before a second: %q", out.String())
	}
	c.advance(200 * time.Millisecond)
	m.Report("rendering", 100, 1000, "pages")
	c.advance(50 * time.Millisecond)
	m.Report("rendering", 150, 1000, "pages") // too soon: not drawn
	c.advance(50 * time.Millisecond)
	m.Report("rendering", 300, 1000, "pages")
	m.Report("rendering", 1000, 1000, "pages") // the last is always drawn
	got := lines(out.String())
	want := []string{
		"rendering 100 / 1,000 pages · 500/s",
		"rendering 300 / 1,000 pages · 1,000/s",
		"rendering 1,000 / 1,000 pages · 3,333/s",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("drew %q; want %q", got, want)
	}
	out.Reset()
	m.Clear()
	if out.String() != "\r\x1b[K" {
		t.Errorf("Clear wrote %q; want the line erased", out.String())
	}
	out.Reset()
	m.Clear()
	if out.Len() != 0 {
		t.Errorf("Clear with no line shown wrote %q", out.String())
	}
}

// TestMeterNotTerminal checks that a Meter writes nothing at all when its
// output is not a terminal, however long the build.
func TestMeterNotTerminal(t *testing.T) {
	m, out, c := meter(false)
	for i := range 100 {
		c.advance(time.Second)
		m.Report("rendering", i, 100, "pages")
	}
	m.Clear()
	if out.Len() != 0 {
		t.Errorf("wrote %q to something that is not a terminal", out.String())
	}
}

func TestIsTerminal(t *testing.T) {
	if IsTerminal(&bytes.Buffer{}) {
		t.Error("IsTerminal(bytes.Buffer) = true")
	}
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if IsTerminal(f) {
		t.Error("IsTerminal(a regular file) = true")
	}
}
