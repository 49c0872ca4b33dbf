// Package markdown renders the Markdown of articles, profiles and the
// dossier's introduction to HTML: the step of building the model that turns
// an article's body into the text readers see.
//
// It is goldmark with GitHub Flavored Markdown and footnotes, plus this
// project's extensions, each in its own file in goldmark's manner (an AST
// transformer and, where it needs markup of its own, a node renderer):
//
//	safe.go      raw HTML shown as text; javascript: and other unsafe URLs removed
//	headings.go  body headings kept below the page's <h1>
//
// A Renderer is built once and used from many goroutines.
package markdown

import (
	"bytes"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Renderer converts Markdown to HTML.
type Renderer struct {
	md goldmark.Markdown
}

// New returns a Renderer.
func New() *Renderer {
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			Safe,
			Headings,
		),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
	return &Renderer{md: md}
}

// Result is a rendered Markdown text.
type Result struct {
	HTML []byte
	// Lead is the plain text of the first paragraph, for lists and page
	// descriptions when no summary is given.
	Lead string
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// ReservedIDs are the ids the page templates give their own elements. A
// body heading whose automatic id would be one of them ("## Related") gets
// another ("related-1"), so that ids stay unique and the skip link and the
// page's sections keep their targets.
var ReservedIDs = []string{
	"main", "title", "related", "latest", "who", "articles", "executives", "mentioned",
	"kind-companies", "kind-markets", "kind-executives",
}

// Render converts source.
func (r *Renderer) Render(source []byte) (Result, error) {
	pc := parser.NewContext()
	for _, id := range ReservedIDs {
		pc.IDs().Put([]byte(id))
	}
	doc := r.md.Parser().Parse(text.NewReader(source), parser.WithContext(pc))
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf)
	buf.Reset()
	if err := r.md.Renderer().Render(buf, source, doc); err != nil {
		return Result{}, err
	}
	return Result{
		HTML: bytes.Clone(buf.Bytes()),
		Lead: lead(doc, source),
	}, nil
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
	var b strings.Builder
	plainText(&b, p, source)
	return strings.Join(strings.Fields(b.String()), " ")
}

// plainText writes the text a reader sees of n: the words of text, code and
// links, without markup, footnote references or raw HTML.
func plainText(b *strings.Builder, n ast.Node, source []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(source))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.RawHTML:
		default:
			if c.Kind().String() == "FootnoteLink" {
				continue
			}
			plainText(b, c, source)
		}
	}
}
