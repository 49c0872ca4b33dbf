package build

import "testing"

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
