package markdown

import (
	"math/rand/v2"
	"strings"
	"unicode/utf8"
)

// The tests of anchoring's text draw documents made of the pieces of
// Markdown it must read through, and quotes from their text.

// drawAnnotations makes n annotations whose quotes are taken from src's
// words: most are found, some more than once, some not at all.
func drawAnnotations(rng *rand.Rand, src string, n int) []Annotation {
	words := strings.Fields(src)
	if len(words) == 0 {
		return nil
	}
	var out []Annotation
	for range n {
		i := rng.IntN(len(words))
		j := min(len(words), i+1+rng.IntN(8))
		clean := func(ws []string) string {
			return strings.Trim(strings.NewReplacer("*", "", "#", "", "[", "", "]", "", "`", "").Replace(strings.Join(ws, " ")), " ")
		}
		a := Annotation{Quote: clean(words[i:j]), Kind: []string{"note", "quote", "claim", "correction"}[rng.IntN(4)]}
		switch rng.IntN(8) {
		case 0:
			a.Prefix = clean(words[max(0, i-2):i]) + " "
		case 1:
			a.Suffix = " " + clean(words[j:min(len(words), j+2)])
		case 2:
			a.Quote = strings.NewReplacer("'", "’", `"`, "“", "-", "—").Replace(a.Quote)
		case 3:
			if k := rng.IntN(len(a.Quote) + 1); utf8.ValidString(a.Quote[:k]) {
				a.Quote = a.Quote[:k] + "x" + a.Quote[k:] // not found: the closest passage
			}
		case 4:
			a.Prefix = "nowhere "
		}
		if rng.IntN(3) == 0 {
			a.Note = "A *note* with [a link](https://example.com)."
		} else {
			a.Note = "Editorial note on " + words[rng.IntN(len(words))] + "."
		}
		out = append(out, a)
	}
	return out
}

// generateMarkdown returns a random document and its words without markup.
func generateMarkdown(rng *rand.Rand) (src, plain string) {
	words := []string{"alpha", "beta", "Gamma", "Acme", "Acme Mobile", "US", "us", "the", "a", "it's", "don't"}
	inline := func() (string, string) {
		w := words[rng.IntN(len(words))]
		switch rng.IntN(24) {
		case 0:
			return "*" + w + "*", w
		case 1:
			return "**" + w + "**", w
		case 2:
			return "[" + w + "](https://example.com/" + w + ")", w
		case 3:
			return "`" + w + "`", w
		case 4:
			return "&amp;", "&"
		case 5:
			return "&#8212;", "—"
		case 6:
			return "\\*", "*"
		case 7:
			return "“" + w + "”", `"` + w + `"`
		case 8:
			return "--", "-"
		case 9:
			return "–", "-"
		case 10:
			return "<b>" + w + "</b>", w
		case 11:
			return w + "[^1]", w
		case 12:
			return "~~" + w + "~~", w
		case 13:
			return w + "\n", w
		case 14:
			return w + "  \n", w
		case 15:
			return "&nbsp;", " "
		case 16:
			return "https://example.com/" + w, w
		case 17:
			return "![" + w + "](i.png)", ""
		case 18:
			return "\x1e", "\x1e"
		case 19:
			return "---", "-"
		}
		return w, w
	}
	var b, p strings.Builder
	for range 1 + rng.IntN(6) {
		switch rng.IntN(8) {
		case 0:
			b.WriteString(strings.Repeat("#", 1+rng.IntN(3)) + " ")
		case 1:
			b.WriteString("- ")
		case 2:
			b.WriteString("> ")
		case 3:
			b.WriteString("| a | b |\n|---|---|\n| ")
		}
		for range 1 + rng.IntN(12) {
			s, w := inline()
			b.WriteString(s)
			b.WriteString([]string{" ", " ", " ", "", "  ", "\t"}[rng.IntN(6)])
			p.WriteString(w + " ")
		}
		b.WriteString("\n\n")
		p.WriteString("\n")
	}
	if rng.IntN(3) == 0 {
		b.WriteString("[^1]: A footnote about alpha beta.\n")
	}
	return b.String(), p.String()
}
