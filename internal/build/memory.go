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
const minMemoryLimit = 320 << 20

// limitMemory sets the garbage collector's pace for a build of the content
// c, and returns a function that puts the previous settings back.
//
// What a build holds is the files it read, as long as their articles are
// not rendered, and the model, a few kilobytes of small objects an article;
// each article's text and page are garbage as soon as the page is written.
// By default the collector runs whenever the heap has doubled since the last
// collection, which with so little held is every few hundred articles, each
// time marking the whole model again. A build lets the heap grow to five
// times what it holds instead, within a soft limit of 2.5 times the
// Markdown and never less than 320 MB: a dossier of 10,000 articles stays
// under 400 MB, one of 100,000 under 2 GB. Settings of the user's
// (GOGC, GOMEMLIMIT) are left alone.
func limitMemory(c *content.Content) (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	limit := max(minMemoryLimit, markdownSize(c)*5/2)
	oldLimit := debug.SetMemoryLimit(limit)
	oldPercent := debug.SetGCPercent(400)
	return func() {
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}
}
