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
// of the content c, and returns a function that puts the previous limit
// back. A build's heap peaks at about twice what is live, and what is live
// until the last page is written is mostly the articles' HTML: about 1.8
// times their Markdown. The limit is 2.5 times the Markdown, and never less
// than 1.75 GB, so that it changes nothing for a dossier of fewer than
// about 50,000 articles and keeps one of 100,000 under 2 GB, at the cost of
// collecting garbage more often. A limit set by the user (GOMEMLIMIT) is
// left alone.
func limitMemory(c *content.Content) (restore func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	limit := max(minMemoryLimit, markdownSize(c)*5/2)
	old := debug.SetMemoryLimit(limit)
	if old < limit {
		debug.SetMemoryLimit(old) // someone set a lower one
		return func() {}
	}
	return func() { debug.SetMemoryLimit(old) }
}
