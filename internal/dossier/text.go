package dossier

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"html/template"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"dossier/internal/content"
	"dossier/internal/diag"
	"dossier/internal/markdown"
)

// An article's text is rendered once, by whichever goroutine first asks for
// it: Build does it for every article, or, with Options.Lazy, the pages that
// show it do. Rendering an article's text reads nothing but the article and
// the entities it names, never another article's text, so two goroutines
// rendering two articles never wait on each other.

// renderer is what rendering an article's text needs; a model's articles
// share one.
type renderer struct {
	md   *markdown.Renderer
	link func(from, to string) string
	// all is every entity, when Options.FindUntagged asks for the names
	// of those an article is not tagged with.
	all    []*Entity
	drop   bool
	reload func(*content.Article) ([]byte, error)
}

// text is an article's rendered text.
type text struct {
	mu   sync.Mutex
	done atomic.Bool // rendered; read without the lock once set
	rendered
	released bool // html let go by Release
	// annotations are those anchored, in the order of their passages.
	annotations []*Annotation
	diags       diag.List // what rendering found
}

// rendered is what rendering an article's Markdown gives.
type rendered struct {
	html     template.HTML
	lead     string // the first paragraph, as text
	anchored []markdown.Anchored
	untagged []markdown.Found
	dating   []markdown.Footnote
	bodyHash uint64 // of the HTML, which the page's fingerprint covers
}

// Body is the article's text as HTML.
func (a *Article) Body() template.HTML {
	t := a.ensure()
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.released {
		a.renderAgainLocked()
	}
	return t.html
}

// Summary is the front matter's summary, else the text's first paragraph.
func (a *Article) Summary() string {
	if a.Standfirst != "" {
		return a.Standfirst
	}
	return a.ensure().lead
}

// Annotations are the article's annotations in the order of their
// passages in the text.
func (a *Article) Annotations() []*Annotation { return a.ensure().annotations }

// Render renders the article's text if it is not yet.
func (a *Article) Render() { a.ensure() }

// Release lets go of the article's body HTML, which a build does once the
// article's page is written: a large dossier's bodies need not all be in
// memory at once. Asked for again, the body is rendered again.
func (a *Article) Release() {
	t := a.text
	t.mu.Lock()
	if t.done.Load() {
		t.html, t.released = "", true
	}
	t.mu.Unlock()
}

// noText is the text of an article not made by Build, which has none.
var noText = func() *text {
	t := &text{}
	t.done.Store(true)
	return t
}()

func (a *Article) ensure() *text {
	t := a.text
	if t == nil {
		return noText
	}
	if !t.done.Load() {
		t.mu.Lock()
		if !t.done.Load() {
			mo, untagged := a.options()
			a.renderLocked(mo, untagged)
			t.done.Store(true)
		}
		t.mu.Unlock()
	}
	return t
}

// options is what the renderer is told of the article besides its
// Markdown, and the entities of its Untagged list, in order.
func (a *Article) options() (markdown.Options, []*Entity) {
	mo := markdown.Options{Line: a.source.BodyLine, Lead: a.Standfirst == ""}
	if len(a.notes) > 0 {
		mo.Annotations = make([]markdown.Annotation, len(a.notes))
		for i, an := range a.notes {
			mo.Annotations[i] = a.renderingOf(an)
		}
	}
	for _, e := range a.AllEntities() {
		mo.Mentions = append(mo.Mentions, markdown.Mention{Names: e.names, URL: a.r.link(a.Path(), e.Path())})
	}
	var untagged []*Entity
	if a.r.all != nil {
		mo.Untagged, untagged = untaggedMentions(a, a.r.all)
	}
	return mo, untagged
}

// renderMarkdown renders the article's Markdown, read again if it was let
// go.
func (a *Article) renderMarkdown(mo markdown.Options) (markdown.Result, error) {
	src := a.source.Body
	reloaded := src == nil && a.r.reload != nil
	if reloaded {
		var err error
		if src, err = a.r.reload(a.source); err != nil {
			return markdown.Result{}, fmt.Errorf("cannot read the text again: %w", err)
		}
	}
	res, err := a.r.md.Render(src, mo)
	if err != nil {
		return res, fmt.Errorf("cannot render Markdown: %w", err)
	}
	return res, nil
}

// renderLocked renders the article's text; the caller holds its lock.
func (a *Article) renderLocked(mo markdown.Options, untagged []*Entity) {
	t := a.text
	res, err := a.renderMarkdown(mo)
	if err != nil {
		t.diags.Errorf(diag.Pos{File: a.File, Line: mo.Line, Col: 1}, "%v", err)
		res = markdown.Result{Anchored: make([]markdown.Anchored, len(a.notes))}
		for i := range res.Anchored {
			res.Anchored[i].Err = err
		}
	}
	a.apply(rendered{
		html:     template.HTML(res.HTML),
		lead:     res.Lead,
		anchored: res.Anchored,
		untagged: res.Untagged,
		dating:   res.DatingFootnotes,
		bodyHash: maphash.String(seed, res.HTML),
	}, untagged, err == nil)
	if a.r.drop {
		a.source.Body = nil
	}
}

