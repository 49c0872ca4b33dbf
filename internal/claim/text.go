package claim

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Quantity is a number found in a text, with what the text says of it.
type Quantity struct {
	Text   string // as the text writes it: "13.1 percent", "fifth", "$1.1 billion"
	Number Number
	// Rank is set for an ordinal ("fifth", "2nd") and for a superlative
	// read as first ("China's biggest").
	Rank    bool
	Percent bool
	// Currency is the ISO code of the currency the text gives, "" when
	// it gives none; "¥", which is yuan or yen, is "CNY/JPY".
	Currency string
}

// Unit is the unit the quantity's text gives, "" when it gives none.
func (q Quantity) Unit() Unit {
	switch {
	case q.Rank:
		return Rank
	case q.Percent:
		return Percent
	}
	return Unit(q.Currency)
}

// fits reports whether the quantity can be the value v in unit u: equal,
// and nothing in the text says otherwise of the unit (a rank is an
// ordinal or superlative, a count is not; "%" is not money; "yuan" is not
// USD).
func (q Quantity) fits(v Number, u Unit) bool {
	if !q.Number.Equal(v) {
		return false
	}
	switch {
	case u == "":
		return true
	case u == Rank:
		return q.Rank
	case q.Rank:
		return false
	case u == Percent:
		return q.Currency == ""
	case q.Percent:
		return false
	case q.Currency == "":
		return true
	case u.Currency():
		return strings.Contains(q.Currency, string(u))
	}
	return false
}

// InText reports whether the value v, in unit u, is one of the quantities
// of text, and returns them all, for messages.
func InText(v Number, u Unit, text string) (bool, []Quantity) {
	qs := Find(text)
	for _, q := range qs {
		if q.fits(v, u) {
			return true, qs
		}
	}
	return false, qs
}

// ParseValue reads a value as an annotation's value key gives it: a number
// as figures or words, with a magnitude, and optionally a unit the text
// gives ("13.1", "61.1 million", "one million", "fifth", "13.1 percent",
// "14%", "$1.1 billion"), which it returns. "¥" alone, which is yuan or
// yen, gives no unit.
func ParseValue(s string) (Number, Unit, error) {
	s = strings.TrimSpace(s)
	qs := Find(s)
	if len(qs) != 1 || qs[0].Text != s || (qs[0].Rank && !isOrdinal(s)) {
		return Number{}, "", fmt.Errorf("%q is not a number: write it as figures or words, as the text gives it (13.1, 61.1 million, one million, fifth, 13.1 percent, $1.1 billion)", s)
	}
	q := qs[0]
	u := q.Unit()
	if strings.Contains(string(u), "/") {
		u = ""
	}
	return q.Number, u, nil
}

// isOrdinal reports whether a value read as a rank is an ordinal, not a
// superlative: a value of "biggest" says nothing the passage does not.
func isOrdinal(s string) bool {
	for _, t := range tokenize(s) {
		if t.kind == word && superlatives[t.lower] {
			return false
		}
	}
	return true
}

type tokenKind int

const (
	word tokenKind = iota
	figure
	sign // $ € £ ¥ %
)

type token struct {
	kind       tokenKind
	text       string // as written
	lower      string // words: lower case
	start, end int    // byte offsets in the text
	num        Number // figures
	suffix     string // figures: the letters written against them, lower case ("st", "bn")
}

// figureSuffixes are the letters a figure may have written against it:
// ordinal endings and magnitudes.
var figureSuffixes = map[string]int{"st": -1, "nd": -1, "rd": -1, "th": -1, "k": 3, "m": 6, "mn": 6, "bn": 9, "b": 9, "tn": 12}

