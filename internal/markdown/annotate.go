package markdown

import (
	"fmt"
	"hash/fnv"
	"html"
	"slices"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Annotation is an editor's note to anchor to a passage of the text, as the
// model gives it to the renderer: the passage by its quote (and prefix or
// suffix to choose among repeats), the note, and the links its note shows.
type Annotation struct {
	Quote, Prefix, Suffix string
	Kind                  string // note, quote, claim or correction
	Note                  string // inline Markdown
	Speaker               *Link  // kind quote
	// SpeakerInferred is set when the editors, not the article, name the
	// speaker: the note says so.
	SpeakerInferred bool
	About           []Link
	Claim           *Link // kind claim: the page comparing its reports
	// Reports is what the note says of the other reports of its claim;
	// nil when it says nothing.
	Reports *Reports
	// Original is the URL of the article as its publisher shows it, or
	// "": the note then links to the passage there (OriginalURL).
	Original string
}

// Reports is a claim annotation's sentence on the other reports of its
// claim: "One of 3 reports, which disagree; the others say fifth (…) and
// first (…)." Lead is the words before the list, Others the list, Tail
// the words after it.
type Reports struct {
	Lead   string
	Others []Report
	Tail   string
}

// Report is another report of a claim: what it says, linked to its
// passage, and where it is from.
type Report struct {
	Value, URL, From string
}

// Link is a link a note shows, its URL already made for the page the text
// is on.
type Link struct {
	Text, URL string
}

// Anchored is what became of an annotation.
type Anchored struct {
	// Err says why the annotation could not be anchored; the other fields
	// are then empty.
	Err error
	// ID is the passage's id on the page ("a-1f3b9c2d"), derived from the
	// quote, prefix and suffix so that links to it survive reordering;
	// the note's id is "note-" and the same hex.
	ID string
	// Order is the passage's place among the article's anchored
	// passages, from 1, in the order they appear in the text.
	Order int
	// Number is the note's number on the page, counting only the notes
	// that have a card (HasCard), in text order; 0 for the others.
	Number int
	// Passage is the anchored text as readers see it.
	Passage string
	// Line is the source line where the passage starts.
	Line     int
	NoteHTML string
	// NoteText is the note's text as readers see it, when
	// Options.Text asks for it.
	NoteText string
	// Selector is where the passage is in the text as a client's DOM
	// holds it (selector.go), set when Options.Selectors asks for it.
	Selector Selector
	// OriginalURL links to the passage in the original article, with a
	// text fragment (fragment.go); "" without Annotation.Original.
	OriginalURL string
	// NoteCites and NoteProblems are the note's links (Result.Cites,
	// Result.Problems), at lines of the note's own.
	NoteCites    []Cite
	NoteProblems []Problem
}

// NoteID returns the id of the note of the passage with id.
func NoteID(passageID string) string { return "note-" + strings.TrimPrefix(passageID, "a-") }

// Annotations is the extension that anchors annotations to the text and
// renders them: the passage as <mark> pieces (one per text node it spans,
// the first carrying the id), then a numbered reference to its note and
// the note itself, <span class="note" role="note">, phrasing content
// inside the passage's paragraph (noteinline.go). A note beside its
// reference is what Tufte's sidenotes are: on wide screens the stylesheet
// floats it into the margin at the line that refers to it, where crowded
// notes move down the margin and never push the text; on narrow ones it
// shows, under that line, when its reference is followed (:target). A
// quote annotation with nothing to say beyond its speaker has no note:
// its speaker is named in a small link after the passage. Everything is
// HTML that needs no script: a reader without CSS gets each note after
// the words it is about.
var Annotations goldmark.Extender = annotations{}

type annotations struct{}

func (annotations) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(
		// After the safety and heading transformers, before mentions
		// (which must see where passages are) and before footnotes
		// (999) move footnote definitions to the end.
		util.Prioritized(annotator{}, 100),
	))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(annotationRenderer{}, 100)))
}

// Node kinds of the extension.
var (
	KindMark       = ast.NewNodeKind("AnnotationMark")
	KindNoteRef    = ast.NewNodeKind("AnnotationNoteRef")
	KindSpeakerRef = ast.NewNodeKind("AnnotationSpeakerRef")
)

// note is an annotation being rendered.
type note struct {
	*Annotation
	*Anchored
	inline string // the note as phrasing content
}

// HasCard reports whether an annotation has a note of its own to show
// beside the text: every annotation but a quote that only names its
// speaker (no note, nothing it is about), which the passage's mark and a
// small link to the speaker say in full.
func (a *Annotation) HasCard() bool {
	return a.Kind != "quote" || a.Note != "" || len(a.About) > 0 || a.Claim != nil || a.Speaker == nil
}

