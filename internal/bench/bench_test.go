package bench

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/internal/corpus"
	"dossier/internal/treetest"
)

// TestFloor runs the floor on a small corpus: one HTML file per article,
// holding the rendered body and none of the front matter.
func TestFloor(t *testing.T) {
	dir := t.TempDir()
	content, err := corpus.Write(dir, corpus.Options{Articles: 25, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "floor")
	n, err := Floor(content, out)
	if err != nil {
		t.Fatal(err)
	}
	if n != 25 {
		t.Errorf("Floor wrote %d articles; want 25", n)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 25 {
		t.Fatalf("%d files in the output; want 25", len(entries))
	}
	data, err := os.ReadFile(filepath.Join(out, "a000007.html"))
	if err != nil {
		t.Fatal(err)
	}
	html := string(data)
	if !strings.HasPrefix(html, "<p>") || !strings.Contains(html, "<h2>") || strings.Contains(html, "source_url:") {
		t.Errorf("a000007.html is not the article's body rendered:\n%.300s", html)
	}
}

func TestBest(t *testing.T) {
	runs := []Run{
		{Wall: 3 * time.Second, CPU: 5 * time.Second, PeakRSS: 100, Steal: 0.2},
		{Wall: 2 * time.Second, CPU: 4 * time.Second, PeakRSS: 300, Steal: 0.01},
		{Wall: 4 * time.Second, CPU: 6 * time.Second, PeakRSS: 200, Steal: 0.3},
	}
	want := Run{Wall: 2 * time.Second, CPU: 4 * time.Second, PeakRSS: 300, Steal: 0.01}
	if got := Best(runs); got != want {
		t.Errorf("Best = %+v; want %+v (the fastest run, the largest peak)", got, want)
	}
}

// TestMeasure measures a child process that fails, and one that runs.
func TestMeasure(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Measure(self, "-test.run=^$", "-test.bogusflag"); err == nil {
		t.Error("Measure of a failing command succeeded")
	}
	r, err := Measure(self, "-test.run=^$")
	if err != nil {
		t.Fatal(err)
	}
	if r.Wall <= 0 {
		t.Errorf("Measure gave wall time %v", r.Wall)
	}
	if _, known := machineTimes(); known && (r.Steal < 0 || r.Steal > 1) || !known && r.Steal >= 0 {
		t.Errorf("Measure gave steal %v (machine's times known: %v)", r.Steal, known)
	}
}

// TestWarm reads a corpus through, every byte of every file.
func TestWarm(t *testing.T) {
	dir := t.TempDir()
	content, err := corpus.Write(dir, corpus.Options{Articles: 12, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	var want int64
	for _, data := range treetest.Read(t, content) {
		if data != "<dir>" {
			want += int64(len(data))
		}
	}
	got, err := Warm(content)
	if err != nil {
		t.Fatal(err)
	}
	if got != want || want == 0 {
		t.Errorf("Warm read %d bytes; the corpus holds %d", got, want)
	}
	if _, err := Warm(filepath.Join(dir, "missing")); err == nil {
		t.Error("Warm of a missing folder succeeded")
	}
}
