package markdown

import (
	"encoding/binary"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
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

// KindMention is the kind of a mention's link.
var KindMention = ast.NewNodeKind("Mention")

// mentionNode is the link on a mention of an entity. It is a node of its
// own rather than an ast.Link with a class attribute: an article has dozens
// of mentions, and a goldmark attribute list costs an allocation of ten
// attributes each, and a check of the URL for a javascript: scheme that
// the URLs the model makes never have.
type mentionNode struct {
	ast.BaseInline
	href string // the URL, escaped for the attribute
}

func (n *mentionNode) Kind() ast.NodeKind            { return KindMention }
func (n *mentionNode) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

type mentionRenderer struct{}

func (mentionRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindMention, renderMention)
}

// renderMention writes what goldmark writes for a link with the class
// "mention".
func renderMention(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		w.WriteString(`<a href="`)
		w.WriteString(n.(*mentionNode).href)
		w.WriteString(`" class="mention">`)
	} else {
		w.WriteString("</a>")
	}
	return ast.WalkContinue, nil
}

// nameMatcher finds entity names in text. An article makes one for its
// handful of tags, so it is small: an index by first byte into the lists.
type nameMatcher struct {
	first [256]uint16   // 1 + the index in lists of names starting with a byte; 0 for none
	lists [][]nameEntry // candidates with one first byte, longest first
	// When every name starts with an ASCII byte in lo..hi (often the
	// capital letters), next skips eight bytes at a time that hold none
	// of them.
	lo, hi byte
	skim   bool
}

type nameEntry struct {
	name   string
	entity int
}

func newNameMatcher(ms []Mention) *nameMatcher {
	nm := matchers.Get().(*nameMatcher)
	for i, m := range ms {
		for _, n := range m.Names {
			if n == "" {
				continue
			}
			if nm.first[n[0]] == 0 {
				if len(nm.lists) < cap(nm.lists) {
					nm.lists = nm.lists[:len(nm.lists)+1] // a list kept by put, emptied
				} else {
					nm.lists = append(nm.lists, nil)
				}
				nm.first[n[0]] = uint16(len(nm.lists))
			}
			k := nm.first[n[0]] - 1
			nm.lists[k] = append(nm.lists[k], nameEntry{n, i})
		}
	}
	for _, list := range nm.lists {
		slices.SortStableFunc(list, func(a, b nameEntry) int { return len(b.name) - len(a.name) })
	}
	nm.lo, nm.hi = 0xff, 0
	for c, k := range nm.first {
		if k != 0 {
			nm.lo, nm.hi = min(nm.lo, byte(c)), max(nm.hi, byte(c))
		}
	}
	nm.skim = nm.lo >= 1 && nm.hi < utf8.RuneSelf-1
	return nm
}

// matchers keeps name matchers, their index and lists, for the next
// article.
var matchers = sync.Pool{New: func() any { return new(nameMatcher) }}

// put empties nm and keeps it for newNameMatcher.
func (nm *nameMatcher) put() {
	clear(nm.first[:])
	for i := range nm.lists {
		clear(nm.lists[i])
		nm.lists[i] = nm.lists[i][:0]
	}
	nm.lists = nm.lists[:0]
	matchers.Put(nm)
}

// mayStart reports whether one of the eight bytes of x, when the matcher
// skims, may start a name: it lies in lo..hi, or is not ASCII. It is
// hasbetween of Bit Twiddling Hacks (graphics.stanford.edu/~seander),
// exact byte by byte, for bytes strictly between lo-1 and hi+1 below 128.
func (nm *nameMatcher) mayStart(x uint64) bool {
	const ones, high = 0x0101010101010101, 0x8080808080808080
	m, n := uint64(nm.lo)-1, uint64(nm.hi)+1
	low7 := x & (ones * 127)
	between := (ones*(127+n) - low7) & ^x & (low7 + ones*(127-m)) & high
	return between|x&high != 0
}

