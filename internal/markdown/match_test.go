package markdown

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark/text"
)

// TestAnchorQuote checks the passage anchorQuote finds for a quote, or why
// it finds none.
func TestAnchorQuote(t *testing.T) {
	many := strings.Repeat("Same words. ", 20)
	tests := []struct {
		name                  string
		src                   string
		quote, prefix, suffix string
		passage               string // or the error, when anchorQuote fails
	}{
		{"plain", "Xiaomi held a 13.1 percent share.", "13.1 percent share", "", "", "13.1 percent share"},
		{"emphasis and link", "It is the *country's* second [largest vendor](https://example.com) behind.",
			"the country's second largest vendor", "", "", "the country's second largest vendor"},
		{"code", "Run `dossier build` now.", "Run dossier build now", "", "", "Run dossier build now"},
		{"code keeps escapes", "A `\\*raw&amp;` span.", "\\*raw&amp;", "", "", "\\*raw&amp;"},
		{"entities and escapes", "AT&amp;T and \\*stars\\* &#8212; here.", "AT&T and *stars* — here", "", "", "AT&T and *stars* — here"},
		{"typographic quotes", "He said “it’s a tease”.", `"it's a tease"`, "", "", "“it’s a tease”"},
		{"straight for typographic", `He said "it's a tease".`, "“it’s a tease”", "", "", `"it's a tease"`},
		{"dashes", "the site -- which went – will", "site — which went - will", "", "", "site -- which went – will"},
		{"ending with a folded dash", "the site -- which", "the site -", "", "", "the site --"},
		{"three hyphens", "a---b", "a-b", "", "", "a---b"},
		{"soft line break", "A first line\nand a second.", "line and a", "", "", "line and a"},
		{"hard line break", "A first line  \nand a second.", "line and", "", "", "line and"},
		{"white space folded", "one   two\tthree", "one two three", "", "", "one two three"},
		{"footnote mark skipped", "a store[^d], but\n\n[^d]: A note.", "store, but", "", "", "store, but"},
		{"raw HTML skipped", "a <b>bold</b> word", "a bold word", "", "", "a bold word"},
		{"in a table cell", "| a | b |\n|---|---|\n| cell one | cell two |", "cell two", "", "", "cell two"},
		{"repeated, prefix chooses", "We want to hear.\n\nThen: we want to hear.", "want to hear", "Then: we ", "", "want to hear"},
		{"repeated, suffix chooses", "We want to hear.\n\nWe want to hear again.", "We want to hear", "", " again", "We want to hear"},
		{"prefix across blocks", "One.\n\nTwo three.\n\nTwo.", "Two", "One.", "", "Two"},
		{"repeated, the second at the end", "Two.\n\nTwo", "Two", "", "", "quote matches 2 passages, at lines 1 and 3; add a prefix or suffix to choose one"},
		{"repeated", "We want to hear.\n\nWe want to hear.", "want to hear", "", "",
			"quote matches 2 passages, at lines 1 and 3; add a prefix or suffix to choose one"},
		{"overlapping repeats", "aaaa", "aaa", "", "", "quote matches 2 passages, at lines 1 and 1; add a prefix or suffix to choose one"},
		{"no prefix matches", "We want.\n\nWe want.", "want", "They ", "", "quote found at lines 1 and 3, but none with the given prefix and suffix"},
		{"twenty", many + "Other words.", "Same words", "", "",
			"quote matches 20 passages, at lines " + strings.TrimSuffix(strings.Repeat("1, ", 10), ", ") + " and 10 more; add a prefix or suffix to choose one"},
		{"twenty, suffix chooses", many + "Other words.", "Same words", "", ". Other", "Same words"},
		{"not found", "Xiaomi held a 13.1 percent share of China's market.", "a 13.2 percent share of Chinas market", "", "",
			`quote not found; closest passage: "a 13.1 percent share of China's market"`},
		{"not across blocks", "The end.\n\nThe start.", "end. The", "", "", `quote not found; closest passage: "end. … The"`},
		{"the separator", "One.\n\nTwo.", "\x1e", "", "", "quote not found, nor anything like it"},
		{"empty", "One.", " \t", "", "", "quote is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := anchorText([]byte(tt.src), tt.quote, tt.prefix, tt.suffix); got != tt.passage {
				t.Errorf("anchorQuote(%q) = %q; want %q", tt.quote, got, tt.passage)
			}
		})
	}
}

