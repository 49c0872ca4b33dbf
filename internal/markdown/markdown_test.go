package markdown

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func render(t *testing.T, src string, opts Options) Result {
	t.Helper()
	res, err := New().Render([]byte(src), opts)
	if err != nil {
		t.Fatalf("Render(%q): %v", src, err)
	}
	return res
}

// TestAnchor covers the matching rules: markup ignored, white space folded,
// typographic and straight quotes, apostrophes and dashes equal, passages
// across inline markup, and prefix and suffix choosing among repeats.
func TestAnchor(t *testing.T) {
	tests := []struct {
		name, src string
		ann       Annotation
		passage   string
		line      int
	}{
		{
			name:    "plain",
			src:     "Xiaomi held a 13.1 percent share of China's smartphone market.",
			ann:     Annotation{Quote: "13.1 percent share"},
			passage: "13.1 percent share",
			line:    1,
		},
		{
			name:    "across emphasis and a link",
			src:     "It is the *country's* second [largest vendor](https://example.com) behind Apple.",
			ann:     Annotation{Quote: "the country's second largest vendor behind"},
			passage: "the country's second largest vendor behind",
			line:    1,
		},
		{
			name:    "across code",
			src:     "Run `dossier build` now.",
			ann:     Annotation{Quote: "Run dossier build"},
			passage: "Run dossier build",
			line:    1,
		},
		{
			name:    "white space and line breaks folded",
			src:     "A first line\nand   a second\nline.",
			ann:     Annotation{Quote: "line and a\n  second"},
			passage: "line and a second",
			line:    1,
		},
		{
			name:    "typographic quotes match straight ones",
			src:     "Take this quote: “Of course the U.S. is a market we’re extremely excited about.”",
			ann:     Annotation{Quote: `"Of course the U.S. is a market we're extremely excited about."`},
			passage: "“Of course the U.S. is a market we’re extremely excited about.”",
			line:    1,
		},
		{
			name:    "straight quotes match typographic ones",
			src:     `He said "it's a tease".`,
			ann:     Annotation{Quote: "“it’s a tease”"},
			passage: `"it's a tease"`,
			line:    1,
		},
		{
			name:    "dashes",
			src:     "the site -- which went online in the U.S. on Monday – will be well received",
			ann:     Annotation{Quote: "the site — which went online in the U.S. on Monday - will"},
			passage: "the site -- which went online in the U.S. on Monday – will",
			line:    1,
		},
		{
			name:    "entities and escapes",
			src:     "AT&amp;T and \\*stars\\* here.",
			ann:     Annotation{Quote: "AT&T and *stars*"},
			passage: "AT&T and *stars*",
			line:    1,
		},
		{
			name:    "footnote marks are not text",
			src:     "an online accessories store[^d], but not phones.\n\n[^d]: A note.",
			ann:     Annotation{Quote: "accessories store, but"},
			passage: "accessories store, but",
			line:    1,
		},
		{
			name:    "prefix chooses among repeats",
			src:     "We want to hear.\n\nAnd then: we want to hear.\n\nWe want to hear again.",
			ann:     Annotation{Quote: "want to hear", Prefix: "then: we "},
			passage: "want to hear",
			line:    3,
		},
		{
			name:    "suffix chooses among repeats",
			src:     "We want to hear.\n\nWe want to hear again.",
			ann:     Annotation{Quote: "We want to hear", Suffix: " again"},
			passage: "We want to hear",
			line:    3,
		},
		{
			name:    "in a list and a heading",
			src:     "## The plan\n\n- first item\n- second item",
			ann:     Annotation{Quote: "second item"},
			passage: "second item",
			line:    4,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := render(t, tt.src, Options{Annotations: []Annotation{tt.ann}})
			a := res.Anchored[0]
			if a.Err != nil {
				t.Fatalf("anchoring %q: %v", tt.ann.Quote, a.Err)
			}
			if a.Passage != tt.passage || a.Line != tt.line {
				t.Errorf("passage = %q at line %d; want %q at line %d", a.Passage, a.Line, tt.passage, tt.line)
			}
			if !strings.Contains(string(res.HTML), `id="`+a.ID+`"`) || !strings.Contains(string(res.HTML), `id="`+NoteID(a.ID)+`"`) {
				t.Errorf("HTML has no mark or note with id %s:\n%s", a.ID, res.HTML)
			}
		})
	}
}

