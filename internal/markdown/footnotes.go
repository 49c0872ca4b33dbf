package markdown

import (
	"bytes"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// DatingFootnotes is the extension that finds the footnotes of an article's
// text that look like the editors' explanation of its date. A footnote in
// the body reads as the publisher's; the editors' reasons for a date
// belong in the article's date_note, which pages show as the editors'.
// The footnotes are kept and rendered as they are: finding them is for
// `dossier check` to warn.
var DatingFootnotes goldmark.Extender = datingFootnotes{}

type datingFootnotes struct{}

func (datingFootnotes) Extend(m goldmark.Markdown) {
	// After goldmark's footnote transformer (999), which gathers the
	// footnotes that are referred to in a list at the end of the document.
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(datingFinder{}, 1000)))
}

// Footnote is a footnote of the text that looks like a note on a date.
type Footnote struct {
	Label     string // as written: "date" for [^date]
	Line, Col int    // of the footnote's definition
}

type datingFinder struct{}

func (datingFinder) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(stateKey).(*renderState)
	list, ok := doc.LastChild().(*extast.FootnoteList)
	if st == nil || !ok {
		return
	}
	source := reader.Source()
	for n := list.FirstChild(); n != nil; n = n.NextSibling() {
		fn, ok := n.(*extast.Footnote)
		if !ok {
			continue
		}
		var words strings.Builder
		start := -1
		_ = ast.Walk(fn, func(b ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering || b.Type() != ast.TypeBlock || !holdsInlines(b) {
				return ast.WalkContinue, nil
			}
			if start < 0 && b.Lines().Len() > 0 {
				start = b.Lines().At(0).Start
			}
			words.WriteString(shown(newBlockText(b, source).runs))
			words.WriteByte(' ')
			return ast.WalkSkipChildren, nil
		})
		if start < 0 || !looksLikeDating(string(fn.Ref), words.String()) {
			continue
		}
		// The definition's line, where its "[^" is.
		at := bytes.LastIndexByte(source[:start], '\n') + 1
		for at < start && (source[at] == ' ' || source[at] == '\t') {
			at++
		}
		line, col := st.lineCol(at)
		st.dating = append(st.dating, Footnote{Label: string(fn.Ref), Line: line, Col: col})
	}
}

// looksLikeDating reports whether a footnote, by its label or its text,
// explains when something was written: a label naming a date ([^date],
// [^dating]), or a text that speaks of a date ("date", "dated", "dating",
// "undated") and names a year. A footnote merely holding a year, or
// speaking of a date without one, is taken for the publisher's.
func looksLikeDating(label, text string) bool {
	if dating, _ := datingWords(label); dating {
		return true
	}
	dating, year := datingWords(text)
	return dating && year
}

// datingWords reports whether s has a word that speaks of a date, and a
// year from 1800 to 2199.
func datingWords(s string) (dating, year bool) {
	for w := range strings.FieldsFuncSeq(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		switch strings.ToLower(w) {
		case "date", "dated", "dating", "undated":
			dating = true
		}
		if len(w) == 4 && strings.Trim(w, "0123456789") == "" && (w[0] == '1' && w[1] >= '8' || w[0] == '2' && w[1] <= '1') {
			year = true
		}
	}
	return dating, year
}
