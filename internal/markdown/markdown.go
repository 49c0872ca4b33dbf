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
//	noteinline.go a note's blocks as phrasing content, to stand inside its paragraph
//	mention.go   names of tagged entities linked to their pages
//	footnotes.go footnotes that look like the editors' note on a date, found
//	links.go     [[links by name]] and links to site paths, resolved
//
// text.go and match.go hold anchoring's text and search: the text of each
// block as readers see it, a run per character with the bytes of the
// source it comes from (blockText), folded for matching into the text of
// the whole document (searchDoc), the search for a quote in it, and, for a
// quote not found just once, why not and which passage is closest.
//
// A Renderer is built once and used from many goroutines.
package markdown

import (
	"bufio"
	"bytes"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Renderer converts Markdown to HTML.
type Renderer struct {
	md    goldmark.Markdown // article bodies, profiles, introductions
	notes goldmark.Markdown // annotation notes: no footnotes or heading ids
	// inlineNotes renders notes as notes does, but as phrasing content,
	// for the notes that stand in the text beside their passage; notes
	// are parsed by notes' parser only (noteWith).
	inlineNotes goldmark.Markdown
}

// New returns a Renderer.
func New() *Renderer {
	return &Renderer{
		md: goldmark.New(
			goldmark.WithExtensions(extension.GFM, extension.Footnote, Safe, WikiLinks, Headings, Annotations, Mentions, DatingFootnotes),
			goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		),
		notes:       goldmark.New(goldmark.WithExtensions(extension.Strikethrough, extension.Linkify, Safe, WikiLinks)),
		inlineNotes: goldmark.New(goldmark.WithExtensions(extension.Strikethrough, extension.Linkify, Safe, WikiLinks, inlineBlocks)),
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
	// Lead asks for the lead: a text with a summary of its own needs none.
	Lead bool
	// Text asks for the text as readers see it too (Result.Text,
	// Anchored.NoteText), for the search index.
	Text bool
	// Selectors asks for each anchored passage's Selector (selector.go).
	Selectors bool
	// Links resolves [[links]] and links to site paths (links.go); nil
	// leaves them as written.
	Links Links
}

// Result is a rendered Markdown text.
type Result struct {
	HTML string
	// Lead is the plain text of the first paragraph, for lists and page
	// descriptions when no summary is given; "" unless Options.Lead.
	Lead string
	// Anchored tells, for each of Options.Annotations in order, where it
	// was anchored or why it was not.
	Anchored []Anchored
	// Untagged lists the first place each untagged entity is named.
	Untagged []Found
	// DatingFootnotes are the footnotes that look like a note on a date
	// (footnotes.go).
	DatingFootnotes []Footnote
	// Text is the text as readers see it, a line per block, when
	// Options.Text asks for it.
	Text string
	// Cites are the pages the text links to by name or site path, in
	// the order of the text; Problems what is wrong with its links.
	Cites    []Cite
	Problems []Problem
	// IDs are the ids of the text's headings, for links to them.
	IDs []string
}

// renderState carries one document's options to the transformers.
type renderState struct {
	annotations []Annotation
	anchored    []Anchored
	// inline holds each annotation's note as it stands in the text
	// (noteinline.go), for those that have a card.
	inline   []string
	mentions []Mention
	untagged []Mention
	found    []Found
	dating   []Footnote
	source   []byte
	line     int
	links    Links
	wiki     map[*ast.Link]wikiLink
	cites    []Cite
	problems []Problem
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

// ReservedIDs are the ids the page templates give their own elements. A
// body heading whose automatic id would be one of them ("## Related") gets
// another ("related-1"), so that ids stay unique and the skip link and the
// page's sections keep their targets.
var ReservedIDs = []string{
	"main", "title", "related", "cited", "latest", "who", "articles", "executives", "mentioned",
	"kind-companies", "kind-markets", "kind-executives",
	"annotations", "quotes", "claims", "reports",
	"editors", "date-note", "article-note",
	// The search box of every page's header, and the search page's.
	"site-search-q", "search", "search-q", "search-help", "search-filters", "search-facets", "search-from", "search-to",
	"search-histogram", "search-histogram-title", "search-status", "search-results", "search-more",
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
		inline:      make([]string, len(opts.Annotations)),
		mentions:    opts.Mentions,
		untagged:    opts.Untagged,
		source:      source,
		line:        max(opts.Line, 1),
		links:       opts.Links,
	}
	for i, a := range opts.Annotations {
		note, inline, err := r.noteWith(a.Note, opts.Links, opts.Text, a.HasCard())
		if err != nil {
			return Result{}, err
		}
		st.anchored[i].NoteHTML, st.anchored[i].NoteText = note.HTML, note.Text
		st.anchored[i].NoteCites, st.anchored[i].NoteProblems = note.Cites, note.Problems
		st.inline[i] = inline
	}
	pc := parser.NewContext()
	for _, id := range ReservedIDs {
		pc.IDs().Put([]byte(id))
	}
	pc.Set(stateKey, st)
	doc := r.md.Parser().Parse(text.NewReader(source), parser.WithContext(pc))
	html, err := renderTo(r.md, source, doc)
	if err != nil {
		return Result{}, err
	}
	res := Result{HTML: html, Anchored: st.anchored, Untagged: st.found, DatingFootnotes: st.dating, Cites: st.cites, Problems: st.problems}
	if opts.Selectors {
		selectors(html, res.Anchored, markOwners(doc, res.Anchored))
	}
	if opts.Lead {
		res.Lead = lead(doc, source)
	}
	if opts.Text {
		res.Text = docText(doc, source)
	}
	res.IDs = headingIDs(doc)
	return res, nil
}

// Cites returns the pages a text links to by name or site path, resolved
// by links, as Render would find them; it parses the text and renders
// nothing.
func (r *Renderer) Cites(source []byte, links Links) []Cite {
	st := &renderState{source: source, line: 1, links: links}
	pc := parser.NewContext()
	pc.Set(stateKey, st)
	r.md.Parser().Parse(text.NewReader(source), parser.WithContext(pc))
	return st.cites
}

// headingIDs returns the ids of doc's headings.
func headingIDs(doc ast.Node) []string {
	var ids []string
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if n.Kind() != ast.KindHeading {
			continue
		}
		if id, ok := n.AttributeString("id"); ok {
			if b, ok := id.([]byte); ok {
				ids = append(ids, string(b))
			}
		}
	}
	return ids
}

// Note renders an editors' note — an annotation's, or an article's note on
// its date — as annotation notes are rendered: Markdown without footnotes
// or heading ids, which belong to the article's text.
func (r *Renderer) Note(src string) (string, error) {
	return renderTo(r.notes, []byte(src), nil)
}

// NoteLinks renders a note as Note does, with its [[links]] and links to
// site paths resolved by links. The lines of the result's Cites and
// Problems are the note's own, from 1.
func (r *Renderer) NoteLinks(src string, links Links) (Result, error) {
	res, _, err := r.noteWith(src, links, false, false)
	return res, err
}

// noteWith renders a note, its links resolved by links (nil leaves them
// as written), with withText its text as readers see it (Result.Text),
// and with inline, from the same parse, the note as phrasing content
// (inlineNotes: each paragraph a <span class="note-p">), "" otherwise.
func (r *Renderer) noteWith(src string, links Links, withText, inline bool) (Result, string, error) {
	source := []byte(src)
	pc := parser.NewContext()
	st := &renderState{source: source, line: 1, links: links}
	if links != nil {
		pc.Set(stateKey, st)
	}
	// The parser is notes' and inlineNotes' alike: they differ only in
	// how blocks are rendered.
	doc := r.notes.Parser().Parse(text.NewReader(source), parser.WithContext(pc))
	html, err := renderTo(r.notes, source, doc)
	res := Result{HTML: html, Cites: st.cites, Problems: st.problems}
	if withText {
		res.Text = docText(doc, source)
	}
	var phrasing string
	if err == nil && inline {
		phrasing, err = renderTo(r.inlineNotes, source, doc)
	}
	return res, phrasing, err
}

// renderTo renders doc, or source parsed when doc is nil.
func renderTo(md goldmark.Markdown, source []byte, doc ast.Node) (string, error) {
	if doc == nil {
		doc = md.Parser().Parse(text.NewReader(source))
	}
	// HTML is about as long as its Markdown and some: room for it at
	// once, rather than grown by copies.
	var buf strings.Builder
	buf.Grow(len(source) + len(source)/2)
	// goldmark writes through a bufio.Writer, and makes one (4 KB) for
	// each call unless given one: a build renders tens of thousands of
	// texts and notes, so the writers are reused.
	w := bufWriters.Get().(*bufio.Writer)
	w.Reset(&buf)
	err := md.Renderer().Render(w, source, doc)
	w.Reset(nil)
	bufWriters.Put(w)
	if err != nil {
		return "", err
	}
	return buf.String(), nil
}

var bufWriters = sync.Pool{New: func() any { return bufio.NewWriter(nil) }}

// lead returns the text of the document's first paragraph, as readers see
// it.
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
	return shown(newBlockText(p, source).runs)
}