func TestAnchorErrors(t *testing.T) {
	tests := []struct {
		name, src string
		ann       Annotation
		err       string
	}{
		{
			name: "not found, with the closest passage",
			src:  "Xiaomi held a 13.1 percent share of China's smartphone market in the first quarter.",
			ann:  Annotation{Quote: "a 13.2 percent share of Chinas smartphone market"},
			err:  `quote not found; closest passage: "a 13.1 percent share of China's smartphone market"`,
		},
		{
			name: "not found, nothing alike",
			src:  "Xiaomi held a share.",
			ann:  Annotation{Quote: "completely different words here"},
			err:  "quote not found, nor anything like it",
		},
		{
			name: "not across blocks",
			src:  "The end of one paragraph.\n\nThe start of another.",
			ann:  Annotation{Quote: "paragraph. The start"},
			err:  `quote not found; closest passage: "paragraph. … The start"`,
		},
		{
			// The separator the search puts between blocks is not text.
			name: "the block separator itself",
			src:  "One.\n\nTwo.",
			ann:  Annotation{Quote: "\x1e"},
			err:  "quote not found, nor anything like it",
		},
		{
			name: "repeated",
			src:  "We want to hear.\n\nWe want to hear.\n\nOther.\n\nWe want\nto hear.",
			ann:  Annotation{Quote: "want to hear"},
			err:  "quote matches 3 passages, at lines 1, 3 and 7; add a prefix or suffix to choose one",
		},
		{
			name: "prefix matches none",
			src:  "We want to hear.\n\nWe want to hear.",
			ann:  Annotation{Quote: "want to hear", Prefix: "They "},
			err:  "quote found at lines 1 and 3, but none with the given prefix and suffix",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := render(t, tt.src, Options{Annotations: []Annotation{tt.ann}})
			a := res.Anchored[0]
			if a.Err == nil || a.Err.Error() != tt.err {
				t.Errorf("anchoring %q: err = %v; want %s", tt.ann.Quote, a.Err, tt.err)
			}
		})
	}
}

func TestAnnotationHTML(t *testing.T) {
	src := "Xiaomi was *the country's second* largest vendor.\n"
	res := render(t, src, Options{Line: 10, Annotations: []Annotation{{
		Quote:   "was the country's second largest",
		Kind:    "claim",
		Note:    "Counterpoint, *Q1 2015*.",
		Speaker: &Link{Text: "Hugo Barra", URL: "../../executives/hugo-barra/"},
		About:   []Link{{Text: "Xiaomi", URL: "../../companies/xiaomi/"}},
		Claim:   &Link{Text: "Compare reports of this claim", URL: "../../claims/rank/"},
	}}})
	a := res.Anchored[0]
	want := `<p>Xiaomi <mark class="annotation kind-claim" id="` + a.ID + `">was </mark><em><mark class="annotation kind-claim">the country's second</mark></em><mark class="annotation kind-claim"> largest</mark>` +
		`<a class="note-ref kind-claim" href="#` + NoteID(a.ID) + `"><span class="visually-hidden">editors' note </span>1</a>` +
		`<span class="note kind-claim" id="` + NoteID(a.ID) + `" role="note">` +
		`<span class="note-head"><span class="note-num">1</span> <span class="note-kind">Claim</span> <span class="note-by">· editors' note</span></span> ` +
		`<span class="note-p">Counterpoint, <em>Q1 2015</em>.</span>` +
		`<span class="note-meta">Said by <a href="../../executives/hugo-barra/">Hugo Barra</a> · About <a href="../../companies/xiaomi/">Xiaomi</a> · <a href="../../claims/rank/">Compare reports of this claim</a></span>` +
		`<span class="note-back"><a href="#` + a.ID + `">Back to the text</a></span></span> vendor.</p>
`
	if string(res.HTML) != want {
		t.Errorf("HTML:\n%s\nwant:\n%s", res.HTML, want)
	}
	if a.Line != 10 || a.Number != 1 || a.Order != 1 {
		t.Errorf("line %d number %d order %d; want 10, 1 and 1", a.Line, a.Number, a.Order)
	}
}

