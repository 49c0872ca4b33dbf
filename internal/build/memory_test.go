package build

import (
	"runtime/metrics"
	"testing"
)

func TestMemoryLimit(t *testing.T) {
	const mb = 1 << 20
	tests := []struct {
		held, model, want int64
	}{
		{0, 0, minMemoryLimit},
		{64 * mb, 60 * mb, minMemoryLimit},    // 10,000 articles
		{64 * mb, 100 * mb, 64*mb + 400*mb},   // four times the model
		{64 * mb, 440 * mb, maxMemoryLimit},   // 100,000 articles
		{64 * mb, 1000 * mb, 64*mb + 2000*mb}, // a model that needs more
		{650 * mb, 100 * mb, 650*mb + 400*mb}, // Markdown counts once
	}
	for _, tt := range tests {
		if got := memoryLimit(tt.held, tt.model); got != tt.want {
			t.Errorf("memoryLimit(%d MB, %d MB) = %d MB, want %d MB", tt.held/mb, tt.model/mb, got/mb, tt.want/mb)
		}
	}
}

// gcSettings reads the collector's settings: its percent (GOGC) and its
// memory limit.
func gcSettings() (percent, limit uint64) {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}, {Name: "/gc/gomemlimit:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64(), s[1].Value.Uint64()
}

// TestPacer checks the settings a build's pacer makes while loading and
// while rendering, that it puts back those it found, and that it leaves
// the user's alone.
func TestPacer(t *testing.T) {
	percent, limit := gcSettings()

	var p pacer
	p.loading(100000)
	if gotPercent, gotLimit := gcSettings(); gotPercent != 400 || int64(gotLimit) != memoryLimit(holdMarkdown, 100000*modelPerFile) {
		t.Errorf("loading 100,000 files: GOGC %d, limit %d MB; want 400, %d MB", gotPercent, gotLimit>>20, memoryLimit(holdMarkdown, 100000*modelPerFile)>>20)
	}
	p.rendering(0)
	p.restore()
	if gotPercent, gotLimit := gcSettings(); gotPercent != percent || gotLimit != limit {
		t.Errorf("restored: GOGC %d, limit %d; want %d, %d", gotPercent, gotLimit, percent, limit)
	}

	t.Setenv("GOGC", "50")
	var user pacer
	user.loading(100000)
	user.rendering(0)
	if gotPercent, gotLimit := gcSettings(); gotPercent != percent || gotLimit != limit {
		t.Errorf("with GOGC set: GOGC %d, limit %d; want %d, %d", gotPercent, gotLimit, percent, limit)
	}
	user.restore()
}