// next finds the first name in s at or after from that is a whole word and
// whose entity is not skipped (skip[entity] is false).
func (nm *nameMatcher) next(s []byte, from int, skip []bool) (start, end, entity int, ok bool) {
	for i := from; i < len(s); {
		if nm.skim && i+8 <= len(s) && !nm.mayStart(binary.LittleEndian.Uint64(s[i:])) {
			i += 8
			continue
		}
		// Eight bytes, or what is left, one by one.
		for stop := min(i+8, len(s)); i < stop; i++ {
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
	}
	return 0, 0, 0, false
}

func wordBoundaryBefore(s []byte, i int) bool {
	if i == 0 {
		return true
	}
	if c := s[i-1]; c < utf8.RuneSelf {
		return !asciiAlnum[c]
	}
	r, _ := utf8.DecodeLastRune(s[:i])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

func wordBoundaryAfter(s []byte, j int) bool {
	if j == len(s) {
		return true
	}
	if c := s[j]; c < utf8.RuneSelf {
		return !asciiAlnum[c]
	}
	r, _ := utf8.DecodeRune(s[j:])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// asciiAlnum is what unicode.IsLetter or unicode.IsDigit says of ASCII
// bytes.
var asciiAlnum = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

type mentioner struct{}

func (mentioner) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(stateKey).(*renderState)
	if st == nil || (len(st.mentions) == 0 && len(st.untagged) == 0) {
		return
	}
	m := mentionings.Get().(*mentioning)
	defer m.put()
	m.st, m.source = st, reader.Source()
	m.tagged = newNameMatcher(st.mentions)
	if len(st.untagged) > 0 {
		m.others = newNameMatcher(st.untagged)
	}
	m.reported = slices.Grow(m.reported[:0], len(st.untagged))[:len(st.untagged)]
	m.linked = slices.Grow(m.linked[:0], len(st.mentions))[:len(st.mentions)]
	m.hrefs = slices.Grow(m.hrefs[:0], len(st.mentions))[:len(st.mentions)]
	m.walk(doc)
}

// mentionings keeps the storage of mention linking for the next text.
var mentionings = sync.Pool{New: func() any { return new(mentioning) }}

// put lets go of what m holds of its text and keeps it for the next.
func (m *mentioning) put() {
	m.tagged.put()
	if m.others != nil {
		m.others.put()
	}
	clear(m.reported)
	clear(m.linked)
	clear(m.hrefs)
	clear(m.texts[:cap(m.texts)])
	*m = mentioning{reported: m.reported[:0], linked: m.linked[:0], hrefs: m.hrefs[:0], texts: m.texts[:0]}
	mentionings.Put(m)
}

// mentioning is the linking of one document's mentions.
type mentioning struct {
	st             *renderState
	source         []byte
	tagged, others *nameMatcher
	// reported says which untagged entities were found already.
	reported []bool
	// linked says which entities are linked in the block at hand: each
	// is linked once per paragraph.
	linked []bool
	// hrefs are the entities' URLs as goldmark escapes a link's, made
	// once for the article rather than at each link.
	hrefs []string
	texts []*ast.Text
}

// walk links the mentions in the blocks below n that hold inlines, in
// document order.
func (m *mentioning) walk(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Type() == ast.TypeBlock && holdsInlines(c) {
			m.block(c)
		} else {
			m.walk(c)
		}
	}
}

func (m *mentioning) block(n ast.Node) {
	st, source := m.st, m.source
	heading := n.Kind() == ast.KindHeading
	clear(m.linked)
	m.texts = linkableTexts(n, m.texts[:0])
	for _, t := range m.texts {
		seg := source[t.Segment.Start:t.Segment.Stop]
		if len(st.untagged) > 0 {
			for i := 0; ; {
				s, e, ent, ok := m.others.next(seg, i, m.reported)
				if !ok {
					break
				}
				m.reported[ent] = true
				line, col := st.lineCol(t.Segment.Start + s)
				st.found = append(st.found, Found{Index: ent, Name: string(seg[s:e]), Line: line, Col: col})
				i = e
			}
		}
		if heading || len(st.mentions) == 0 {
			continue
		}
		// Link left to right; each link splits t, and the rest of the
		// text is in the node after it.
		cur := t
		for {
			text := source[cur.Segment.Start:cur.Segment.Stop]
			s, e, ent, ok := m.tagged.next(text, 0, m.linked)
			if !ok {
				break
			}
			m.linked[ent] = true
			start, end := cur.Segment.Start+s, cur.Segment.Start+e
			inside := splitText(cur, start, end, st.nodes)
			if m.hrefs[ent] == "" {
				m.hrefs[ent] = mentionHref(st.mentions[ent].URL)
			}
			link := st.nodes.newMention(m.hrefs[ent])
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
}

// mentionHref returns url as goldmark escapes a link's destination for
// its href attribute. A URL of bytes that URL escaping keeps as they are,
// and no '&' (which could start a character reference, and which HTML
// escaping would change), is its own href; the model's URLs are.
func mentionHref(url string) string {
	for i := 0; i < len(url); i++ {
		if !hrefByte[url[i]] {
			return string(util.EscapeHTML(util.URLEscape([]byte(url), true)))
		}
	}
	return url
}

// hrefByte tells the bytes util.URLEscape keeps as they are (its
// urlEscapeTable), but '&'.
var hrefByte = func() (t [256]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte("!#$'()*+,-./:;=?@_~", byte(c)) >= 0
	}
	return t
}()

// nodeSlab makes the nodes of an article's mention links — the link, and
// the text before and after it split off — from arrays of a few dozen,
// rather than allocating each of the three. Render takes one from
// nodeSlabs for each text and, once the text is rendered, resets it and
// puts it back: the nodes are used again for the next text instead of
// being garbage (a quarter of what rendering allocated).
type nodeSlab struct {
	texts slab[ast.Text]
	links slab[mentionNode]
}

var nodeSlabs = sync.Pool{New: func() any { return new(nodeSlab) }}

// reset makes every node of s free to give out again. The document they
// were in must be done with.
func (s *nodeSlab) reset() {
	s.texts.reset()
	s.links.reset()
}

// newText returns what ast.NewTextSegment(seg) returns, taken from s
// unless s is nil.
func (s *nodeSlab) newText(seg text.Segment) *ast.Text {
	if s == nil {
		return ast.NewTextSegment(seg)
	}
	t := s.texts.next()
	t.Segment = seg
	return t
}

func (s *nodeSlab) newMention(href string) *mentionNode {
	n := s.links.next()
	n.href = href
	return n
}

// slab gives out zeroed Ts from arrays of slabSize that it keeps: a
// node's array never moves, since the document points to the node.
type slab[T any] struct {
	arrays [][]T
	a, i   int // the next T is arrays[a][i]
}

const (
	slabSize = 32
	// slabKept is how many arrays a slab keeps when reset; an outsized
	// text's are let go.
	slabKept = 16
)

func (s *slab[T]) next() *T {
	if s.a == len(s.arrays) {
		s.arrays = append(s.arrays, make([]T, slabSize))
	}
	t := &s.arrays[s.a][s.i]
	if s.i++; s.i == slabSize {
		s.a, s.i = s.a+1, 0
	}
	return t
}

// reset zeroes the Ts given out, so that they keep nothing of their
// document from being collected, and gives them out again.
func (s *slab[T]) reset() {
	for a := range min(s.a+1, len(s.arrays)) {
		clear(s.arrays[a])
	}
	if len(s.arrays) > slabKept {
		clear(s.arrays[slabKept:])
		s.arrays = s.arrays[:slabKept]
	}
	s.a, s.i = 0, 0
}

// linkableTexts appends to out the text nodes below n that a mention
// link may wrap: not inside a link, an image, code or a footnote mark.
func linkableTexts(n ast.Node, out []*ast.Text) []*ast.Text {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Link, *ast.AutoLink, *ast.Image, *ast.CodeSpan, *ast.RawHTML, *extast.FootnoteLink:
			continue
		case *ast.Text:
			out = append(out, c)
		}
		out = linkableTexts(c, out)
	}
	return out
}