// TestQuoteWithoutNote checks that a quote annotation that only names its
// speaker adds no note: the passage is marked and the speaker named after
// it, linked, and the notes of the others are numbered without it.
func TestQuoteWithoutNote(t *testing.T) {
	src := "He said \"we will\" and \"we might\" and \"we won't\", says the report.\n"
	barra := &Link{Text: "Hugo Barra", URL: "../../executives/hugo-barra/"}
	res := render(t, src, Options{Annotations: []Annotation{
		{Quote: "we will", Kind: "quote", Speaker: barra},
		{Quote: "we might", Kind: "quote", Speaker: barra, SpeakerInferred: true},
		{Quote: "we won't", Kind: "quote", Speaker: barra, Note: "Said twice."},
		{Quote: "the report", Kind: "note"},
	}})
	will, might, wont, report := res.Anchored[0], res.Anchored[1], res.Anchored[2], res.Anchored[3]
	want := `<p>He said &quot;<mark class="annotation kind-quote" id="` + will.ID + `">we will</mark><a class="speaker-ref" href="../../executives/hugo-barra/"><span class="visually-hidden">said by </span>Hugo Barra</a>&quot; and &quot;` +
		`<mark class="annotation kind-quote" id="` + might.ID + `">we might</mark><a class="speaker-ref" href="../../executives/hugo-barra/"><span class="visually-hidden">said by </span>Hugo Barra</a> <span class="speaker-basis">(attributed by the editors)</span>&quot; and &quot;` +
		`<mark class="annotation kind-quote" id="` + wont.ID + `">we won't</mark><a class="note-ref kind-quote" href="#` + NoteID(wont.ID) + `"><span class="visually-hidden">editors' note </span>1</a>&quot;, says ` +
		`<mark class="annotation kind-note" id="` + report.ID + `">the report</mark><a class="note-ref kind-note" href="#` + NoteID(report.ID) + `"><span class="visually-hidden">editors' note </span>2</a>.</p>
`
	// The notes aside (TestAnnotationHTML shows one).
	html := res.HTML
	for _, a := range res.Anchored {
		if a.Number > 0 {
			start := strings.Index(html, `<span class="note kind-`)
			end := strings.Index(html, `Back to the text</a></span></span>`) + len(`Back to the text</a></span></span>`)
			html = html[:start] + html[end:]
		}
	}
	if html != want {
		t.Errorf("HTML:\n%s\nwant:\n%s", html, want)
	}
	if strings.Contains(res.HTML, NoteID(will.ID)) || strings.Contains(res.HTML, NoteID(might.ID)) || strings.Count(res.HTML, `role="note"`) != 2 {
		t.Errorf("a quote without a note got a note:\n%s", res.HTML)
	}
	for i, want := range []struct{ order, number int }{{1, 0}, {2, 0}, {3, 1}, {4, 2}} {
		if a := res.Anchored[i]; a.Order != want.order || a.Number != want.number {
			t.Errorf("annotation %d: order %d, number %d; want %d and %d", i, a.Order, a.Number, want.order, want.number)
		}
	}
}

// TestAnnotationIDs checks that ids come from the annotation's content, not
// its place in the list, and that notes are numbered in text order.
func TestAnnotationIDs(t *testing.T) {
	src := "Alpha beta gamma. Delta epsilon."
	one := render(t, src, Options{Annotations: []Annotation{{Quote: "Delta"}, {Quote: "beta"}}})
	two := render(t, src, Options{Annotations: []Annotation{{Quote: "beta"}, {Quote: "Delta"}}})
	if one.Anchored[0].ID != two.Anchored[1].ID || one.Anchored[1].ID != two.Anchored[0].ID {
		t.Errorf("ids changed with the order of annotations: %v / %v", one.Anchored, two.Anchored)
	}
	if one.Anchored[1].Number != 1 || one.Anchored[0].Number != 2 || one.Anchored[1].Order != 1 || one.Anchored[0].Order != 2 {
		t.Errorf("numbers = %d, %d; want beta 1 and Delta 2", one.Anchored[1].Number, one.Anchored[0].Number)
	}
	dup := render(t, "Same. Same words.", Options{Annotations: []Annotation{{Quote: "Same words"}, {Quote: "Same words", Note: "again"}}})
	if dup.Anchored[0].ID == dup.Anchored[1].ID {
		t.Errorf("two annotations of one passage share id %s", dup.Anchored[0].ID)
	}
}