// apply takes what rendering gave as the article's text: its annotations'
// places, and the problems found. report is false when rendering failed,
// which is the one problem then.
func (a *Article) apply(r rendered, untagged []*Entity, report bool) {
	t := a.text
	t.rendered = r
	t.diags = nil
	for i, an := range a.notes {
		an.at = r.anchored[i]
		// An empty quote was reported when the file was loaded.
		if an.at.Err != nil && report && strings.TrimSpace(an.src.Quote) != "" {
			t.diags.Errorf(an.pos, "annotation %d: %v", an.src.Index, an.at.Err)
		}
	}
	t.annotations = anchored(a.notes)
	for _, f := range r.untagged {
		e := untagged[f.Index]
		t.diags.Warnf(diag.Pos{File: a.File, Line: f.Line, Col: f.Col}, "names %s %q, which the article is not tagged with", e.Kind.Singular(), e.Name)
	}
	for _, f := range r.dating {
		t.diags.Warnf(diag.Pos{File: a.File, Line: f.Line, Col: f.Col}, "footnote [^%s] looks like a note on the date: a footnote reads as the publisher's text; give the editors' reasons as date_note, with date_basis", f.Label)
	}
}

// anchored returns the annotations of notes that were anchored, in the
// order of their passages.
func anchored(notes []*Annotation) []*Annotation {
	var out []*Annotation
	for _, an := range notes {
		if an.at.Err == nil {
			out = append(out, an)
		}
	}
	slices.SortFunc(out, func(x, y *Annotation) int { return cmp.Compare(x.at.Order, y.at.Order) })
	return out
}

// renderAgainLocked renders the body again after Release; the caller
// holds the lock.
func (a *Article) renderAgainLocked() {
	t := a.text
	mo, _ := a.options()
	res, err := a.renderMarkdown(mo)
	if err != nil {
		t.diags.Errorf(diag.Pos{File: a.File, Line: a.source.BodyLine, Col: 1}, "%v", err)
		return
	}
	t.html, t.released = template.HTML(res.HTML), false
}

// RenderAll renders, in parallel, the text of every article not yet
// rendered, and returns what rendering found wrong: annotations whose
// passage is not in the text, untagged names (Options.FindUntagged), and
// claims described by a file that no annotation appears in.
func (d *Dossier) RenderAll() diag.List { return d.renderAll(false, nil) }

// renderAll is RenderAll. keyed notes what each article's text is rendered
// from (bodyOf), for a later build to reuse it; reuse holds the articles of
// the last build by file, whose text is taken where it is rendered from
// the same.
func (d *Dossier) renderAll(keyed bool, reuse map[string]*Article) diag.List {
	type job struct {
		a        *Article
		mo       markdown.Options
		untagged []*Entity
	}
	// The workers start first and take each job as it is made, so that
	// making the rest (the options, their hashes) overlaps with rendering
	// instead of holding every processor up.
	var wg sync.WaitGroup
	next := make(chan job, 64)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for j := range next {
				t := j.a.text
				t.mu.Lock()
				if !t.done.Load() {
					j.a.renderLocked(j.mo, j.untagged)
					t.done.Store(true)
				}
				t.mu.Unlock()
			}
		})
	}
	for _, a := range d.loaded {
		if a.text.done.Load() {
			continue
		}
		mo, untagged := a.options()
		if keyed {
			a.bodyOf = bodyKey{file: sourceHash(a.source.Body, a.source.BodyLine), options: optionsHash(mo)}
			if old := reuse[a.File]; old != nil && old.bodyOf == a.bodyOf && old.text.done.Load() {
				old.text.mu.Lock()
				r, ok := old.text.rendered, !old.text.released
				old.text.mu.Unlock()
				if ok {
					t := a.text
					t.mu.Lock()
					a.apply(r, untagged, true)
					t.done.Store(true)
					t.mu.Unlock()
					continue
				}
			}
		}
		next <- job{a, mo, untagged}
	}
	close(next)
	wg.Wait()

	var out diag.List
	for _, a := range d.loaded {
		a.text.mu.Lock()
		out.Add(a.text.diags)
		a.text.mu.Unlock()
	}
	d.claimProblems(&out)
	return out
}

// sourceHash identifies an article's Markdown and where in its file it
// starts.
func sourceHash(body []byte, line int) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	h.Write(body)
	h.Write(binary.LittleEndian.AppendUint64(nil, uint64(line)))
	return h.Sum64()
}