// markNode wraps one piece of an annotated passage.
type markNode struct {
	ast.BaseInline
	note  *note
	first bool
}

func (n *markNode) Kind() ast.NodeKind               { return KindMark }
func (n *markNode) Dump(source []byte, level int)    { ast.DumpHelper(n, source, level, nil, nil) }
func (n *noteRefNode) Kind() ast.NodeKind            { return KindNoteRef }
func (n *noteRefNode) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }
func (n *speakerRefNode) Kind() ast.NodeKind         { return KindSpeakerRef }
func (n *speakerRefNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, nil, nil)
}

// noteRefNode is the numbered link from a passage to its note, and the
// note.
type noteRefNode struct {
	ast.BaseInline
	note *note
}

// speakerRefNode names the speaker of a quote that has no note, after the
// passage.
type speakerRefNode struct {
	ast.BaseInline
	note *note
}

type annotator struct{}

func (annotator) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(stateKey).(*renderState)
	if st == nil || len(st.annotations) == 0 {
		return
	}
	sd := searchDocs.Get().(*searchDoc)
	defer sd.done()
	sd.reset(doc, reader.Source())
	type placed struct {
		n  *note
		at passage
	}
	ok := make([]placed, 0, len(st.annotations))
	for i := range st.annotations {
		a := &st.annotations[i]
		res := &st.anchored[i]
		found, err := anchorQuote(sd, a.Quote, a.Prefix, a.Suffix, st.lineOf)
		if err != nil {
			res.Err = err
			continue
		}
		at := newPassage(found.block.block, found.index, found.block.runs, found.first, found.last)
		res.Passage = at.text
		if a.Original != "" {
			res.OriginalURL = originalURL(a.Original, found.block.runs, found.first, found.last, found.repeats)
		}
		res.Line = st.lineOf(at.start)
		ok = append(ok, placed{&note{a, res, st.inline[i]}, at})
	}
	// Number notes in the order their passages appear.
	slices.SortStableFunc(ok, func(x, y placed) int {
		if d := x.at.index - y.at.index; d != 0 {
			return d
		}
		return x.at.first - y.at.first
	})
	ids := map[string]int{}
	perBlock := map[ast.Node]int{}
	order, number := 0, 0
	for _, p := range ok {
		// Highlighting a passage walks its block: a block of a few
		// thousand annotations would take minutes.
		blk := topBlock(p.at.block)
		if perBlock[blk]++; perBlock[blk] > MaxBlockAnnotations {
			p.n.Err = fmt.Errorf("its passage, at line %d, is in a %s with %d annotations before it, the most one block may have",
				st.lineOf(p.at.start), blockName(blk), MaxBlockAnnotations)
			continue
		}
		order++
		p.n.Order = order
		id := annotationID(p.n.Quote, p.n.Prefix, p.n.Suffix)
		ids[id]++
		if ids[id] > 1 {
			id += "-" + strconv.Itoa(ids[id])
		}
		p.n.ID = id

		marks := wrapRange(p.at.block, p.at.start, p.at.end, func() ast.Node { return &markNode{note: p.n} })
		if len(marks) == 0 {
			p.n.Err = fmt.Errorf("quote found but could not be highlighted")
			continue
		}
		marks[0].(*markNode).first = true
		// What follows the passage goes after the emphasis or link its
		// last piece may be in: a note holds links of its own, which
		// cannot be inside another.
		last := marks[len(marks)-1]
		for last.Parent().Type() != ast.TypeBlock {
			last = last.Parent()
		}
		var after ast.Node
		if p.n.HasCard() {
			number++
			p.n.Number = number
			after = &noteRefNode{note: p.n}
		} else {
			after = &speakerRefNode{note: p.n}
		}
		last.Parent().InsertAfter(last.Parent(), last, after)
	}
}

// MaxBlockAnnotations bounds the annotations whose passages are in one
// top-level block (a paragraph, a list, a table): its notes stand in the
// margin beside it, and no reader follows a hundred of them.
const MaxBlockAnnotations = 100

// blockName names a top-level block in messages.
func blockName(n ast.Node) string {
	switch n.Kind() {
	case ast.KindList:
		return "list"
	case ast.KindBlockquote:
		return "block quote"
	case extast.KindTable:
		return "table"
	case ast.KindHeading:
		return "heading"
	}
	return "paragraph"
}

