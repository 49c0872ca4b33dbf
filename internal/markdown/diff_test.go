package markdown

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"dossier/internal/markdown/internal/legacy"
)

// The differential tests render the same inputs with this package and with
// internal/legacy, the package as it was before anchoring, mention linking,
// the lead and the renderers were made faster, and require the same
// results to the byte: HTML, lead, every field of every anchored
// annotation (errors and their closest passages included) and the
// untagged mentions found.

var legacyRenderer = legacy.New()

func toLegacy(o Options) legacy.Options {
	lo := legacy.Options{Line: o.Line}
	link := func(l *Link) *legacy.Link {
		if l == nil {
			return nil
		}
		return &legacy.Link{Text: l.Text, URL: l.URL}
	}
	for _, a := range o.Annotations {
		la := legacy.Annotation{Quote: a.Quote, Prefix: a.Prefix, Suffix: a.Suffix, Kind: a.Kind, Note: a.Note,
			Speaker: link(a.Speaker), Claim: link(a.Claim)}
		for _, l := range a.About {
			la.About = append(la.About, legacy.Link{Text: l.Text, URL: l.URL})
		}
		lo.Annotations = append(lo.Annotations, la)
	}
	for _, m := range o.Mentions {
		lo.Mentions = append(lo.Mentions, legacy.Mention{Names: m.Names, URL: m.URL})
	}
	for _, m := range o.Untagged {
		lo.Untagged = append(lo.Untagged, legacy.Mention{Names: m.Names, URL: m.URL})
	}
	return lo
}

// diffLegacy renders src with both renderers and returns how the results
// differ, or "" when they are the same.
func diffLegacy(r *Renderer, src []byte, opts Options) string {
	got, gerr := r.Render(src, opts)
	want, werr := legacyRenderer.Render(src, toLegacy(opts))
	var d []string
	if fmt.Sprint(gerr) != fmt.Sprint(werr) {
		return fmt.Sprintf("err = %v; legacy %v", gerr, werr)
	}
	if got.HTML != want.HTML {
		d = append(d, fmt.Sprintf("HTML:\n%s\nlegacy:\n%s", got.HTML, want.HTML))
	}
	if got.Lead != want.Lead {
		d = append(d, fmt.Sprintf("Lead = %q; legacy %q", got.Lead, want.Lead))
	}
	if len(got.Anchored) != len(want.Anchored) {
		d = append(d, fmt.Sprintf("%d anchored; legacy %d", len(got.Anchored), len(want.Anchored)))
	} else {
		for i, g := range got.Anchored {
			w := want.Anchored[i]
			if fmt.Sprint(g.Err) != fmt.Sprint(w.Err) || g.ID != w.ID || g.Number != w.Number ||
				g.Passage != w.Passage || g.Line != w.Line || g.NoteHTML != w.NoteHTML {
				d = append(d, fmt.Sprintf("annotation %d (quote %q prefix %q suffix %q):\n got    %+v\n legacy %+v",
					i, opts.Annotations[i].Quote, opts.Annotations[i].Prefix, opts.Annotations[i].Suffix, g, w))
			}
		}
	}
	if fmt.Sprintf("%+v", got.Untagged) != fmt.Sprintf("%+v", want.Untagged) {
		d = append(d, fmt.Sprintf("Untagged = %+v; legacy %+v", got.Untagged, want.Untagged))
	}
	return strings.Join(d, "\n")
}

// TestLegacyCorpus compares the two on a generated corpus, with the
// options the model gives its articles and more annotations drawn from
// their text: passages repeated or not, with and without a prefix or
// suffix, in straight or typographic quotes, slightly wrong.
func TestLegacyCorpus(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 50
	}
	docs := corpusDocs(t, n, 2, true)
	rng := rand.New(rand.NewPCG(7, 7))
	r := New()
	for _, doc := range docs {
		opts := doc.opts
		opts.Annotations = append(opts.Annotations[:len(opts.Annotations):len(opts.Annotations)], drawAnnotations(rng, string(doc.src), 6)...)
		if d := diffLegacy(r, doc.src, opts); d != "" {
			t.Errorf("%s: %s", doc.file, d)
		}
	}
}

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

