package build

import (
	"runtime/debug"
	"testing"

	"dossier/internal/content"
)

func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// TestLimitMemory: a dossier large enough to spill lets the heap grow to
// five times what is live under the memory limit; a small one, or a user's
// GOGC, keeps the collector's setting; both are put back after the build.
func TestLimitMemory(t *testing.T) {
	c := &content.Content{Articles: []*content.Article{{Body: make([]byte, 1000)}}}
	defer func(old int64) { spillThreshold = old }(spillThreshold)
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	tests := []struct {
		name      string
		threshold int64
		gogc      string
		want      int
	}{
		{"small", 1 << 20, "", 100},
		{"large", 500, "", largeGCPercent},
		{"large, GOGC set", 500, "100", 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spillThreshold = tt.threshold
			t.Setenv("GOMEMLIMIT", "")
			t.Setenv("GOGC", tt.gogc)
			restore := limitMemory(c)
			got := gcPercent()
			restore()
			if got != tt.want {
				t.Errorf("GOGC during the build = %d; want %d", got, tt.want)
			}
			if after := gcPercent(); after != 100 {
				t.Errorf("GOGC after the build = %d; want 100 back", after)
			}
		})
	}
}