// topBlock returns the top-level block a passage is in (the whole list,
// block quote or table), which MaxBlockAnnotations bounds, or in a
// footnote the passage's own block: goldmark moves footnotes to the end
// of the document.
func topBlock(b ast.Node) ast.Node {
	for n := b; n.Parent() != nil; n = n.Parent() {
		if n.Kind() == extast.KindFootnote {
			return b
		}
		if n.Parent().Kind() == ast.KindDocument {
			return n
		}
	}
	return b
}

// PassageID is the id of the passage an annotation with this quote,
// prefix and suffix is anchored to, for links to it from other pages: the
// first passage with the id, should several annotations select the same
// passage (they then get "-2" and so on), is that passage.
func PassageID(quote, prefix, suffix string) string { return annotationID(quote, prefix, suffix) }

// annotationID derives a passage's id from what selects it: "a-" and the
// eight hex digits of the FNV-1a hash of the three, normalized, each
// followed by a zero byte.
func annotationID(quote, prefix, suffix string) string {
	h := fnv.New32a()
	for _, s := range [...]string{quote, prefix, suffix} {
		h.Write([]byte(string(normalize(s))))
		h.Write([]byte{0})
	}
	return fmt.Sprintf("a-%08x", h.Sum32())
}

// wrapRange wraps the text of block between source offsets start and end:
// every text node inside the range, or the part of it that is, becomes the
// child of a node from wrap. It returns the wrappers in order. A range that
// crosses emphasis or a link gives one wrapper per piece, since HTML
// elements cannot overlap.
func wrapRange(block ast.Node, start, end int, wrap func() ast.Node) []ast.Node {
	var texts []*ast.Text
	ast.Walk(block, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*ast.Text); ok && entering {
			if t.Segment.Start < end && t.Segment.Stop > start {
				texts = append(texts, t)
			}
		}
		return ast.WalkContinue, nil
	})
	var out []ast.Node
	var lastCode ast.Node
	for _, t := range texts {
		// Goldmark renders code spans from their text alone, so a
		// passage in code wraps the whole code span.
		var inside ast.Node
		if code, ok := t.Parent().(*ast.CodeSpan); ok {
			if code == lastCode {
				continue
			}
			inside, lastCode = code, code
		} else {
			inside = splitText(t, max(start, t.Segment.Start), min(end, t.Segment.Stop))
		}
		// Goldmark often splits a run of text into several nodes; pieces
		// next to each other share one wrapper.
		if len(out) > 0 && inside.PreviousSibling() == out[len(out)-1] {
			out[len(out)-1].AppendChild(out[len(out)-1], inside)
			continue
		}
		w := wrap()
		parent := inside.Parent()
		parent.ReplaceChild(parent, inside, w)
		w.AppendChild(w, inside)
		out = append(out, w)
	}
	return out
}

// splitText splits t so that [from, to) of its segment is a text node of
// its own, which it returns. Line breaks stay with the last piece.
func splitText(t *ast.Text, from, to int) *ast.Text {
	parent := t.Parent()
	seg := t.Segment
	soft, hard := t.SoftLineBreak(), t.HardLineBreak()
	piece := func(a, b int) *ast.Text {
		n := ast.NewTextSegment(text.NewSegment(a, b))
		n.SetRaw(t.IsRaw())
		return n
	}
	inside := t
	if from > seg.Start {
		before := piece(seg.Start, from)
		parent.InsertBefore(parent, t, before)
	}
	if to < seg.Stop {
		after := piece(to, seg.Stop)
		after.SetSoftLineBreak(soft)
		after.SetHardLineBreak(hard)
		parent.InsertAfter(parent, t, after)
		t.SetSoftLineBreak(false)
		t.SetHardLineBreak(false)
	}
	inside.Segment = text.NewSegment(from, to)
	return inside
}

type annotationRenderer struct{}

func (annotationRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindMark, renderMark)
	reg.Register(KindNoteRef, renderNoteRef)
	reg.Register(KindSpeakerRef, renderSpeakerRef)
}

func renderMark(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*markNode)
	if !entering {
		w.WriteString("</mark>")
		return ast.WalkContinue, nil
	}
	w.WriteString(`<mark class="annotation kind-`)
	w.WriteString(n.note.Kind)
	if n.first {
		w.WriteString(`" id="`)
		w.WriteString(n.note.ID)
	}
	w.WriteString(`">`)
	return ast.WalkContinue, nil
}

