// Package markdown renders the Markdown of articles, profiles and the
// dossier's introduction to HTML: the step of building the model that turns
// an article's body into the text readers see, with its editorial layer.
//
// It is goldmark with GitHub Flavored Markdown and footnotes, plus this
// project's extensions, each in its own file in goldmark's manner (an AST
// transformer and, where it needs markup of its own, node kinds and a node
// renderer):
//
//	safe.go      raw HTML shown as text; javascript: and other unsafe URLs removed
//	headings.go  body headings kept below the page's <h1>
//	annotate.go  annotations anchored to passages, highlighted, with their notes
//	mention.go   names of tagged entities linked to their pages
//	footnotes.go footnotes that look like the editors' note on a date, found
//
// text.go and match.go hold anchoring's text and search: the text of each
// block as readers see it, folded for matching into one string of the
// document (docText), the search for a quote in it, and the passage found
// mapped back to the source (locator); and the same text as a run per
// character (blockText, searchDoc), made only to tell why a quote is not
// anchored and which passage is closest.
//
// A Renderer is built once and used from many goroutines.
package markdown

import (
	"bufio"
	"bytes"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Renderer converts Markdown to HTML.
type Renderer struct {
	md    goldmark.Markdown // article bodies, profiles, introductions
	notes goldmark.Markdown // annotation notes: no footnotes or heading ids
}

// New returns a Renderer.
func New() *Renderer {
	return &Renderer{
		md: goldmark.New(
			goldmark.WithExtensions(GFM, extension.Footnote, Safe, Headings, Annotations, Mentions, DatingFootnotes),
			goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		),
		notes: goldmark.New(goldmark.WithExtensions(extension.Strikethrough, extension.Linkify, Safe)),
	}
}

// Options are what an article body needs beyond its Markdown.
type Options struct {
	// Line is the file line the source starts on, for the lines in
	// results.
	Line        int
	Annotations []Annotation
	// Mentions are the entities whose names are linked; Untagged those
	// whose names are only looked for, to report.
	Mentions []Mention
	Untagged []Mention
}

// Result is a rendered Markdown text.
type Result struct {
	HTML string
	// Lead is the plain text of the first paragraph, for lists and page
	// descriptions when no summary is given.
	Lead string
	// Anchored tells, for each of Options.Annotations in order, where it
	// was anchored or why it was not.
	Anchored []Anchored
	// Untagged lists the first place each untagged entity is named.
	Untagged []Found
	// DatingFootnotes are the footnotes that look like a note on a date
	// (footnotes.go).
	DatingFootnotes []Footnote
}

// renderState carries one document's options to the transformers.
type renderState struct {
	annotations []Annotation
	anchored    []Anchored
	mentions    []Mention
	untagged    []Mention
	found       []Found
	dating      []Footnote
	source      []byte
	line        int
	// nodes makes mention links' nodes, for this text only.
	nodes *nodeSlab
}

var stateKey = parser.NewContextKey()

// lineOf returns the file line of a source offset.
func (s *renderState) lineOf(offset int) int {
	return s.line + bytes.Count(s.source[:offset], []byte("\n"))
}

func (s *renderState) lineCol(offset int) (int, int) {
	lineStart := bytes.LastIndexByte(s.source[:offset], '\n') + 1
	return s.lineOf(offset), utf8.RuneCount(s.source[lineStart:offset]) + 1
}

var (
	bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}
	// writers saves goldmark's renderer the bufio.Writer it would make
	// for each text.
	writers = sync.Pool{New: func() any { return bufio.NewWriter(nil) }}
)

// ReservedIDs are the ids the page templates give their own elements. A
// body heading whose automatic id would be one of them ("## Related") gets
// another ("related-1"), so that ids stay unique and the skip link and the
// page's sections keep their targets.
var ReservedIDs = []string{
	"main", "title", "related", "latest", "who", "articles", "executives", "mentioned",
	"kind-companies", "kind-markets", "kind-executives",
	"annotations", "quotes", "claims", "reports",
	"editors", "date-note", "article-note",
	// Entity pages, the timeline and claim pages: the facts panel, the
	// charts and their titles and descriptions (package site, charts.go).
	"facts", "coverage",
	"coverage-chart-title", "coverage-chart-desc", "mentioned-chart-title", "mentioned-chart-desc",
	"timeline-chart-title", "timeline-chart-desc", "claim-chart-title", "claim-chart-desc",
}

// Render converts source.
func (r *Renderer) Render(source []byte, opts Options) (Result, error) {
	st := &renderState{
		annotations: opts.Annotations,
		anchored:    make([]Anchored, len(opts.Annotations)),
		mentions:    opts.Mentions,
		untagged:    opts.Untagged,
		source:      source,
		line:        max(opts.Line, 1),
		nodes:       nodeSlabs.Get().(*nodeSlab),
	}
	// The result holds strings only: once it is made, nothing points
	// to the document's nodes.
	defer func() {
		st.nodes.reset()
		nodeSlabs.Put(st.nodes)
	}()
	for i, a := range opts.Annotations {
		html, err := r.Note(a.Note)
		if err != nil {
			return Result{}, err
		}
		st.anchored[i].NoteHTML = html
	}
	pc := parser.NewContext()
	for _, id := range ReservedIDs {
		// Put keeps the bytes as a string and never writes to them:
		// they need not be copied for every text.
		pc.IDs().Put(util.StringToReadOnlyBytes(id))
	}
	pc.Set(stateKey, st)
	doc := r.md.Parser().Parse(text.NewReader(source), parser.WithContext(pc))
	html, err := r.renderTo(r.md, source, doc)
	if err != nil {
		return Result{}, err
	}
	return Result{HTML: html, Lead: lead(doc, source), Anchored: st.anchored, Untagged: st.found, DatingFootnotes: st.dating}, nil
}

// Note renders an editors' note — an annotation's, or an article's note on
// its date — as annotation notes are rendered: Markdown without footnotes
// or heading ids, which belong to the article's text.
func (r *Renderer) Note(src string) (string, error) {
	if html, ok := plainNote(src); ok {
		return html, nil
	}
	return r.renderTo(r.notes, []byte(src), nil)
}

// renderTo renders doc, or source parsed when doc is nil. The HTML is
// returned as a string, the form pages hold it in, so that it is copied out
// of the reused buffer once.
func (r *Renderer) renderTo(md goldmark.Markdown, source []byte, doc ast.Node) (string, error) {
	if doc == nil {
		doc = md.Parser().Parse(text.NewReader(source))
	}
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf)
	buf.Reset()
	w := writers.Get().(*bufio.Writer)
	defer writers.Put(w)
	w.Reset(buf)
	if err := md.Renderer().Render(w, source, doc); err != nil {
		return "", err
	}
	if err := w.Flush(); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// lead returns the text of the document's first paragraph.
func lead(doc ast.Node, source []byte) string {
	var p ast.Node
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Kind() == ast.KindParagraph {
			p = n
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if p == nil {
		return ""
	}
	// The text is made in storage anchoring reuses: it would otherwise
	// be grown from nothing for every article.
	sc := scratchPool.Get().(*scratch)
	defer sc.put()
	return sc.text.shownText(p, source)
}