func TestOverlappingAnnotations(t *testing.T) {
	res := render(t, "one two three four", Options{Annotations: []Annotation{{Quote: "one two three"}, {Quote: "two three four"}}})
	for _, a := range res.Anchored {
		if a.Err != nil {
			t.Fatal(a.Err)
		}
	}
	html := string(res.HTML)
	if strings.Count(html, "<mark") != strings.Count(html, "</mark>") || strings.Count(html, "<mark") < 2 {
		t.Errorf("marks unbalanced or missing:\n%s", html)
	}
}

func TestMentions(t *testing.T) {
	src := "## Xiaomi in the US\n\nXiaomi and Hugo Barra met in the US. Xiaomi told us, and Barra agreed.\n\nA [link about Xiaomi](https://example.com) and `Xiaomi` in code; then Xiaomi’s store.\n\nApple was not tagged. Nor was Apple again.\n"
	res := render(t, src, Options{
		Line: 5,
		Mentions: []Mention{
			{Names: []string{"Xiaomi"}, URL: "../x/"},
			{Names: []string{"Hugo Barra", "Barra"}, URL: "../hb/"},
			{Names: []string{"United States", "US"}, URL: "../us/"},
		},
		Untagged: []Mention{{Names: []string{"Apple"}}},
	})
	want := `<h2 id="xiaomi-in-the-us">Xiaomi in the US</h2>
<p><a href="../x/" class="mention">Xiaomi</a> and <a href="../hb/" class="mention">Hugo Barra</a> met in the <a href="../us/" class="mention">US</a>. Xiaomi told us, and Barra agreed.</p>
<p>A <a href="https://example.com">link about Xiaomi</a> and <code>Xiaomi</code> in code; then <a href="../x/" class="mention">Xiaomi</a>’s store.</p>
<p>Apple was not tagged. Nor was Apple again.</p>
`
	if string(res.HTML) != want {
		t.Errorf("HTML:\n%s\nwant:\n%s", res.HTML, want)
	}
	if len(res.Untagged) != 1 || res.Untagged[0] != (Found{Index: 0, Name: "Apple", Line: 11, Col: 1}) {
		t.Errorf("untagged = %+v; want Apple at 11:1", res.Untagged)
	}
}

func TestSafe(t *testing.T) {
	src := "<script>alert(1)</script>\n\nText <b onclick=x>bold</b> [click](javascript:alert(1)) [ok](https://example.com) ![img](data:text/html,x) [rel](../x) [tab](java\tscript:x)\n"
	res := render(t, src, Options{})
	html := string(res.HTML)
	for _, bad := range []string{"<script", "<b ", "javascript:", "data:text", "onclick=x>"} {
		if strings.Contains(html, bad) {
			t.Errorf("rendered HTML contains %q:\n%s", bad, html)
		}
	}
	for _, good := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", `<a href="https://example.com">ok</a>`, `<a href="../x">rel</a>`, "click", "&lt;b onclick=x&gt;"} {
		if !strings.Contains(html, good) {
			t.Errorf("rendered HTML lacks %q:\n%s", good, html)
		}
	}
}

func TestHeadingsDemoted(t *testing.T) {
	res := render(t, "# One\n\n## Two\n", Options{})
	if !strings.Contains(string(res.HTML), "<h2 id=\"one\">One</h2>\n<h3 id=\"two\">Two</h3>") {
		t.Errorf("headings not moved below the page's h1:\n%s", res.HTML)
	}
	res = render(t, "## Two\n", Options{})
	if !strings.Contains(string(res.HTML), "<h2 id=\"two\">Two</h2>") {
		t.Errorf("headings moved although the body has no h1:\n%s", res.HTML)
	}
}

