package bench

import "testing"

func TestParseCPUTimes(t *testing.T) {
	tests := []struct {
		name, stat string
		want       cpuTimes
		wantErr    bool
	}{
		{"linux 6", "cpu  4814605 17271 2279840 7217262 636632 0 229592 317198 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\n",
			cpuTimes{total: 4814605 + 17271 + 2279840 + 7217262 + 636632 + 229592 + 317198, steal: 317198}, false},
		{"no guest columns", "cpu 10 0 5 80 0 0 0 5", cpuTimes{total: 100, steal: 5}, false},
		{"no steal column", "cpu 10 0 5 80 0 0 0\n", cpuTimes{}, true},
		{"not the cpu line", "intr 1 2 3 4 5 6 7 8 9\n", cpuTimes{}, true},
		{"a processor's line", "cpu0 1 2 3 4 5 6 7 8 9 10\n", cpuTimes{}, true},
		{"not a number", "cpu 10 0 5 80 0 0 0 x 0 0\n", cpuTimes{}, true},
		{"empty", "", cpuTimes{}, true},
	}
	for _, tt := range tests {
		got, err := parseCPUTimes([]byte(tt.stat))
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("%s: parseCPUTimes = %+v, %v; want %+v, error %v", tt.name, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestStolen(t *testing.T) {
	a := cpuTimes{total: 1000, steal: 10}
	if got := stolen(a, cpuTimes{total: 1200, steal: 60}); got != 0.25 {
		t.Errorf("stolen = %v; want 0.25 (50 of 200 ticks)", got)
	}
	if got := stolen(a, a); got != 0 {
		t.Errorf("stolen over no time = %v; want 0", got)
	}
}
