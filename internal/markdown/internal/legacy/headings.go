package legacy

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Headings is the extension that keeps a body's headings below the page's
// own: the article page's headline is its one <h1>, so a body that uses
// level-one headings has all its headings moved one level down. Screen
// reader users navigate by heading level, and two <h1>s tell them the page
// holds two documents.
var Headings goldmark.Extender = headings{}

type headings struct{}

func (headings) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(headings{}, 10)))
}

func (headings) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	var hs []*ast.Heading
	top := false
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		collectHeadings(n, &hs)
	}
	for _, h := range hs {
		top = top || h.Level == 1
	}
	if !top {
		return
	}
	for _, h := range hs {
		h.Level = min(h.Level+1, 6)
	}
}

func collectHeadings(n ast.Node, hs *[]*ast.Heading) {
	if h, ok := n.(*ast.Heading); ok {
		*hs = append(*hs, h)
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Type() == ast.TypeBlock {
			collectHeadings(c, hs)
		}
	}
}