// tokenize cuts text into words, figures and signs; other punctuation
// and spaces only separate them. A hyphen separates words too, so that
// "twenty-one" is read as two number words. Digits written against
// letters before them are part of a word ("Mi3", "Q1"), and letters
// written against a figure other than an ordinal ending or a magnitude
// make it a word ("4G").
func tokenize(text string) []token {
	var out []token
	isLetter := func(r rune) bool { return unicode.IsLetter(r) }
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r >= '0' && r <= '9':
			t, end := readFigure(text, i)
			out = append(out, t)
			i = end
		case isLetter(r):
			j := i
			for j < len(text) {
				r, size := utf8.DecodeRuneInString(text[j:])
				if isLetter(r) || unicode.IsDigit(r) {
					j += size
					continue
				}
				// An apostrophe inside a word ("country's") is part of it.
				if (r == '\'' || r == '’') && j+size < len(text) {
					if next, _ := utf8.DecodeRuneInString(text[j+size:]); isLetter(next) {
						j += size
						continue
					}
				}
				break
			}
			out = append(out, token{kind: word, text: text[i:j], lower: strings.ToLower(text[i:j]), start: i, end: j})
			i = j
		case strings.ContainsRune("$€£¥%", r):
			out = append(out, token{kind: sign, text: text[i : i+size], start: i, end: i + size})
			i += size
		default:
			i += size
		}
	}
	return out
}

// readFigure reads the figure at text[i:]: digits, thousands separated by
// commas, a decimal part, and letters written against it.
func readFigure(text string, i int) (token, int) {
	j := i
	isDigit := func(k int) bool { return k < len(text) && text[k] >= '0' && text[k] <= '9' }
	for isDigit(j) {
		j++
	}
	// Groups of three after commas: "1,000,000".
	for j < len(text) && text[j] == ',' && isDigit(j+1) && isDigit(j+2) && isDigit(j+3) && !isDigit(j+4) {
		j += 4
	}
	whole := strings.ReplaceAll(text[i:j], ",", "")
	frac := ""
	if j < len(text) && text[j] == '.' && isDigit(j+1) {
		k := j + 1
		for isDigit(k) {
			k++
		}
		frac = text[j+1 : k]
		j = k
	}
	k := j
	for k < len(text) && (text[k] >= 'a' && text[k] <= 'z' || text[k] >= 'A' && text[k] <= 'Z') {
		k++
	}
	suffix := strings.ToLower(text[j:k])
	mant, err := strconv.ParseInt(whole+frac, 10, 64)
	t := token{kind: figure, text: text[i:k], start: i, end: k, num: Number{mant, -len(frac)}, suffix: suffix}
	if _, ok := figureSuffixes[suffix]; err != nil || (suffix != "" && !ok) {
		// Too long to be a figure anyone compares, or "4G": a word.
		t.kind, t.lower = word, strings.ToLower(t.text)
	}
	return t, k
}

var (
	smallNumbers = func() map[string]int64 {
		m := map[string]int64{}
		for i, w := range []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
			"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"} {
			m[w] = int64(i)
		}
		return m
	}()
	tensNumbers = func() map[string]int64 {
		m := map[string]int64{}
		for i, w := range tensWords {
			if w != "" {
				m[w] = int64(i * 10)
			}
		}
		return m
	}()
	ordinalNumbers = func() map[string]int64 {
		m := map[string]int64{"hundredth": 100}
		for i, w := range ordinalWords {
			if w != "" {
				m[w] = int64(i)
			}
		}
		for i, w := range tensWords {
			if w != "" {
				m[strings.TrimSuffix(w, "y")+"ieth"] = int64(i * 10)
			}
		}
		return m
	}()
	magnitudeWords = map[string]int{"thousand": 3, "million": 6, "mn": 6, "billion": 9, "bn": 9, "trillion": 12, "tn": 12}
	// superlatives are the words read as first: see Find.
	superlatives = map[string]bool{"biggest": true, "largest": true}
	// currencyWords are the words that name a currency after a number.
	currencyWords = map[string]string{"yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "dollar": "USD", "dollars": "USD",
		"euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP", "yen": "JPY", "rupee": "INR", "rupees": "INR"}
	// dollarPrefixes are the letters written against "$" that name a
	// dollar other than the US one.
	dollarPrefixes = map[string]string{"us": "USD", "hk": "HKD", "nt": "TWD", "s": "SGD", "a": "AUD", "c": "CAD", "nz": "NZD", "r": "BRL"}
	signCurrencies = map[string]string{"$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY/JPY"}
)