// TestLegacyGenerated compares the two on documents generated from pieces
// of Markdown that anchoring must read through — emphasis, links, code,
// character references, backslash escapes, typographic quotes, dashes,
// line breaks, raw HTML, footnotes, lists, tables, headings — in a small
// vocabulary, so that quotes drawn from the text are often repeated.
func TestLegacyGenerated(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	rng := rand.New(rand.NewPCG(1, 2))
	r := New()
	for i := range n {
		src, plain := generateMarkdown(rng)
		opts := Options{Line: 1 + rng.IntN(5)}
		for range 1 + rng.IntN(4) {
			opts.Annotations = append(opts.Annotations, drawAnnotations(rng, plain, 1)...)
		}
		opts.Mentions = []Mention{{Names: []string{"Acme", "Acme Mobile"}, URL: "/c/acme/"}, {Names: []string{"US"}, URL: "/m/us/"}}
		opts.Untagged = []Mention{{Names: []string{"beta"}}, {Names: []string{"Gamma"}}}
		if d := diffLegacy(r, []byte(src), opts); d != "" {
			t.Fatalf("document %d:\n%s\n%s", i, src, d)
		}
	}
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

// FuzzLegacy compares the two on arbitrary Markdown, an annotation, and
// names to link ("|" between them; every other one only looked for, as
// untagged).
func FuzzLegacy(f *testing.F) {
	f.Add("Xiaomi held a *13.1 percent* share of [China's](x) market.", "13.1 percent share of China's", "", "", "A note.", "Xiaomi|China")
	f.Add("We want to hear.\n\nWe want to hear again.", "We want to hear", "", " again", "*Note*", "We")
	f.Add("the site -- which “went” online – will", "site — which \"went\"", "the ", "", "Note on www.example.com", "site|will")
	f.Add("A `code span` and a note[^1].\n\n[^1]: Text.", "code span and a note", "", "", "", "code")
	f.Add("- one\n- two *three*\n\n> quoted\n> text", "two three", "", "", "1. list", "")
	f.Add("| a | b |\n|---|---|\n| cell one | cell two |", "cell two", "", "", "Editorial note on price.", "cell")
	f.Add("AT&amp;T \\*x\\* &#65;", "AT&T *x* A", "", "", "x@example.com", "AT")
	// Generated documents with quotes drawn from their text, which the
	// fuzzer can hardly make up.
	rng := rand.New(rand.NewPCG(11, 12))
	for range 20 {
		src, plain := generateMarkdown(rng)
		for _, a := range drawAnnotations(rng, plain, 1) {
			f.Add(src, a.Quote, a.Prefix, a.Suffix, a.Note, "Acme|beta|US")
		}
	}
	r := New()
	f.Fuzz(func(t *testing.T, src, quote, prefix, suffix, note, names string) {
		if len(src) > 1<<14 || len(quote) > 1<<10 {
			return
		}
		opts := Options{Line: 3, Annotations: []Annotation{
			{Quote: quote, Prefix: prefix, Suffix: suffix, Kind: "quote", Note: note, Speaker: &Link{Text: "S", URL: "/s/"}},
			{Quote: quote, Kind: "claim", Note: note, Claim: &Link{Text: "C", URL: "/c/"}},
		}}
		for i, n := range strings.Split(names, "|") {
			m := Mention{Names: []string{n}, URL: fmt.Sprintf("/e/%d/", i)}
			if i%2 == 0 {
				opts.Mentions = append(opts.Mentions, m)
			} else {
				opts.Untagged = append(opts.Untagged, m)
			}
		}
		if d := diffLegacy(r, []byte(src), opts); d != "" {
			t.Fatalf("Render(%q): %s", src, d)
		}
	})
}
