// Command bench measures how long dossier takes to build a large dossier,
// against the floor pipeline of internal/bench, in one run:
//
//	go run ./cmd/bench                     10,000 articles, best of 5 runs
//	go run ./cmd/bench -n 10000,100000     two sizes, and how time grows
//	go run ./cmd/bench -hostile            the hostile inputs of corpus.HostileCases
//
// For each size it generates a corpus (internal/corpus) in a temporary
// folder. Then, in rounds of every size, each size's floor then `dossier
// build`, so that all meet the same noise, it runs them as child processes,
// each into a new output folder, after a sync and with the corpus read
// into the page cache, timing them and reading their peak memory from the
// kernel. A last run at each size rebuilds over the existing output with
// nothing changed. It prints a table of the best runs and the ratios the
// targets are stated in; see docs/performance.md.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"dossier/internal/bench"
	"dossier/internal/corpus"
)

func main() {
	// The floor runs as a child of this command, for its own peak memory.
	if len(os.Args) == 4 && os.Args[1] == "floor" {
		if _, err := bench.Floor(os.Args[2], os.Args[3]); err != nil {
			fmt.Fprintln(os.Stderr, "floor:", err)
			os.Exit(1)
		}
		return
	}
	sizes := flag.String("n", "10000", "comma-separated `sizes` of the corpus, in articles")
	runs := flag.Int("runs", 5, "runs of the floor and the build at each size; the best is reported")
	dir := flag.String("dir", "", "`folder` for corpora and outputs (default: a new folder in the system's temporary folder)")
	binary := flag.String("dossier", "", "the dossier `binary` to measure (default: build it from this module)")
	keep := flag.Bool("keep", false, "keep the corpora and outputs")
	seed := flag.Uint64("seed", 1, "corpus `seed`")
	hostile := flag.Bool("hostile", false, "build the hostile inputs instead, printing each one's time, memory and first message")
	flag.Parse()
	run := run
	if *hostile {
		run = func(_ string, runs int, dir, binary string, keep bool, _ uint64) error {
			return runHostile(runs, dir, binary, keep)
		}
	}
	if err := run(*sizes, *runs, *dir, *binary, *keep, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(sizeList string, runs int, dir, binary string, keep bool, seed uint64) error {
	var sizes []int
	for _, s := range strings.Split(sizeList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return fmt.Errorf("-n: %q is not a number of articles", s)
		}
		sizes = append(sizes, n)
	}
	runs = max(runs, 1)
	if dir == "" {
		d, err := os.MkdirTemp("", "dossier-bench-")
		if err != nil {
			return err
		}
		dir = d
	}
	if !keep {
		defer os.RemoveAll(dir)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	if binary == "" {
		binary = filepath.Join(dir, "dossier")
		if out, err := exec.Command("go", "build", "-o", binary, "dossier").CombinedOutput(); err != nil {
			return fmt.Errorf("go build: %v\n%s", err, out)
		}
	}
	fmt.Printf("dossier bench: %d processors, %s %s/%s, best of %d runs, in %s\n",
		runtime.GOMAXPROCS(0), runtime.Version(), runtime.GOOS, runtime.GOARCH, runs, dir)

	results := make([]result, len(sizes))
	for i, n := range sizes {
		r, err := generate(filepath.Join(dir, strconv.Itoa(n)), n, seed)
		if err != nil {
			return err
		}
		results[i] = r
	}
	if err := measure(self, binary, results, runs); err != nil {
		return err
	}
	printTable(os.Stdout, results)
	return nil
}

// result is the figures of one size, and where its corpus is.
type result struct {
	articles, pages int
	dir, content    string
	mdBytes         int64
	floors, builds  []bench.Run
	rebuild         bench.Run
}

// floor and build are the best runs of the floor and of dossier.
func (r result) floor() bench.Run { return bench.Best(r.floors) }
func (r result) build() bench.Run { return bench.Best(r.builds) }

// generate writes a corpus of n articles into dir.
func generate(dir string, n int, seed uint64) (result, error) {
	start := time.Now()
	content, err := corpus.Write(dir, corpus.Options{Articles: n, Seed: seed})
	if err != nil {
		return result{}, err
	}
	took := time.Since(start)
	size, err := bench.Warm(content) // counts its bytes
	if err != nil {
		return result{}, err
	}
	r := result{articles: n, dir: dir, content: content, mdBytes: size}
	fmt.Printf("%s articles: %.1f MB of Markdown generated in %s\n", thousands(n), float64(r.mdBytes)/1e6, round(took))
	return r, nil
}

// measure runs the floor and dossier on each corpus, runs times, in
// rounds: each round measures every size, so that a machine that slows
// down over minutes (this one's CPU time for the same build varies by a
// third) slows all sizes alike and the ratios between them hold.
func measure(self, binary string, results []result, runs int) error {
	for i := range runs {
		for j := range results {
			r := &results[j]
			if err := settle(r); err != nil {
				return err
			}
			f, err := bench.Measure(self, "floor", r.content, filepath.Join(r.dir, fmt.Sprintf("floor-%d", i)))
			if err != nil {
				return err
			}
			if err := settle(r); err != nil {
				return err
			}
			b, err := bench.Measure(binary, "build", "-q", "-content", r.content, "-out", filepath.Join(r.dir, fmt.Sprintf("site-%d", i)))
			if err != nil {
				return err
			}
			fmt.Printf("  run %d, %s articles: floor %s (CPU %s, steal %s), dossier %s (CPU %s, steal %s): %.2f\n", i+1, thousands(r.articles),
				round(f.Wall), round(f.CPU), steal(f), round(b.Wall), round(b.CPU), steal(b), b.Wall.Seconds()/f.Wall.Seconds())
			r.floors, r.builds = append(r.floors, f), append(r.builds, b)
		}
	}
	for j := range results {
		r := &results[j]
		site := filepath.Join(r.dir, fmt.Sprintf("site-%d", runs-1))
		if err := settle(r); err != nil {
			return err
		}
		var err error
		if r.rebuild, err = bench.Measure(binary, "build", "-q", "-content", r.content, "-out", site); err != nil {
			return err
		}
		r.pages = countPages(site)
	}
	// Nothing is deleted before the end: on ext4, creating files just
	// after deleting many costs more, and more to whoever creates more.
	return nil
}

// settle readies the machine for a run on r's corpus: earlier runs' data
// written to disk, the corpus read into the page cache.
func settle(r *result) error {
	bench.Settle()
	_, err := bench.Warm(r.content)
	return err
}

// steal says how much of the machine its host took during run, "?" when
// unknown.
func steal(run bench.Run) string {
	if run.Steal < 0 {
		return "?"
	}
	return fmt.Sprintf("%.0f %%", 100*run.Steal)
}

func printTable(w *os.File, results []result) {
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "articles\tpages\tfloor\tdossier\t× floor\tpages/s\tpeak MB\tfloor MB\tCPU floor\tCPU dossier\t× floor\trebuild\tsteal\t")
	for _, r := range results {
		f, b := r.floor(), r.build()
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.2f\t%s\t%d\t%d\t%s\t%s\t%.2f\t%s\t%s\t\n",
			thousands(r.articles), thousands(r.pages), round(f.Wall), round(b.Wall),
			b.Wall.Seconds()/f.Wall.Seconds(),
			thousands(int(float64(r.pages)/b.Wall.Seconds())),
			b.PeakRSS>>20, f.PeakRSS>>20,
			round(f.CPU), round(b.CPU), b.CPU.Seconds()/f.CPU.Seconds(),
			round(r.rebuild.Wall), steal(f)+", "+steal(b))
	}
	tw.Flush()
	for i := 1; i < len(results); i++ {
		a, b := results[i-1], results[i]
		fmt.Fprintf(w, "growth %s → %s articles (%.0f×): dossier %.2f×, floor %.2f×\n",
			thousands(a.articles), thousands(b.articles), float64(b.articles)/float64(a.articles),
			b.build().Wall.Seconds()/a.build().Wall.Seconds(), b.floor().Wall.Seconds()/a.floor().Wall.Seconds())
	}
	fmt.Fprintln(w, "\nwall and CPU (user + system) times are those of the fastest run; peak MB is the largest")
	fmt.Fprintln(w, "resident set of any run;")
	fmt.Fprintln(w, "rebuild is dossier building again over its own output with nothing changed;")
	fmt.Fprintln(w, "steal is the share of the machine's processor time its host took for other work during the")
	fmt.Fprintln(w, "fastest floor and dossier runs (/proc/stat): past a few percent, times and ratios move with it.")
	fmt.Fprintln(w, "targets: peak ≤ 400 MB at 10,000 articles and ≤ 2 GB at 100,000; the targets of time are")
	fmt.Fprintln(w, "against Hugo's, in one run (scripts/compare-hugo.sh; docs/performance.md).")
}

// countPages counts the HTML files of a built site.
func countPages(dir string) int {
	n := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			n++
		}
		return nil
	})
	return n
}

func round(d time.Duration) string {
	if d < 10*time.Second {
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

// thousands formats n with commas: 10412 → "10,412".
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