// Find returns the quantities of text, in order.
//
// Ranks: an ordinal is a rank ("the fifth most popular", "2nd"); an
// ordinal written before a superlative is that rank ("second largest" is
// second). "biggest" and "largest" are read as first only where the text
// says so: alone ("China's biggest smartphone maker", "the largest"), not
// when the words just before say it is one of several ("one of the
// biggest", "among the largest"). Other superlatives ("most popular",
// "leading", "top") are not ranks: they say too little of which.
func Find(text string) []Quantity {
	toks := tokenize(text)
	var out []Quantity
	for i := 0; i < len(toks); {
		q, next, ok := quantityAt(text, toks, i)
		if !ok {
			i++
			continue
		}
		out = append(out, q)
		i = next
	}
	return out
}

// quantityAt reads a quantity starting at toks[i], returning it and the
// index of the token after it.
func quantityAt(text string, toks []token, i int) (Quantity, int, bool) {
	start := i
	var q Quantity
	at := func(k int) *token {
		if k < len(toks) {
			return &toks[k]
		}
		return nil
	}
	// A currency before the number: a sign, "US$", or a code.
	if t := at(i); t != nil && t.kind == word && at(i+1) != nil && at(i+1).text == "$" && at(i+1).start == t.end {
		if code, ok := dollarPrefixes[t.lower]; ok && isNumberStart(at(i+2)) {
			q.Currency, i = code, i+2
		}
	}
	if t := at(i); q.Currency == "" && t != nil && t.kind == sign && t.text != "%" && isNumberStart(at(i+1)) {
		q.Currency, i = signCurrencies[t.text], i+1
	}
	if t := at(i); q.Currency == "" && t != nil && t.kind == word && currencies[t.text] && isNumberStart(at(i+1)) {
		q.Currency, i = t.text, i+1
	}

	t := at(i)
	if t == nil {
		return Quantity{}, 0, false
	}
	switch {
	case t.kind == figure:
		q.Number = t.num
		i++
		if figureSuffixes[t.suffix] < 0 {
			if q.Currency != "" {
				return Quantity{}, 0, false
			}
			q.Rank = true
			i = afterSuperlative(toks, i)
			q.Text = text[toks[start].start:toks[i-1].end]
			return q, i, true
		}
		q.Number = q.Number.scaled(figureSuffixes[t.suffix])
	case t.kind == word && ordinalAt(toks, i) > 0 && q.Currency == "":
		n, next := ordinalAt(toks, i), ordinalEnd(toks, i)
		q.Number, q.Rank = Number{n, 0}, true
		i = afterSuperlative(toks, next)
		q.Text = text[toks[start].start:toks[i-1].end]
		return q, i, true
	case t.kind == word && superlatives[t.lower] && q.Currency == "":
		if severalBefore(toks, i) {
			return Quantity{}, 0, false
		}
		q.Number, q.Rank, q.Text = Number{1, 0}, true, t.text
		return q, i + 1, true
	case t.kind == word:
		n, next, ok := wordNumber(toks, i)
		if !ok {
			return Quantity{}, 0, false
		}
		q.Number, i = n, next
	default:
		return Quantity{}, 0, false
	}
	// A magnitude after the number.
	if t := at(i); t != nil && t.kind == word && magnitudeWords[t.lower] != 0 && (toks[i-1].kind != figure || toks[i-1].suffix == "") {
		q.Number, i = q.Number.scaled(magnitudeWords[t.lower]), i+1
	}
	// A percentage or a currency after it.
	switch t := at(i); {
	case t == nil:
	case t.text == "%" || t.kind == word && (t.lower == "percent" || t.lower == "pct"):
		q.Percent, i = q.Currency == "", i+1
	case t.kind == word && t.lower == "per" && at(i+1) != nil && at(i+1).lower == "cent":
		q.Percent, i = q.Currency == "", i+2
	case q.Currency == "" && t.kind == word && currencyWords[t.lower] != "":
		q.Currency, i = currencyWords[t.lower], i+1
	case q.Currency == "" && t.kind == word && currencies[t.text]:
		q.Currency, i = t.text, i+1
	}
	q.Text = text[toks[start].start:toks[i-1].end]
	return q, i, true
}

