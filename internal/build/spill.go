package build

import (
	"html/template"
	"sync"

	"dossier/internal/content"
	"dossier/internal/dossier"
	"dossier/internal/output"
)

// spillThreshold is the Markdown, in bytes, above which a build keeps the
// articles' HTML in a scratch file rather than in memory until their pages
// are written. The HTML is about 1.8 times the Markdown and most of what a
// build holds; past about 40,000 articles, holding it brings the heap near
// the memory limit (memory.go), where the garbage collector runs without
// pause and the build slows down several times over.
var spillThreshold int64 = 256 << 20

// A spill keeps articles' HTML in a scratch file from when it is rendered
// until its page is.
type spill struct {
	file *output.Scratch
	mu   sync.Mutex
	at   map[*dossier.Article]output.Ref
}

// newSpill returns a spill for a build of c into out, or nil when c is
// small enough to hold in memory.
func newSpill(c *content.Content, out string) (*spill, error) {
	if markdownSize(c) <= spillThreshold {
		return nil, nil
	}
	f, err := output.NewScratch(out)
	if err != nil {
		return nil, err
	}
	return &spill{file: f, at: map[*dossier.Article]output.Ref{}}, nil
}

// take is dossier.Options.TakeBody: it writes an article's HTML to the
// scratch file, or leaves it to the model if it cannot.
func (s *spill) take(a *dossier.Article, html string) bool {
	ref, err := s.file.Put(html)
	if err != nil {
		return false
	}
	s.mu.Lock()
	s.at[a] = ref
	s.mu.Unlock()
	return true
}

// restore puts an article's HTML back in its Body, for its page, read into
// buf: the Body is valid until buf is used again, and must be let go
// before.
func (s *spill) restore(a *dossier.Article, buf *[]byte) error {
	s.mu.Lock()
	ref, ok := s.at[a]
	s.mu.Unlock()
	if !ok {
		return nil
	}
	html, err := s.file.Get(ref, buf)
	if err != nil {
		return err
	}
	a.Body = template.HTML(html)
	return nil
}