// renderNoteRef writes the reference to a note and the note: its number
// and kind, signed as the editors', its text, what its claim's other
// reports say, its links, and a link back to the passage, which on narrow
// screens, where a note shows only when its reference is followed, is the
// way back to the text.
func renderNoteRef(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*noteRefNode)
	num := strconv.Itoa(n.note.Number)
	w.WriteString(`<a class="note-ref kind-`)
	w.WriteString(n.note.Kind)
	w.WriteString(`" href="#`)
	writeNoteID(w, n.note.ID)
	w.WriteString(`"><span class="visually-hidden">editors' note </span>`)
	w.WriteString(num)
	w.WriteString(`</a><span class="note kind-`)
	w.WriteString(n.note.Kind)
	w.WriteString(`" id="`)
	writeNoteID(w, n.note.ID)
	w.WriteString(`" role="note"><span class="note-head"><span class="note-num">`)
	w.WriteString(num)
	w.WriteString(`</span> <span class="note-kind">`)
	w.WriteString(KindLabel(n.note.Kind))
	// The space after the heading: the stylesheet may run the text in
	// after it.
	w.WriteString(`</span> <span class="note-by">· editors' note</span></span> `)
	w.WriteString(n.note.inline)
	writeReports(w, n.note.Reports)
	writeNoteMeta(w, n.note.Annotation, n.note.OriginalURL)
	w.WriteString(`<span class="note-back"><a href="#`)
	w.WriteString(n.note.ID)
	w.WriteString(`">Back to the text</a></span></span>`)
	return ast.WalkContinue, nil
}

// renderSpeakerRef names a quote's speaker after the passage, linked to
// their page; an attribution the article does not make is said to be the
// editors'.
func renderSpeakerRef(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*speakerRefNode)
	w.WriteString(`<a class="speaker-ref" href="`)
	w.WriteString(html.EscapeString(n.note.Speaker.URL))
	w.WriteString(`"><span class="visually-hidden">said by </span>`)
	w.WriteString(html.EscapeString(n.note.Speaker.Text))
	w.WriteString(`</a>`)
	if n.note.SpeakerInferred {
		w.WriteString(` <span class="speaker-basis">(attributed by the editors)</span>`)
	}
	return ast.WalkContinue, nil
}

// KindLabel is how a note's kind is named to readers.
func KindLabel(kind string) string {
	switch kind {
	case "quote":
		return "Quote"
	case "claim":
		return "Claim"
	case "correction":
		return "Correction"
	}
	return "Note"
}

// writeNoteID writes NoteID(passageID).
func writeNoteID(w util.BufWriter, passageID string) {
	w.WriteString("note-")
	w.WriteString(strings.TrimPrefix(passageID, "a-"))
}

// writeReports writes what a note says of its claim's other reports.
func writeReports(w util.BufWriter, r *Reports) {
	if r == nil {
		return
	}
	w.WriteString(`<span class="note-reports">`)
	w.WriteString(html.EscapeString(r.Lead))
	for i, o := range r.Others {
		switch {
		case i == 0:
			w.WriteString(" ")
		case i == len(r.Others)-1:
			w.WriteString(" and ")
		default:
			w.WriteString(", ")
		}
		writeLink(w, Link{Text: o.Value, URL: o.URL})
		if o.From != "" {
			w.WriteString(" (")
			w.WriteString(html.EscapeString(o.From))
			w.WriteString(")")
		}
	}
	w.WriteString(html.EscapeString(r.Tail))
	w.WriteString(".</span>")
}

// writeNoteMeta writes the links under a note: who said it, what it is
// about, where its claim is compared, the passage in the original article
// (original, if not ""), " · " between them.
func writeNoteMeta(w util.BufWriter, a *Annotation, original string) {
	if a.Speaker == nil && len(a.About) == 0 && a.Claim == nil && original == "" {
		return
	}
	w.WriteString(`<span class="note-meta">`)
	sep := ""
	if a.Speaker != nil {
		if a.SpeakerInferred {
			w.WriteString("Attributed by the editors to ")
		} else {
			w.WriteString("Said by ")
		}
		writeLink(w, *a.Speaker)
		sep = " · "
	}
	if len(a.About) > 0 {
		w.WriteString(sep)
		w.WriteString("About ")
		for i, l := range a.About {
			if i > 0 {
				w.WriteString(", ")
			}
			writeLink(w, l)
		}
		sep = " · "
	}
	if a.Claim != nil {
		w.WriteString(sep)
		writeLink(w, *a.Claim)
		sep = " · "
	}
	if original != "" {
		// Like the page's other links to the original article, it
		// opens where the reader is.
		w.WriteString(sep)
		writeLink(w, Link{Text: "In the original", URL: original})
	}
	w.WriteString("</span>")
}

func writeLink(w util.BufWriter, l Link) {
	w.WriteString(`<a href="`)
	w.WriteString(html.EscapeString(l.URL))
	w.WriteString(`">`)
	w.WriteString(html.EscapeString(l.Text))
	w.WriteString(`</a>`)
}