// isNumberStart reports whether t can begin a number: a figure or a
// number word.
func isNumberStart(t *token) bool {
	if t == nil {
		return false
	}
	if t.kind == figure {
		return true
	}
	_, small := smallNumbers[t.lower]
	return t.kind == word && (small || tensNumbers[t.lower] != 0 || t.lower == "a" || t.lower == "an")
}

// wordNumber reads a cardinal in words at toks[i]: "zero", "nineteen",
// "twenty-one", "five hundred", "two hundred and fifty", and "a" or "an"
// before "hundred" or a magnitude ("a million").
func wordNumber(toks []token, i int) (Number, int, bool) {
	lower := func(k int) string {
		if k < len(toks) && toks[k].kind == word {
			return toks[k].lower
		}
		return ""
	}
	var v int64
	switch w := lower(i); {
	case w == "a" || w == "an":
		if next := lower(i + 1); next != "hundred" && magnitudeWords[next] == 0 {
			return Number{}, 0, false
		}
		v, i = 1, i+1
	case tensNumbers[w] != 0:
		v, i = tensNumbers[w], i+1
		if n, ok := smallNumbers[lower(i)]; ok && n > 0 && n < 10 {
			v, i = v+n, i+1
		}
	default:
		n, ok := smallNumbers[w]
		if !ok {
			return Number{}, 0, false
		}
		v, i = n, i+1
	}
	if lower(i) != "hundred" {
		return Number{v, 0}, i, true
	}
	i++
	k := i
	if lower(k) == "and" {
		k++
	}
	var rest int64
	if t := tensNumbers[lower(k)]; t != 0 {
		rest, k = t, k+1
		if n, ok := smallNumbers[lower(k)]; ok && n > 0 && n < 10 {
			rest, k = rest+n, k+1
		}
	} else if n, ok := smallNumbers[lower(k)]; ok && n > 0 {
		rest, k = n, k+1
	}
	if rest == 0 {
		return Number{v, 2}, i, true // "five hundred": known to the hundred
	}
	return Number{v*100 + rest, 0}, k, true
}

// ordinalAt returns the rank of the ordinal in words at toks[i]
// ("fifth", "twenty-first"), or 0.
func ordinalAt(toks []token, i int) int64 {
	if toks[i].kind != word {
		return 0
	}
	if n := ordinalNumbers[toks[i].lower]; n > 0 {
		return n
	}
	if t := tensNumbers[toks[i].lower]; t != 0 && i+1 < len(toks) && toks[i+1].kind == word {
		if n := ordinalNumbers[toks[i+1].lower]; n > 0 && n < 10 {
			return t + n
		}
	}
	return 0
}

// ordinalEnd returns the index of the token after the ordinal at toks[i].
func ordinalEnd(toks []token, i int) int {
	if ordinalNumbers[toks[i].lower] > 0 {
		return i + 1
	}
	return i + 2
}

// afterSuperlative returns the index after a superlative right after an
// ordinal ("second largest"), which belongs to the ordinal's rank.
func afterSuperlative(toks []token, i int) int {
	if i < len(toks) && toks[i].kind == word && superlatives[toks[i].lower] {
		return i + 1
	}
	return i
}

// severalBefore reports whether the words before a superlative at
// toks[i] make it one of several: "one of the biggest", "one of its
// largest", "among the biggest".
func severalBefore(toks []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		if toks[k].kind != word {
			return false
		}
		if toks[k].lower == "among" || toks[k].lower == "of" && k > 0 && toks[k-1].lower == "one" {
			return true
		}
	}
	return false
}
