package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// inlineBlocks is the extension that renders a note's blocks as phrasing
// content, so that the note can stand inside the paragraph it annotates,
// right after its reference: a paragraph (or a heading, a quote, a code
// block, raw HTML shown as text) becomes <span class="note-p">, a list
// <span class="note-list"> with <span class="note-li"> items, and the
// stylesheet sets them as blocks. That is what lets a note float into the
// margin beside the line that refers to it, as Tufte's sidenotes do,
// without the text waiting for it; HTML allows no <p> or <div> inside a
// paragraph. Inline content renders as it does anywhere.
var inlineBlocks goldmark.Extender = inlineBlocksExt{}

type inlineBlocksExt struct{}

func (inlineBlocksExt) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		// Before Safe's renderer of raw HTML blocks (100) and goldmark's
		// own (1000), which render these kinds as blocks.
		util.Prioritized(inlineBlockRenderer{}, 50),
	))
}

type inlineBlockRenderer struct{}

func (inlineBlockRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	for _, k := range []ast.NodeKind{ast.KindParagraph, ast.KindHeading, ast.KindBlockquote} {
		reg.Register(k, renderSpan("note-p"))
	}
	reg.Register(ast.KindList, renderSpan("note-list"))
	reg.Register(ast.KindListItem, renderSpan("note-li"))
	reg.Register(ast.KindTextBlock, func(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
		return ast.WalkContinue, nil
	})
	reg.Register(ast.KindThematicBreak, func(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
		return ast.WalkSkipChildren, nil
	})
	for _, k := range []ast.NodeKind{ast.KindCodeBlock, ast.KindFencedCodeBlock, ast.KindHTMLBlock} {
		reg.Register(k, renderLinesSpan)
	}
}

// renderSpan renders a block as a span of the class.
func renderSpan(class string) renderer.NodeRendererFunc {
	open := `<span class="` + class + `">`
	return func(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.WriteString(open)
		} else {
			w.WriteString("</span>")
		}
		return ast.WalkContinue, nil
	}
}

// renderLinesSpan renders a code block, or a raw HTML block, as its text:
// code in <code>, HTML shown as text as Safe shows it.
func renderLinesSpan(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	var b bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		line := n.Lines().At(i)
		b.Write(line.Value(source))
	}
	if h, ok := n.(*ast.HTMLBlock); ok && h.HasClosure() {
		b.Write(h.ClosureLine.Value(source))
	}
	text := util.EscapeHTML(bytes.TrimRight(b.Bytes(), "\n"))
	if n.Kind() == ast.KindHTMLBlock {
		w.WriteString(`<span class="note-p">`)
		w.Write(text)
		w.WriteString(`</span>`)
	} else {
		w.WriteString(`<span class="note-p"><code>`)
		w.Write(text)
		w.WriteString(`</code></span>`)
	}
	return ast.WalkSkipChildren, nil
}
