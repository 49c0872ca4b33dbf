package build

import (
	"os"
	"runtime/debug"

	"dossier/internal/content"
)

// markdownSize is the size of the articles' Markdown, by which a build
// judges how much memory it will hold.
func markdownSize(c *content.Content) int64 {
	var n int64
	for _, a := range c.Articles {
		n += int64(len(a.Body))
	}
	return n
}

// minMemoryLimit is the least memory limit a build sets.
const minMemoryLimit = 1792 << 20

// limitMemory sets the garbage collector's soft memory limit for a build
// of the content c, and returns a function that puts the previous settings
// back. A build's heap peaks at about twice what is live, and what is live
// until the last page is written is mostly the articles' HTML: about 1.8
// times their Markdown, unless the dossier is large enough to keep it out
// of memory. The limit is 2.5 times the Markdown, and never less than 1.75
// GB, so that it changes nothing for a dossier of fewer than about 50,000
// articles and keeps one of 100,000 under 2 GB, at the cost of collecting
// garbage more often. Settings the user made (GOMEMLIMIT, GOGC) are left
// alone.
func limitMemory(c *content.Content) (restore func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	size := markdownSize(c)
	limit := max(minMemoryLimit, size*5/2)
	old := debug.SetMemoryLimit(limit)
	if old < limit {
		debug.SetMemoryLimit(old) // someone set a lower one
		return func() {}
	}
	oldPercent := -2 // not changed
	if size > spillThreshold && os.Getenv("GOGC") == "" {
		// A dossier this large keeps its Markdown and HTML out of
		// memory (spill.go), so what is live is the model, a fifth of
		// the limit at 100,000 articles: the collector's default,
		// collecting when the heap is twice that, would run it three
		// times as often as the limit asks. The heap may grow to five
		// times what is live, the limit still capping it.
		oldPercent = debug.SetGCPercent(largeGCPercent)
	}
	return func() {
		debug.SetMemoryLimit(old)
		if oldPercent != -2 {
			debug.SetGCPercent(oldPercent)
		}
	}
}

// largeGCPercent is the collector's GOGC for a dossier past spillThreshold.
const largeGCPercent = 400