var anchorRenderer = New()

// anchorText anchors a quote in src and returns the passage, or the error.
func anchorText(src []byte, quote, prefix, suffix string) string {
	doc := anchorRenderer.md.Parser().Parse(text.NewReader(src))
	var sd searchDoc
	sd.reset(doc, src)
	st := &renderState{source: src, line: 1}
	at, err := anchorQuote(&sd, quote, prefix, suffix, st.lineOf)
	if err != nil {
		return err.Error()
	}
	return newPassage(at.block.block, at.index, at.block.runs, at.first, at.last).text
}

// TestAnchorGenerated anchors quotes drawn from generated documents and a
// generated corpus: found once or more, with a prefix or suffix or not, in
// typographic quotes, or slightly wrong. Every passage anchored must read
// as its quote, and the marks around passages must be balanced.
func TestAnchorGenerated(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 2000
	if testing.Short() {
		n = 200
	}
	anchored := 0
	check := func(src []byte, anns []Annotation) {
		res, err := anchorRenderer.Render(src, Options{Annotations: anns})
		if err != nil {
			t.Fatalf("Render(%q): %v", src, err)
		}
		if strings.Count(res.HTML, "<mark") != strings.Count(res.HTML, "</mark>") {
			t.Fatalf("unbalanced marks in %q:\n%s", src, res.HTML)
		}
		for i, a := range res.Anchored {
			if a.Err != nil {
				continue
			}
			anchored++
			if string(normalize(a.Passage)) != string(normalize(anns[i].Quote)) {
				t.Fatalf("in %q, passage %q does not read as quote %q", src, a.Passage, anns[i].Quote)
			}
		}
	}
	for range n {
		src, plain := generateMarkdown(rng)
		check([]byte(src), drawAnnotations(rng, plain, 3))
	}
	for _, d := range corpusDocs(t, 100, 2, false) {
		check(d.src, drawAnnotations(rng, string(d.src), 6))
	}
	if anchored < n/2 {
		t.Errorf("only %d quotes anchored: the test draws too few that are found", anchored)
	}
}

// TestFoldedText requires the folded text anchoring searches to be, block
// by block, what foldedAt makes of the block's runs: a passage found in
// it is placed by counting those runs (searchDoc.place).
func TestFoldedText(t *testing.T) {
	for _, src := range []string{
		"Plain text.\n\nA second block.",
		"  lead and trail  \n\n&nbsp;&#32;spaces&nbsp;\n\ntab\there",
		"a--b - -c -- d ---e\n\n--\n\n- -- list -",
		"`code`, ``a`b``, ‘curly’ “quotes” and \\`escaped\\`",
		"Hard  \nbreak\\\nand soft\nbreak.",
		"![image](x.png) only\n\n![alone](y.png)\n\n<b>raw</b> html[^1]\n\n[^1]: Footnote -- text.",
		"| a -- b | `c` |\n|---|---|\n| d&amp;e | f  g |",
		"Zürich — 小米 – \xff invalid",
		"# Heading --\n\n> quoted\n> -- text",
	} {
		doc := anchorRenderer.md.Parser().Parse(text.NewReader([]byte(src)))
		var d searchDoc
		d.reset(doc, []byte(src))
		var want []rune
		for i, n := range d.nodes {
			if i > 0 {
				want = append(want, blockSep)
			}
			for _, f := range foldedAt(nil, newBlockText(n, []byte(src)).runs) {
				if f.kept {
					want = append(want, f.r)
				}
			}
		}
		if string(d.norm) != string(want) {
			t.Errorf("%q: folded text\n %q; from its runs\n %q", src, string(d.norm), string(want))
		}
	}
}