func TestLead(t *testing.T) {
	src := "## Heading\n\nFirst *paragraph*,\nwith a [link](x) and a note[^1].\n\nSecond.\n\n[^1]: Note."
	if res := render(t, src, Options{Lead: true}); res.Lead != "First paragraph, with a link and a note." {
		t.Errorf("Lead = %q", res.Lead)
	}
	if res := render(t, src, Options{}); res.Lead != "" {
		t.Errorf("Lead not asked for = %q", res.Lead)
	}
}

// TestNoteBesideReference checks that a note stands right after its
// reference, inside the passage's paragraph, list item, quote or
// footnote, and after the emphasis or link the passage ends in, since a
// note has links of its own.
func TestNoteBesideReference(t *testing.T) {
	src := "- one item\n- two item\n\n> quoted words\n\nText[^1] and *the [linked words](https://example.com)* end.\n\n[^1]: Footnote words.\n"
	res := render(t, src, Options{Annotations: []Annotation{{Quote: "two item"}, {Quote: "quoted words"}, {Quote: "linked"}, {Quote: "Footnote words"}}})
	html := string(res.HTML)
	ref := func(i int) string {
		a := res.Anchored[i]
		return `<a class="note-ref kind-" href="#` + NoteID(a.ID) + `"><span class="visually-hidden">editors' note </span>` + strconv.Itoa(a.Number) + `</a><span class="note kind-" id="` + NoteID(a.ID) + `" role="note">`
	}
	for _, want := range []string{
		"<li>" + `<mark class="annotation kind-" id="` + res.Anchored[0].ID + `">two item</mark>` + ref(0),
		"<blockquote>\n<p>" + `<mark class="annotation kind-" id="` + res.Anchored[1].ID + `">quoted words</mark>` + ref(1),
		`">linked</mark> words</a></em>` + ref(2),
		"<li id=\"fn:1\">\n<p>" + `<mark class="annotation kind-" id="` + res.Anchored[3].ID + `">Footnote words</mark>` + ref(3),
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q:\n%s", want, html)
		}
	}
	for _, block := range []string{"<div", "<aside", "<details"} {
		if strings.Contains(html, block) != strings.Contains(render(t, src, Options{}).HTML, block) {
			t.Errorf("notes added a %s:\n%s", block, html)
		}
	}
	// Notes are numbered in the order of their passages.
	for i, want := range []int{1, 2, 3, 4} {
		if got := res.Anchored[i].Number; got != want {
			t.Errorf("annotation %d: number %d; want %d", i, got, want)
		}
	}
}

// TestReservedIDs checks that body headings never take an id the page
// templates use.
func TestReservedIDs(t *testing.T) {
	res := render(t, "## Related\n\n## Main\n\n## Related\n\n## Other\n", Options{})
	want := "<h2 id=\"related-1\">Related</h2>\n<h2 id=\"main-1\">Main</h2>\n<h2 id=\"related-2\">Related</h2>\n<h2 id=\"other\">Other</h2>\n"
	if res.HTML != want {
		t.Errorf("HTML:\n%s\nwant:\n%s", res.HTML, want)
	}
}

