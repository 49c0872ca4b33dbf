package markdown

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Safe is the extension that keeps an article's Markdown from putting markup
// or script of its own on the page: raw HTML is shown as the text it is, and
// links and images whose URL could run script or read local files lose the
// URL, keeping their text.
//
// Goldmark alone omits raw HTML silently; articles copied from the web
// sometimes contain a literal "<sarcasm>" or a stray tag, and a reader is
// better served seeing it than losing it.
var Safe goldmark.Extender = safe{}

type safe struct{}

func (safe) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(
		// Early, so that later transformers never see an unsafe link.
		util.Prioritized(safeLinks{}, 0),
	))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		// Before goldmark's own HTML renderer (priority 1000), which
		// would otherwise render these node kinds.
		util.Prioritized(escapedHTML{}, 100),
	))
}

// AllowedURL reports whether a link or image URL may appear on a page:
// relative URLs, fragments, and the http, https, mailto and tel schemes.
// Browsers ignore ASCII tab, newline and leading control characters in a
// scheme, so those are removed before looking at it; and character
// references are decoded first, as the renderer will decode them
// ("jav&#x61;script:" is "javascript:").
func AllowedURL(raw string) bool {
	// The URL as browsers decode its references, and as goldmark does
	// when it writes the link (the two differ on malformed ones): both
	// must be allowed.
	return allowedScheme(html.UnescapeString(raw)) &&
		allowedScheme(string(util.ResolveEntityNames(util.ResolveNumericReferences([]byte(raw)))))
}

// allowedScheme reports whether the decoded URL u is relative or has an
// allowed scheme.
func allowedScheme(u string) bool {
	s := strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.TrimSpace(u))
	colon := strings.IndexByte(s, ':')
	if colon < 0 {
		return true
	}
	// A URL's scheme is what comes before the first colon, if it is a
	// scheme's characters (RFC 3986: a letter, then letters, digits, +, -
	// and .); otherwise, as for browsers, there is none and the URL is a
	// relative path ("foo):", "50%-off:sale"). The rest of the URL is
	// never parsed: the renderer escapes it as browsers would.
	if !isScheme(s[:colon]) {
		return true
	}
	switch strings.ToLower(s[:colon]) {
	case "http", "https", "mailto", "tel":
		return true
	}
	return false
}

func isScheme(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range []byte(s) {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

type safeLinks struct{}

func (safeLinks) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	var unsafe []ast.Node
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if !AllowedURL(string(n.Destination)) {
				unsafe = append(unsafe, n)
			}
		case *ast.Image:
			if !AllowedURL(string(n.Destination)) {
				unsafe = append(unsafe, n)
			}
		case *ast.AutoLink:
			if !AllowedURL(string(n.URL(reader.Source()))) {
				unsafe = append(unsafe, n)
			}
		}
		return ast.WalkContinue, nil
	})
	st, _ := pc.Get(stateKey).(*renderState)
	for _, n := range unsafe {
		if st != nil {
			// Dropped, never silently: the editor hears of it.
			offset := linkOffset(n, reader.Source())
			line, col := st.lineCol(offset)
			st.problems = append(st.problems, Problem{Line: line, Col: col, Warning: true,
				Msg: fmt.Sprintf("link to %q dropped, its text kept: only http, https, mailto and tel links, and links within the site, are kept", urlOf(n, reader.Source()))})
		}
		unwrap(n, reader.Source())
	}
}

func urlOf(n ast.Node, source []byte) string {
	switch n := n.(type) {
	case *ast.Link:
		return string(n.Destination)
	case *ast.Image:
		return string(n.Destination)
	case *ast.AutoLink:
		return string(n.URL(source))
	}
	return ""
}

// unwrap replaces a link or image by its text: the reader keeps the words,
// the page loses the URL.
func unwrap(n ast.Node, source []byte) {
	parent := n.Parent()
	if al, ok := n.(*ast.AutoLink); ok {
		t := ast.NewString(al.Label(source))
		parent.ReplaceChild(parent, n, t)
		return
	}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

// escapedHTML renders raw HTML, inline or as a block, as escaped text.
type escapedHTML struct{}

func (escapedHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, renderRawHTML)
	reg.Register(ast.KindHTMLBlock, renderHTMLBlock)
}

func renderRawHTML(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.RawHTML)
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		_, _ = w.Write(util.EscapeHTML(seg.Value(source)))
	}
	return ast.WalkSkipChildren, nil
}

func renderHTMLBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.HTMLBlock)
	if !entering {
		return ast.WalkContinue, nil
	}
	var b bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		line := n.Lines().At(i)
		b.Write(line.Value(source))
	}
	if n.HasClosure() {
		b.Write(n.ClosureLine.Value(source))
	}
	_, _ = w.WriteString("<p>")
	_, _ = w.Write(util.EscapeHTML(bytes.TrimRight(b.Bytes(), "\n")))
	_, _ = w.WriteString("</p>\n")
	return ast.WalkSkipChildren, nil
}
