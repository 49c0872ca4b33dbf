package markdown

import (
	"bytes"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"dossier/internal/corpus"
)

// TestGFM checks that GFM renders exactly as goldmark's extension.GFM, on
// text made to meet every case of Linkify and on a generated dossier.
func TestGFM(t *testing.T) {
	ours := goldmark.New(goldmark.WithExtensions(GFM))
	theirs := goldmark.New(goldmark.WithExtensions(extension.GFM))
	inputs := []string{
		"See https://example.com/a?b=c, http://x.org and ftp://files.example.com/f.txt.",
		"www.example.com and (www.example.com/path) and *www.a.com* and _http://b.com_ and ~https://c.com~",
		"Write to someone@example.com, or (a.b+c@mail.example.org). Not @handle, not a@b.",
		"An address whose local part is long: " + string(bytes.Repeat([]byte("a"), 64)) + "@example.com and " + string(bytes.Repeat([]byte("b"), 65)) + "@example.com",
		"word\tjoe@example.com and\ttab https://t.example",
		"[a label with https://example.com inside](https://example.org) and [x@y.com](mailto:x@y.com)",
		"https://example.com at the head of the line\nwww.example.org on the next\njane@example.com too",
		"Trailing punctuation: https://example.com/x). https://example.com/y?! (https://example.com/(z))",
		"| a | b |\n|---|---|\n| https://t.com | x@y.org |\n\n- [ ] task www.example.com\n- [x] ~~struck~~ done",
		"Email-ish: a@b, a@b.c, a.@b.co, user@sub.example.com- and user@example.com_",
		"HTTP://UPPER.EXAMPLE and Www.example.com and mailto:joe@example.com",
	}
	for _, f := range corpus.Generate(corpus.Options{Articles: 200, Seed: 3}) {
		inputs = append(inputs, string(f.Data))
	}
	for _, in := range inputs {
		var a, b bytes.Buffer
		if err := ours.Convert([]byte(in), &a); err != nil {
			t.Fatal(err)
		}
		if err := theirs.Convert([]byte(in), &b); err != nil {
			t.Fatal(err)
		}
		if a.String() != b.String() {
			t.Errorf("GFM(%q)\n = %s\nwant %s", in, a.String(), b.String())
		}
	}
}

// atInWordByteByByte is atInWord as it was first written.
func atInWordByteByByte(b []byte) bool {
	for i := 0; i < len(b) && i <= 64; i++ {
		switch b[i] {
		case '@':
			return true
		case ' ', '\t', '\n', '\r':
			return false
		}
	}
	return false
}

func TestAtInWord(t *testing.T) {
	long := string(bytes.Repeat([]byte("a"), 64))
	for _, s := range []string{
		"", "@", "word", "word@example.com", "engineering certification", "abcdefgh@x", "abcdefghijklmno@",
		long + "@", long + "a@", long + " @", "a\vb@c", "a\x00\x01@", "é@", "ab\tc@", "abcdefg\r@", "\u00a0@",
	} {
		if got, want := atInWord([]byte(s)), atInWordByteByByte([]byte(s)); got != want {
			t.Errorf("atInWord(%q) = %v; want %v", s, got, want)
		}
	}
}

// FuzzAtInWord compares atInWord with its first, byte by byte, form.
func FuzzAtInWord(f *testing.F) {
	f.Add([]byte("engineering certification@example.com"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := atInWord(b), atInWordByteByByte(b); got != want {
			t.Fatalf("atInWord(%q) = %v; want %v", b, got, want)
		}
	})
}