// TestAnnotationLimits checks the bounds on anchoring: at most
// MaxBlockAnnotations passages in one top-level block (the next are errors
// naming the line), and a budget on the text searched for all quotes of a
// document, past which quotes are not looked for.
func TestAnnotationLimits(t *testing.T) {
	var words []string
	var anns []Annotation
	for i := range MaxBlockAnnotations + 2 {
		words = append(words, fmt.Sprintf("w%03d", i))
		anns = append(anns, Annotation{Quote: fmt.Sprintf("w%03d", i)})
	}
	src := "Intro.\n\n" + strings.Join(words[:50], " ") + "\n" + strings.Join(words[50:], " ") + "\n\n- a list w999\n"
	anns = append(anns, Annotation{Quote: "w999"})
	res := render(t, src, Options{Annotations: anns})
	var errs []string
	for i, a := range res.Anchored {
		if a.Err != nil {
			errs = append(errs, fmt.Sprintf("%d: %v", i+1, a.Err))
		}
	}
	want := []string{
		"101: its passage, at line 4, is in a paragraph with 100 annotations before it, the most one block may have",
		"102: its passage, at line 4, is in a paragraph with 100 annotations before it, the most one block may have",
	}
	if !slices.Equal(errs, want) {
		t.Errorf("errors %q; want %q", errs, want)
	}
	if a := res.Anchored[len(anns)-1]; a.Number != MaxBlockAnnotations+1 || a.Order != MaxBlockAnnotations+1 {
		t.Errorf("the note in the list is number %d, passage %d; want %d, after those of the paragraph", a.Number, a.Order, MaxBlockAnnotations+1)
	}

	old := maxSearchWork
	defer func() { maxSearchWork = old }()
	maxSearchWork = 3 * len(src)
	// Quotes the fast path does not find are looked for by the general
	// search, until the budget is spent.
	res = render(t, src, Options{Annotations: []Annotation{{Quote: "x1"}, {Quote: "x2"}, {Quote: "x3"}, {Quote: "x4"}}})
	errs = nil
	for _, a := range res.Anchored {
		errs = append(errs, a.Err.Error())
	}
	want = []string{
		`quote not found; closest passage: "01"`,
		`quote not found; closest passage: "02"`,
		`quote not found; closest passage: "03"`,
		"quote not looked for: the quotes of an article are looked for in at most 0 million characters of its text in all, and this article has too many quotes for its length",
	}
	if !slices.Equal(errs, want) {
		t.Errorf("errors %q; want %q", errs, want)
	}
}

// TestText covers the text the search index reads: a line per block, as
// readers see it (markup, raw HTML, images and footnote marks left out,
// entities decoded), the same with annotations and mentions, and notes'
// text.
func TestText(t *testing.T) {
	tests := []struct {
		name, src string
		opts      Options
		want      string
	}{
		{"blocks", "# Title\n\nA *first* [para](https://example.com)\ngraph.\n\n- one\n- two &amp; three\n\n> quoted `code`", Options{}, "Title\nA first para graph.\none\ntwo & three\nquoted code"},
		{"raw HTML and images left out", "Text <b>bold</b> ![alt](x.png) end[^1].\n\n[^1]: Note.", Options{}, "Text bold end.\nNote."},
		{"white space one space, none at a block's ends", "  two\tspaces &nbsp;and a  \nbreak\\\nhard  \n\n&#32;lead&nbsp;", Options{}, "two spaces and a break hard\nlead"},
		{"escapes and references", "\\*not em\\* \\q A&amp;B &copy; &#x4E2D; &bogus; a\\&b", Options{}, "*not em* \\q A&B © 中 &bogus; a&b"},
		{"code as written", "`a\\*b  &amp;`", Options{}, "a\\*b &amp;"},
		{"non-ASCII and invalid bytes", "Zürich – 小米\xff.", Options{}, "Zürich – 小米\uFFFD."},
		{"empty blocks make no line", "![only an image](x.png)\n\nAfter.", Options{}, "After."},
		{"annotations and mentions do not change it", "Hugo Barra said it was a tease.",
			Options{Annotations: []Annotation{{Quote: "a tease", Note: "A *note*."}}, Mentions: []Mention{{Names: []string{"Hugo Barra"}, URL: "/x/"}}},
			"Hugo Barra said it was a tease."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Text = true
			if got := render(t, tt.src, tt.opts).Text; got != tt.want {
				t.Errorf("Render(%q).Text = %q; want %q", tt.src, got, tt.want)
			}
		})
	}
	res := render(t, "It was a tease and a plan.", Options{Text: true, Annotations: []Annotation{
		{Quote: "a tease", Note: "Plain words, \"quoted\"."},
		{Quote: "a plan", Note: "With *emphasis* and [a link](https://example.com)."},
	}})
	for i, want := range []string{"Plain words, \"quoted\".", "With emphasis and a link."} {
		if got := res.Anchored[i].NoteText; got != want {
			t.Errorf("note %d: NoteText = %q; want %q", i, got, want)
		}
	}
	if res := render(t, "Text.", Options{}); res.Text != "" {
		t.Errorf("Render without Options.Text: Text = %q; want none", res.Text)
	}
}
