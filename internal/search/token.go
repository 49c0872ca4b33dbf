package search

import (
	"bytes"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Tokens are the words of a text as the index and the reader's query see
// them. The same rules are written twice, here for the index and in
// static/search.js for the query, and testdata/tokens.json holds the cases
// both test suites read, so that the two cannot drift apart:
//
//   - Each character is folded on its own: decomposed for compatibility
//     (NFKD: "ﬁ" is "fi", full-width "Ａ" is "A"), stripped of the
//     diacritical marks of Latin, Greek, Cyrillic, Hebrew and Arabic
//     (foldedMark), lower-cased, a few letters that do not decompose
//     spelled plainly ("ß" is "ss", "ø" is "o": foldLetters), and composed
//     again (NFC), so that kana keep their voicing marks.
//   - A token is a run of letters, digits and the marks left; everything
//     else separates tokens. So straight and typographic quotes and
//     apostrophes are equal: they are all separators.
//   - A full stop or comma between two digits belongs to the number:
//     "13.1", "61,100" and "3.5.2" are found as written.
//   - Single letters joined by full stops are one token: "U.S." is "us".
//   - An "s" after an apostrophe that follows a word is the possessive and
//     is dropped: "Xiaomi's" is "xiaomi".
//   - Text in scripts written without spaces (Han, Hiragana, Katakana, and
//     Hangul, whose words take particles) is cut into overlapping pairs of
//     characters: "小米手机" is "小米", "米手", "手机"; a character alone is
//     its own token.
//   - A token is at most maxTokenRunes characters; the rest is cut off.

// maxTokenRunes bounds a token's length: longer runs are not words but
// identifiers or noise, and would only make the index larger.
const maxTokenRunes = 48

// Token is a word of a text: its folded form and where it is in the text,
// in bytes.
type Token struct {
	Text       string
	Start, End int
	// CJK is set for a pair (or single character) of text written
	// without spaces.
	CJK bool
}

// Tokenize returns the tokens of s.
func Tokenize(s string) []Token {
	var out []Token
	var t tokenizer
	t.each(s, func(term []byte, start, end int, cjk bool) {
		out = append(out, Token{Text: string(term), Start: start, End: end, CJK: cjk})
	})
	return out
}

// tokenizer cuts texts into tokens, reusing its storage from one text to
// the next. It is not safe for concurrent use.
type tokenizer struct {
	word []byte // the token being read
	// start and end are its bytes in the text; runes counts its
	// characters; digit tells whether its last character is a digit.
	start, end int
	runes      int
	digit      bool

	// The token read last, held back until the next one is known: it may
	// join the next ("U.S."), or the next may be dropped after it ("'s").
	held      []byte
	heldStart int
	heldEnd   int
	heldRunes int
	heldLive  bool

	// cjk is the run of characters of scripts written without spaces:
	// each character's folded form, and where it is in the text.
	cjk []cjkChar
}

type cjkChar struct {
	folded     string
	start, end int
}

// each calls emit with every token of s, in order. emit must not keep
// term, whose bytes are reused.
func (t *tokenizer) each(s string, emit func(term []byte, start, end int, cjk bool)) {
	t.word, t.held, t.heldLive, t.cjk = t.word[:0], t.held[:0], false, t.cjk[:0]
	t.runes = 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			// Most text: ASCII, folded by a table, a run of letters
			// and digits at a time.
			if asciiClass[c] != 0 {
				if len(t.cjk) > 0 {
					t.flushCJK(emit)
				}
				if t.runes == 0 {
					t.start = i
					t.word = t.word[:0]
				}
				j := i
				for ; j < len(s) && asciiClass[s[j]] != 0; j++ {
					if t.runes < maxTokenRunes {
						t.word = append(t.word, asciiClass[s[j]])
					}
					t.runes++
				}
				t.end = j
				t.digit = s[j-1] <= '9'
				i = j
				continue
			}
			if (c == '.' || c == ',') && t.runes > 0 && t.digit && i+1 < len(s) && '0' <= s[i+1] && s[i+1] <= '9' {
				t.add(c, i, i+1, false)
			} else {
				t.endWord(s, i, emit)
				t.flushCJK(emit)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		f := fold(r)
		if f == "" { // a mark folded away: part of whatever it follows
			if t.runes > 0 {
				t.end = i + size
			} else if n := len(t.cjk); n > 0 {
				t.cjk[n-1].end = i + size
			}
			i += size
			continue
		}
		// A character may fold to several ("ﬁ", "½", "㌞"): each is a
		// letter, digit or separator of its own.
		for _, fr := range f {
			switch {
			case isCJK(fr):
				t.endWord(s, i, emit)
				t.cjk = append(t.cjk, cjkChar{string(fr), i, i + size})
			case isWordRune(fr):
				t.flushCJK(emit)
				t.addRune(fr, i, i+size)
			default:
				t.endWord(s, i, emit)
				t.flushCJK(emit)
			}
		}
		i += size
	}
	t.endWord(s, len(s), emit)
	t.flushCJK(emit)
	t.release(emit)
}

// add appends an ASCII byte, already folded, to the token.
func (t *tokenizer) add(c byte, start, end int, digit bool) {
	if t.runes == 0 {
		t.start = start
		t.word = t.word[:0]
	}
	t.end = end
	t.digit = digit
	if t.runes < maxTokenRunes {
		t.word = append(t.word, c)
	}
	t.runes++
}

func (t *tokenizer) addRune(r rune, start, end int) {
	if t.runes == 0 {
		t.start = start
		t.word = t.word[:0]
	}
	t.end = end
	t.digit = unicode.IsNumber(r)
	if t.runes < maxTokenRunes {
		t.word = utf8.AppendRune(t.word, r)
	}
	t.runes++
}

// endWord ends the token being read, if any, at byte at of s, where a
// separator is.
func (t *tokenizer) endWord(s string, at int, emit func([]byte, int, int, bool)) {
	if t.runes == 0 {
		return
	}
	word, start, end, runes := t.word, t.start, t.end, t.runes
	t.runes = 0
	if runes > maxTokenRunes {
		// Cut at its length, a number may end at a separator it kept
		// for the digit after it.
		word = bytes.TrimRight(word, ".,")
	}
	if t.heldLive {
		gap := ""
		if t.heldEnd <= start { // a character folded to several shares its place
			gap = s[t.heldEnd:start]
		}
		switch {
		case t.heldRunes == 1 && runes == 1 && gap == "." && isLetterToken(t.held) && isLetterToken(word):
			// "U.S.": single letters joined by full stops.
			t.held = append(t.held, word...)
			t.heldEnd = end
			return
		case len(word) == 1 && word[0] == 's' && isApostrophe(gap):
			// The possessive "'s": dropped.
			return
		}
		emit(t.held, t.heldStart, t.heldEnd, false)
	}
	// Only a single letter can start "U.S.", and only a word can take
	// "'s": hold either back until the next token is known. (The
	// buffers change places: the word is held without a copy.)
	t.held, t.word = word, t.held[:0]
	t.heldStart, t.heldEnd, t.heldRunes, t.heldLive = start, end, runes, true
}

// release emits the token held back.
func (t *tokenizer) release(emit func([]byte, int, int, bool)) {
	if t.heldLive {
		emit(t.held, t.heldStart, t.heldEnd, false)
		t.heldLive = false
	}
}

// flushCJK emits the pairs of the run of characters written without
// spaces, or the single character.
func (t *tokenizer) flushCJK(emit func([]byte, int, int, bool)) {
	if len(t.cjk) == 0 {
		return
	}
	t.release(emit)
	if len(t.cjk) == 1 {
		c := t.cjk[0]
		t.word = append(t.word[:0], c.folded...)
		emit(t.word, c.start, c.end, true)
	}
	for i := 0; i+1 < len(t.cjk); i++ {
		a, b := t.cjk[i], t.cjk[i+1]
		t.word = append(append(t.word[:0], a.folded...), b.folded...)
		emit(t.word, a.start, b.end, true)
	}
	t.cjk = t.cjk[:0]
	t.word = t.word[:0]
}

func isLetterToken(b []byte) bool {
	r, _ := utf8.DecodeRune(b)
	return unicode.IsLetter(r)
}

func isApostrophe(s string) bool {
	return s == "'" || s == "’" || s == "ʼ" || s == "＇"
}

// asciiClass folds an ASCII byte: its lower-case letter, its digit, or 0
// for a separator.
var asciiClass = func() (t [256]byte) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = byte(c)
		t[c-'a'+'A'] = byte(c)
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c)
	}
	return t
}()

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// isCJK reports whether r is of a script written without spaces between
// words, whose text is cut into pairs of characters.
func isCJK(r rune) bool {
	if r < 0x1100 {
		return false
	}
	switch r {
	case 0x30FC, 0x3005, 0x3006, 0x3007: // prolonged sound mark, iteration and closing marks, ideographic zero
		return true
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// foldedMark reports whether r is a diacritical mark that folding
// removes: the combining marks that decomposed Latin, Greek and Cyrillic
// letters carry, and the vowel points of Hebrew and Arabic, which writers
// mostly leave out. The marks of other scripts (Indic vowel signs, the
// kana voicing marks) are part of their letters and stay.
func foldedMark(r rune) bool {
	if !unicode.Is(unicode.Mn, r) {
		return false
	}
	switch {
	case 0x0300 <= r && r <= 0x036F, 0x1AB0 <= r && r <= 0x1AFF, 0x1DC0 <= r && r <= 0x1DFF,
		0x20D0 <= r && r <= 0x20FF, 0xFE20 <= r && r <= 0xFE2F,
		0x0591 <= r && r <= 0x05C7, 0x0610 <= r && r <= 0x061A, 0x064B <= r && r <= 0x065F, r == 0x0670:
		return true
	}
	return false
}

// foldLetters spells plainly the letters that decomposition leaves as
// they are.
var foldLetters = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'đ': "d", 'ð': "d", 'ł': "l", 'þ': "th", 'ı': "i", 'ς': "σ",
}

var foldCache sync.Map // rune → string

// fold returns a character as tokens hold it, "" for a mark folding
// removes; see the rules above.
func fold(r rune) string {
	if r < utf8.RuneSelf {
		if c := asciiClass[r]; c != 0 {
			return string(rune(c))
		}
		return string(r)
	}
	if f, ok := foldCache.Load(r); ok {
		return f.(string)
	}
	var b strings.Builder
	for _, d := range norm.NFKD.String(string(r)) {
		if foldedMark(d) {
			continue
		}
		d = unicode.ToLower(d)
		if s, ok := foldLetters[d]; ok {
			b.WriteString(s)
			continue
		}
		b.WriteRune(d)
	}
	f := norm.NFC.String(b.String())
	foldCache.Store(r, f)
	return f
}
