package build

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"

	"dossier/internal/content"
)

// holdMarkdown is how much of the articles' Markdown a build keeps from
// loading until each article is rendered; past it, an article's Markdown
// is read again from its file when it is rendered. The Markdown is most of
// what a large dossier's build would otherwise hold (650 MB for 100,000
// articles); reading it twice costs a few microseconds a file. A variable,
// for tests.
var holdMarkdown int64 = 64 << 20

// The soft memory limits a build sets: at least minMemoryLimit, and no
// more than maxMemoryLimit unless the model alone needs more.
const (
	minMemoryLimit = 320 << 20
	maxMemoryLimit = 1750 << 20
)

// pacer sets how often the garbage collector runs during a build, and
// puts the previous settings back when the build is done. Settings of the
// user's (GOGC, GOMEMLIMIT) are left alone.
//
// By default the collector runs whenever the heap has doubled since the
// last collection. While the content is loaded and the model made, the
// heap grows from nothing to the whole model, and that meant eighteen
// collections at 100,000 articles, the last ones marking 300 to 450 MB
// each: a third of what loading took. While pages are rendered, the build
// holds the model, and the Markdown until each article is rendered; each
// article's text and page are garbage as soon as the page is written, so
// by default the collector would run every few hundred articles, each
// time marking the whole model again: the larger the dossier, the more
// collections, each longer.
//
// So the build lets the heap grow to five times what it holds instead,
// within a soft limit of four times the model besides the Markdown, never
// less than 320 MB nor, unless the model needs it, more than 1.75 GB:
// 10,000 articles build in under 400 MB, 100,000 in under 2 GB with a
// collection every gigabyte or so.
type pacer struct {
	set        bool
	oldLimit   int64
	oldPercent int
	measured   chan struct{}
}

// modelPerFile is what the model is guessed to hold of each content file
// before it is made and can be measured: it is 4.7 KB an article at
// 100,000 articles of the bench's corpus. The limit leaves room for four
// times the guess; a model that outgrows it makes the collector run
// nearly without pause until loading is done (the runtime gives it at
// most half the processors), as at 100,000 such articles under the
// 320 MB floor, when loading took up to half as long again as by
// default. A guess too large costs nothing: the heap still grows to at
// most five times what is held.
const modelPerFile = 4 << 10

// loading paces the collector while the content is loaded and the model
// made, from the number of content files.
func (p *pacer) loading(files int) {
	if p.set || os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	p.set = true
	p.oldLimit = debug.SetMemoryLimit(memoryLimit(holdMarkdown, int64(files)*modelPerFile))
	p.oldPercent = debug.SetGCPercent(400)
}

// rendering paces the collector while pages are rendered, from the model
// as made and the Markdown held (held bytes).
func (p *pacer) rendering(held int64) {
	if !p.set {
		return
	}
	debug.SetMemoryLimit(limitHolding(held))
	// The heap the last collection found live can be far behind: at
	// 100,000 articles it was 333 MB of a 466 MB model, and a limit set
	// from it meant eight collections while pages are rendered instead of
	// five. A collection measures it exactly, on a processor that listing
	// the pages leaves idle; until it is done, the stale count serves.
	p.measured = make(chan struct{})
	go func() {
		defer close(p.measured)
		runtime.GC()
		debug.SetMemoryLimit(limitHolding(held))
	}()
}

// restore puts back the settings the build found.
func (p *pacer) restore() {
	if !p.set {
		return
	}
	if p.measured != nil {
		<-p.measured
	}
	debug.SetGCPercent(p.oldPercent)
	debug.SetMemoryLimit(p.oldLimit)
}

// limitHolding is the memory limit of a build that holds held bytes of
// Markdown, from the heap the last collection found live.
func limitHolding(held int64) int64 {
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	if live[0].Value.Kind() != metrics.KindUint64 {
		return minMemoryLimit
	}
	return memoryLimit(held, max(int64(live[0].Value.Uint64())-held, 0))
}

// memoryLimit is the soft memory limit of a build that holds held bytes of
// Markdown and a model of model bytes.
func memoryLimit(held, model int64) int64 {
	return max(minMemoryLimit, min(held+4*model, max(maxMemoryLimit, held+2*model)))
}

// heldMarkdown is the articles' Markdown the content holds.
func heldMarkdown(c *content.Content) int64 {
	var n int64
	for _, a := range c.Articles {
		n += int64(len(a.Body))
	}
	return n
}
