package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"text/tabwriter"

	"dossier/internal/bench"
	"dossier/internal/corpus"
)

// runHostile builds each hostile input of corpus.HostileCases with the
// dossier command, runs times, and prints the best run's time, CPU time
// and peak memory, and the first line the command printed: each must
// finish in time and memory in proportion to its size, or stop at a limit
// with a message.
func runHostile(runs int, dir, binary string, keep bool) error {
	if dir == "" {
		d, err := os.MkdirTemp("", "dossier-hostile-")
		if err != nil {
			return err
		}
		dir = d
	}
	if !keep {
		defer os.RemoveAll(dir)
	}
	if binary == "" {
		binary = filepath.Join(dir, "dossier")
		if out, err := exec.Command("go", "build", "-o", binary, "dossier").CombinedOutput(); err != nil {
			return fmt.Errorf("go build: %v\n%s", err, out)
		}
	}
	fmt.Printf("dossier bench -hostile: %d processors, %s %s/%s, best of %d runs, in %s\n\n",
		runtime.GOMAXPROCS(0), runtime.Version(), runtime.GOOS, runtime.GOARCH, max(runs, 1), dir)
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "input\tsize\twall\tCPU\tpeak MB\texit\tfirst line")
	for _, h := range corpus.HostileCases() {
		content := filepath.Join(dir, h.Name, "content")
		size := 0
		for _, f := range h.Files {
			p := filepath.Join(content, filepath.FromSlash(f.Path))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				return err
			}
			size += len(f.Data)
		}
		var all []bench.Run
		var out []byte
		code := 0
		for i := range max(runs, 1) {
			r, o, err := bench.MeasureOutput(binary, "build", "-q", "-content", content, "-out", filepath.Join(dir, h.Name, fmt.Sprintf("site-%d", i)))
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				return fmt.Errorf("%s: %v\n%s", h.Name, err, o)
			}
			all, out = append(all, r), o
		}
		best := bench.Best(all)
		first, _, _ := bytes.Cut(out, []byte("\n"))
		if len(first) > 0 {
			if _, msg, ok := bytes.Cut(first, []byte(h.Name+".md:")); ok {
				first = msg // the place, without the temporary folder
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.0f\t%d\t%s\n", h.About, bytesSize(size),
			round(best.Wall), round(best.CPU), float64(best.PeakRSS)/1e6, code, first)
	}
	return tw.Flush()
}

func bytesSize(n int) string {
	if n < 1e6 {
		return fmt.Sprintf("%.0f KB", float64(n)/1e3)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
