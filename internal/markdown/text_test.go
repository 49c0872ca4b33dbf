package markdown

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark/text"
)

// shownBoth returns, for every block of src, its text as docText.shownText
// gives it and as runs show it (the lead's text before and after).
func shownBoth(src []byte) (fast, runs []string) {
	doc := New().md.Parser().Parse(text.NewReader(src))
	blocks, _ := textBlocks(doc, src, nil)
	var d docText
	for _, b := range blocks {
		fast = append(fast, d.shownText(b.block, src))
		runs = append(runs, strings.TrimSpace(shown(b.runs)))
	}
	return fast, runs
}

// foldedBoth returns the folded text of src as docText makes it and as
// searchDoc does (encoded), which must be the same.
func foldedBoth(src []byte) (fast, runs string) {
	md := New().md
	doc := md.Parser().Parse(text.NewReader(src))
	var d docText
	d.reset(doc, src)
	blocks, _ := textBlocks(doc, src, nil)
	var sd searchDoc
	sd.reset(blocks)
	if len(d.blocks) != len(blocks) {
		return string(d.norm), "different blocks"
	}
	return string(d.norm), string(sd.norm)
}

// docTextCases are texts that docText, its locator and searchDoc must read
// alike.
var docTextCases = []string{
	"",
	"Plain words, and more words.",
	"  Leading and trailing spaces  \n\nA  second\tblock\n with a line break.",
	"*Emphasis* and [a link](x) and `code -- raw &amp; \\*` and ![an image](i.png).",
	"AT&amp;T &#8212; &nbsp;x&#32;y &unknown; &amp \\* \\a \\\\ \\",
	"Dashes: a--b a---b a - - b a -- b a–-b a—--c, typewriter's `quotes` ‘and’ “typographic” «ones».",
	"Raw <b>html</b> and a note[^1] and <https://example.com> and www.example.com.\n\n[^1]: The note.",
	"- one\n- two\n\n> quoted\n> text\n\n| a | b |\n|---|---|\n| x | |\n\n#\n\n## Heading --",
	"Invalid \xff\xfe UTF-8 and \x1e the separator, hard  \nbreak and soft\nbreak.",
	"-\n\n--\n\n- -\n\n-- --",
	"a-- b --c - -- --- – — - &#45;- \\-- `--` -\n-",
}

func TestDocText(t *testing.T) {
	for _, src := range docTextCases {
		if fast, runs := foldedBoth([]byte(src)); fast != runs {
			t.Errorf("folded text of %q:\n docText   %q\n searchDoc %q", src, fast, runs)
		}
		if fast, runs := shownBoth([]byte(src)); !slices.Equal(fast, runs) {
			t.Errorf("text of %q as shown:\n docText %q\n runs    %q", src, fast, runs)
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		src, _ := generateMarkdown(rng)
		if fast, runs := foldedBoth([]byte(src)); fast != runs {
			t.Fatalf("folded text of %q:\n docText   %q\n searchDoc %q", src, fast, runs)
		}
		if fast, runs := shownBoth([]byte(src)); !slices.Equal(fast, runs) {
			t.Fatalf("text of %q as shown:\n docText %q\n runs    %q", src, fast, runs)
		}
	}
}

// FuzzDocText checks that docText reads any text as searchDoc and runs do,
// and its locator places passages as searchDoc does.
func FuzzDocText(f *testing.F) {
	for i, src := range docTextCases {
		f.Add(src, uint64(i))
	}
	f.Fuzz(func(t *testing.T, src string, seed uint64) {
		if fast, runs := foldedBoth([]byte(src)); fast != runs {
			t.Fatalf("folded text of %q:\n docText   %q\n searchDoc %q", src, fast, runs)
		}
		if fast, runs := shownBoth([]byte(src)); !slices.Equal(fast, runs) {
			t.Fatalf("text of %q as shown:\n docText %q\n runs    %q", src, fast, runs)
		}
		placeBoth(t, []byte(src), rand.New(rand.NewPCG(seed, 0)))
	})
}

// placeBoth checks, for passages of src drawn by rng, that docText.place
// gives what searchDoc.runs gives for the same passage.
func placeBoth(t *testing.T, src []byte, rng *rand.Rand) {
	t.Helper()
	md := New().md
	doc := md.Parser().Parse(text.NewReader(src))
	var d docText
	d.reset(doc, src)
	blocks, _ := textBlocks(doc, src, nil)
	var sd searchDoc
	sd.reset(blocks)
	for range 50 {
		if len(d.norm) == 0 {
			return
		}
		// A passage of whole characters within one block.
		start := rng.IntN(len(d.norm))
		for start > 0 && !utf8.RuneStart(d.norm[start]) {
			start--
		}
		end := start
		for n := 1 + rng.IntN(12); n > 0 && end < len(d.norm) && d.norm[end] != blockSep; n-- {
			_, size := utf8.DecodeRune(d.norm[end:])
			end += size
		}
		if end == start || d.norm[start] == blockSep {
			continue
		}
		got, ok := d.place(start, end, src)
		if !ok {
			t.Fatalf("place(%d, %d) in %q (source %q): not placed", start, end, d.norm, src)
		}
		rs := utf8.RuneCount(d.norm[:start])
		b, first, last := sd.runs(span{rs, rs + utf8.RuneCount(d.norm[start:end])})
		want := newPassage(b.block, slices.Index(sd.blocks, b), b.runs, first, last)
		if got != want {
			t.Fatalf("place(%q) in %q:\n got  %+v\n want %+v", d.norm[start:end], src, got, want)
		}
	}
}

func TestPlace(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, src := range docTextCases {
		placeBoth(t, []byte(src), rng)
	}
	for _, d := range corpusDocs(t, 20, 3, false) {
		placeBoth(t, d.src, rng)
	}
	for range 2000 {
		src, _ := generateMarkdown(rng)
		placeBoth(t, []byte(src), rng)
	}
}

func checkNormalized(t *testing.T, s string) {
	t.Helper()
	if got, want := string(appendNormalized([]byte("x"), s)), "x"+string(normalize(s)); got != want {
		t.Fatalf("appendNormalized(%q) = %q; normalize gives %q", s, got, want)
	}
}

func TestAppendNormalized(t *testing.T) {
	for _, s := range []string{
		"", " ", "  a  b  ", "a--b", "a---b", "- -", "-- --", "—–-", "“quoted” ‘text’ `x´", "tab\tand\nline\u00a0nbsp",
		"\xff\xfe", "a - ", "--", " -- ", "x\u2028y",
	} {
		checkNormalized(t, s)
	}
}

// FuzzAppendNormalized compares appendNormalized with normalize.
func FuzzAppendNormalized(f *testing.F) {
	f.Add("the site -- which “went” online – will")
	f.Fuzz(checkNormalized)
}
