package markdown

import (
	"html"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Links by name: [[Xiaomi]], [[Hugo Barra|Barra]], [[article-slug]] or
// [[An article's exact title]], and Markdown links to a site path
// ([x](/companies/xiaomi/)), both made links to the page they name, by the
// URL that works from the page being rendered (at /, under a sub-path, from
// disk). What names what is the caller's: Options.Links.

// Links resolves the links by name and by site path of a text.
type Links interface {
	// Resolve returns the site path of the page a reference names
	// ("articles/x/", no leading slash, "" for the home page), or an
	// error saying why there is none, with the closest names.
	Resolve(ref Ref) (path string, err error)
	// URL returns the URL of a site path from the page being rendered.
	URL(path string) string
}

// Ref is a link by name or by site path, as written.
type Ref struct {
	// Target is the name, slug or title of a [[link]] (Wiki), or the
	// site path of a Markdown link ("/companies/xiaomi/"), without the
	// fragment.
	Target   string
	Wiki     bool
	Fragment string // without the #
	// Relative is set for a link relative to the page its text belongs
	// to ("../x/", "#section": Target "").
	Relative bool
}

// Cite is a page a text links to.
type Cite struct {
	Path      string // the site path Links.Resolve gave
	Fragment  string
	Line, Col int
}

// Problem is something wrong with a text's links: an unknown name or path
// (an error), or a link that could not be kept (a warning).
type Problem struct {
	Line, Col int
	Warning   bool
	Msg       string
}

// WikiLinks is the extension that parses [[links]] and resolves them and
// links to site paths through Options.Links. Without Options.Links it does
// nothing: "[[x]]" stays text.
var WikiLinks goldmark.Extender = wikiLinks{}

type wikiLinks struct{}

func (wikiLinks) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		// Before goldmark's link parser (200), which would read
		// "[[x]]" as brackets around a shortcut reference.
		parser.WithInlineParsers(util.Prioritized(wikiParser{}, 199)),
		// Before safe links (0): a name may hold a colon, which is no
		// scheme; and after it nothing sees the name, only the URL.
		parser.WithASTTransformers(util.Prioritized(siteLinks{}, -10)),
	)
}

// wikiLink is what the parser noted of a [[link]]: the link it made and its
// target as written.
type wikiLink struct {
	target string
	offset int // of the first "["
}

type wikiParser struct{}

func (wikiParser) Trigger() []byte { return []byte{'['} }

func (wikiParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	st, _ := pc.Get(stateKey).(*renderState)
	if st == nil || st.links == nil {
		return nil
	}
	line, seg := block.PeekLine()
	if len(line) < 5 || line[1] != '[' {
		return nil
	}
	end := strings.Index(string(line[2:]), "]]")
	if end <= 0 {
		return nil
	}
	inner := string(line[2 : 2+end])
	if strings.ContainsAny(inner, "[]\n") {
		return nil
	}
	target, label, labelStart := inner, inner, 2
	if bar := strings.IndexByte(inner, '|'); bar >= 0 {
		target, label, labelStart = inner[:bar], inner[bar+1:], 2+bar+1
	} else if hash := strings.IndexByte(inner, '#'); hash > 0 {
		// [[page#section]] reads as the page's name.
		label = inner[:hash]
	}
	if strings.TrimSpace(target) == "" || strings.TrimSpace(label) == "" {
		return nil
	}
	link := ast.NewLink()
	start := seg.Start + labelStart
	link.AppendChild(link, ast.NewTextSegment(text.NewSegment(start, start+len(label))))
	if st.wiki == nil {
		st.wiki = map[*ast.Link]wikiLink{}
	}
	st.wiki[link] = wikiLink{target: strings.TrimSpace(target), offset: seg.Start}
	block.Advance(2 + end + 2)
	return link
}

// siteLinks resolves [[links]] and links to site paths.
type siteLinks struct{}

func (siteLinks) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(stateKey).(*renderState)
	if st == nil || st.links == nil {
		return
	}
	source := reader.Source()
	var unknown []ast.Node
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var (
			dest   *[]byte
			ref    Ref
			offset int
		)
		switch n := n.(type) {
		case *ast.Link:
			if w, ok := st.wiki[n]; ok {
				ref = Ref{Target: w.target, Wiki: true}
				ref.Target, ref.Fragment, _ = strings.Cut(ref.Target, "#")
				ref.Target = strings.TrimSpace(ref.Target)
				offset = w.offset
			} else if r, ok := linkRef(string(n.Destination)); ok {
				ref, offset = r, linkOffset(n, source)
			} else {
				return ast.WalkContinue, nil
			}
			dest = &n.Destination
		case *ast.Image:
			r, ok := linkRef(string(n.Destination))
			if !ok {
				return ast.WalkContinue, nil
			}
			ref, offset = r, linkOffset(n, source)
			dest = &n.Destination
		default:
			return ast.WalkContinue, nil
		}
		line, col := st.lineCol(offset)
		path, err := st.links.Resolve(ref)
		if err != nil {
			st.problems = append(st.problems, Problem{Line: line, Col: col, Msg: err.Error()})
			if ref.Wiki {
				unknown = append(unknown, n)
			}
			return ast.WalkSkipChildren, nil
		}
		// A link to a fragment of the page itself stays as written.
		if !ref.Relative || ref.Target != "" {
			url := st.links.URL(path)
			if ref.Fragment != "" {
				url += "#" + ref.Fragment
			}
			*dest = []byte(url)
		}
		st.cites = append(st.cites, Cite{Path: path, Fragment: ref.Fragment, Line: line, Col: col})
		return ast.WalkContinue, nil
	})
	// An unknown name is an error, and the page is not built; the text
	// is kept for the messages' sake all the same.
	for _, n := range unknown {
		unwrap(n, source)
	}
}

// linkRef returns the reference a link's URL makes when it is a path on
// the site ("/x/", not "//host/x") or relative to the page ("../x/",
// "#section"); ok is false for a URL with a scheme or a host, and for an
// empty one.
func linkRef(raw string) (ref Ref, ok bool) {
	// As the renderer will read it: backslash escapes and character
	// references decoded.
	dest := html.UnescapeString(string(util.UnescapePunctuations([]byte(raw))))
	if dest == "" || strings.HasPrefix(dest, "//") {
		return Ref{}, false
	}
	if colon := strings.IndexByte(dest, ':'); colon >= 0 && isScheme(dest[:colon]) {
		return Ref{}, false
	}
	ref.Target, ref.Fragment, _ = strings.Cut(dest, "#")
	ref.Relative = dest[0] != '/'
	return ref, true
}

// linkOffset returns the source offset of a link or image: its first
// text's, less the "[" (or "![") before it; 0 when it has no text.
func linkOffset(n ast.Node, source []byte) int {
	var at int = -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			at = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if at < 0 {
		// A link with no text (an autolink): just after the text
		// before it, else the block's first line.
		if t, ok := n.PreviousSibling().(*ast.Text); ok {
			return t.Segment.Stop
		}
		for p := n.Parent(); p != nil; p = p.Parent() {
			if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
				return p.Lines().At(0).Start
			}
		}
		return 0
	}
	for at > 0 && source[at-1] != '[' {
		at--
	}
	if at > 0 {
		at--
	}
	if _, img := n.(*ast.Image); img && at > 0 && source[at-1] == '!' {
		at--
	}
	return at
}
