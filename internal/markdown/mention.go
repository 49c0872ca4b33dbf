package markdown

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Mention is an entity whose names are linked where the text names it.
type Mention struct {
	// Names are the entity's name and aliases, matched as written (case
	// matters: the alias "US" must not link the pronoun "us") and only as
	// whole words.
	Names []string
	URL   string
}

// Found is a place where the text names an entity it is not tagged with.
type Found struct {
	Index     int // in Options.Untagged
	Name      string
	Line, Col int
}

// Mentions is the extension that links the first mention of each tagged
// entity in every paragraph to the entity's page, never inside a link, code
// or a heading, and finds mentions of known entities the article is not
// tagged with, for `dossier check` to report.
var Mentions goldmark.Extender = mentions{}

type mentions struct{}

func (mentions) Extend(m goldmark.Markdown) {
	// After annotations (100), which anchor on the text before any link
	// is added; before footnotes (999).
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(mentioner{}, 200)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(mentionRenderer{}, 100)))
}

// A mentionNode is a mention: the entity's name as the text writes it (its
// child), linked to its page. It renders as goldmark renders a link with
// the class "mention"; an article has a hundred of them, so the opening
// tag is made once for each entity (mentionTag), not for every link.
type mentionNode struct {
	ast.BaseInline
	open []byte // the <a> tag
}

var kindMention = ast.NewNodeKind("Mention")

func (n *mentionNode) Kind() ast.NodeKind { return kindMention }

func (n *mentionNode) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// mentionTag is the opening tag of a link to url with the class
// "mention", as goldmark's HTML renderer writes it for a link node.
func mentionTag(url string) []byte {
	b := []byte(`<a href="`)
	if dest := []byte(url); !html.IsDangerousURL(dest) {
		b = append(b, util.EscapeHTML(util.URLEscape(dest, true))...)
	}
	return append(b, `" class="mention">`...)
}

type mentionRenderer struct{}

func (mentionRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindMention, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.Write(n.(*mentionNode).open)
		} else {
			w.WriteString("</a>")
		}
		return ast.WalkContinue, nil
	})
}

// nameMatcher finds entity names in text. An article makes one for its
// handful of tags, so it is small: an index by first byte into the lists.
type nameMatcher struct {
	first [256]uint16   // 1 + the index in lists of names starting with a byte; 0 for none
	lists [][]nameEntry // candidates with one first byte, longest first
}

type nameEntry struct {
	name   string
	entity int
}

func newNameMatcher(ms []Mention) *nameMatcher {
	nm := &nameMatcher{}
	for i, m := range ms {
		for _, n := range m.Names {
			if n == "" {
				continue
			}
			if nm.first[n[0]] == 0 {
				nm.lists = append(nm.lists, nil)
				nm.first[n[0]] = uint16(len(nm.lists))
			}
			k := nm.first[n[0]] - 1
			nm.lists[k] = append(nm.lists[k], nameEntry{n, i})
		}
	}
	for _, list := range nm.lists {
		slices.SortStableFunc(list, func(a, b nameEntry) int { return len(b.name) - len(a.name) })
	}
	return nm
}

// next finds the first name in s at or after from that is a whole word and
// whose entity is not skipped (skip[entity] is false).
func (nm *nameMatcher) next(s []byte, from int, skip []bool) (start, end, entity int, ok bool) {
	for i := from; i < len(s); i++ {
		k := nm.first[s[i]]
		if k == 0 || !wordBoundaryBefore(s, i) {
			continue
		}
		for _, c := range nm.lists[k-1] {
			j := i + len(c.name)
			if j <= len(s) && string(s[i:j]) == c.name && wordBoundaryAfter(s, j) && !skip[c.entity] {
				return i, j, c.entity, true
			}
		}
	}
	return 0, 0, 0, false
}

func wordBoundaryBefore(s []byte, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRune(s[:i])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

func wordBoundaryAfter(s []byte, j int) bool {
	if j == len(s) {
		return true
	}
	r, _ := utf8.DecodeRune(s[j:])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

type mentioner struct{}

func (mentioner) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(stateKey).(*renderState)
	if st == nil || (len(st.mentions) == 0 && len(st.untagged) == 0) {
		return
	}
	source := reader.Source()
	tagged := newNameMatcher(st.mentions)
	others := newNameMatcher(st.untagged)
	// reported says which untagged entities were found already; linked,
	// which entities are linked in the block at hand: each is linked once
	// per paragraph.
	reported := make([]bool, len(st.untagged))
	linked := make([]bool, len(st.mentions))
	tags := make([][]byte, len(st.mentions)) // mentionTag, made at the first link
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Type() != ast.TypeBlock || !holdsInlines(n) {
			return ast.WalkContinue, nil
		}
		heading := n.Kind() == ast.KindHeading
		clear(linked)
		for _, t := range linkableTexts(n) {
			seg := source[t.Segment.Start:t.Segment.Stop]
			for i := 0; len(st.untagged) > 0; {
				s, e, ent, ok := others.next(seg, i, reported)
				if !ok {
					break
				}
				reported[ent] = true
				line, col := st.lineCol(t.Segment.Start + s)
				st.found = append(st.found, Found{Index: ent, Name: string(seg[s:e]), Line: line, Col: col})
				i = e
			}
			if heading || len(st.mentions) == 0 {
				continue
			}
			// Link left to right; each link splits t, and the rest of
			// the text is in the node after it.
			cur := t
			for {
				text := source[cur.Segment.Start:cur.Segment.Stop]
				s, e, ent, ok := tagged.next(text, 0, linked)
				if !ok {
					break
				}
				linked[ent] = true
				start, end := cur.Segment.Start+s, cur.Segment.Start+e
				inside := splitText(cur, start, end)
				if tags[ent] == nil {
					tags[ent] = mentionTag(st.mentions[ent].URL)
				}
				link := &mentionNode{open: tags[ent]}
				parent := inside.Parent()
				parent.ReplaceChild(parent, inside, link)
				link.AppendChild(link, inside)
				next, ok := link.NextSibling().(*ast.Text)
				if !ok || next.Segment.Start != end {
					break
				}
				cur = next
			}
		}
		return ast.WalkSkipChildren, nil
	})
}

// linkableTexts returns the text nodes of block that a mention link may
// wrap: not inside a link, an image, code or a footnote mark.
func linkableTexts(block ast.Node) []*ast.Text {
	var out []*ast.Text
	ast.Walk(block, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link, *mentionNode, *ast.AutoLink, *ast.Image, *ast.CodeSpan, *ast.RawHTML, *extast.FootnoteLink:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			out = append(out, n)
		}
		return ast.WalkContinue, nil
	})
	return out
}
