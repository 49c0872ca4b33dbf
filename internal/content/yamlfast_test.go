package content

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"dossier/internal/corpus"
	"dossier/internal/pieces"

	"github.com/adrg/frontmatter"
	"golang.org/x/tools/txtar"
)

// diffNodes describes the first difference between two node trees, or
// returns "" when they are alike in kind, tag, value, position and order.
func diffNodes(path string, got, want *node) string {
	switch {
	case got == nil && want == nil:
		return ""
	case got == nil || want == nil:
		return fmt.Sprintf("%s: got %v, want %v", path, got, want)
	case got.kind != want.kind || got.tag != want.tag || got.value != want.value || got.pos != want.pos:
		return fmt.Sprintf("%s: got kind %d tag %q value %q at %s; want kind %d tag %q value %q at %s",
			path, got.kind, got.tag, got.value, got.pos, want.kind, want.tag, want.value, want.pos)
	case len(got.keys) != len(want.keys) || len(got.items) != len(want.items):
		return fmt.Sprintf("%s: got %d keys, %d items; want %d keys, %d items",
			path, len(got.keys), len(got.items), len(want.keys), len(want.items))
	}
	for i := range got.keys {
		if d := diffNodes(fmt.Sprintf("%s.key%d", path, i), got.keys[i], want.keys[i]); d != "" {
			return d
		}
	}
	for i := range got.items {
		if d := diffNodes(fmt.Sprintf("%s[%d]", path, i), got.items[i], want.items[i]); d != "" {
			return d
		}
	}
	return ""
}

// compareYAMLFast runs both paths on the front matter fm and returns
// whether the fast path accepted it, and how it differs from the decoder
// when it did ("" when alike).
func compareYAMLFast(fm []byte) (accepted bool, diff string) {
	const file, lineOffset = "content/articles/a.md", 3
	// In pieces of a string shared with another front matter, as
	// loading makes them.
	strs := pieces.ChunkedStrings(1 << 16)
	strs.Bytes([]byte("title: before\n"))
	fast, ok := parseYAMLFast(file, fm, lineOffset, strs)
	if !ok {
		return false, ""
	}
	slow, err := decodeYAML(file, fm, lineOffset)
	if err != nil {
		return true, fmt.Sprintf("fast path accepts what the decoder refuses: %v", err)
	}
	return true, diffNodes("front matter", fast, slow)
}

// yamlFastCases are front matters the fast path must accept, and read as
// the decoder does, or decline. FuzzYAMLFast starts from them too.
var yamlFastCases = []struct {
	name   string
	fm     string
	accept bool
}{
	{"plain", "title: A title\ndate: 2015-02-12\n", true},
	{"no final line break", "title: A", true},
	{"quoted", "title: \"A \\\"quoted\\\" title\"\nauthor: 'It''s me'\n", true},
	{"quoted spaces kept", "a: \"  x  \"\nb: '  y  '\n", true},
	{"empty quoted", "a: \"\"\nb: ''\n", true},
	{"escapes", `a: "\0\a\b\t\n\v\f\r\e\ \"\\\N\_\L\P\x41\xe9\u00e9\U0001F600'\'"` + "\n", true},
	{"unknown escape", `a: "\q"` + "\n", false},
	{"escaped slash, which YAML 1.2 has and the decoder not", `a: "\/"` + "\n", false},
	{"surrogate escape", `a: "\ud800"` + "\n", false},
	{"escape out of range", `a: "\U00110000"` + "\n", false},
	{"short escape", `a: "\x4"` + "\n", false},
	{"escaped line break", "a: \"x\\\n  y\"\n", false},
	{"multi-line double quoted", "a: \"x\n  y\"\n", false},
	{"multi-line single quoted", "a: 'x\n  y'\n", false},
	{"text after quote", "a: \"x\" y\n", false},
	{"quoted key", "\"a\": x\n", false},
	{"comment after quote", "a: \"x\"  # note\n", true},
	{"comment after plain", "date: 2015-02            # or 2015-02-12\n", true},
	{"hash inside plain", "a: C# and F#\nb: x #y\n", true},
	{"hash after quote without space", "a: \"x\"#y\n", false},
	{"comment lines", "# top\ntitle: A\n  # indented\n\n# between\ndate: 2015\n#end", true},
	{"null forms", "a:\nb: ~\nc: null\nd: Null\ne: NULL\nf: nULL\ng:   \nh: # nothing\n", true},
	{"bools", "a: true\nb: True\nc: TRUE\nd: false\ne: False\nf: FALSE\ng: yes\nh: on\ni: tRUE\n", true},
	{"ints", "a: 1\nb: -1\nc: +1\nd: 0x1F\ne: 0o17\nf: 0b101\ng: -0b101\nh: -0o17\ni: 1_000\nj: 017\nk: 08\nl: 9223372036854775808\nm: 18446744073709551616\nn: 0b\no: -0x1F\np: 0x_1\nq: 1__0\n", true},
	{"floats", "a: 1.5\nb: .5\nc: 1e3\nd: .inf\ne: -.Inf\nf: +.INF\ng: .nan\nh: .NaN\ni: 1.\nj: 1e\nk: .x\nl: ._5\nm: 1_0.5\nn: +.5\no: 0x1p-2\np: .Nan\nq: 1.5.5\n", true},
	{"timestamps", "a: 2015-02-12\nb: 2015-2-1\nc: 2015-02-30\nd: 2016-02-29\ne: 2015-02\nf: 2015\ng: 2015-02-12T09:30:00Z\nh: 2015-02-12 09:30:00\ni: 2015-02-12t09:30:00+08:00\nj: 2015-02-12 09:30\nk: 20150-01-01\nl: 2015-1-1T1:2:3Z\nm: 2015-13-01\nn: 2015-02-12T25:00:00Z\n", true},
	{"merge key value", "a: <<\n", true},
	{"numeric keys", "1: a\ntrue: b\nnull: c\n2015-02-12: d\n0x1F: e\n", true},
	{"key characters", "source_url: x\na-b.c: y\n_x: z\n", true},
	{"key starting with a dash", "-a: x\n", false},
	{"key with a space", "a b: x\n", false},
	{"key without a space after the colon", "a:b\n", false},
	{"long key", strings.Repeat("k", maxFastKey+1) + ": x\n", false},
	{"longest key", strings.Repeat("k", maxFastKey) + ": x\n", true},
	{"colon in plain value", "a: b: c\n", false},
	{"final colon in plain value", "a: b:\n", false},
	{"url in plain value", "a: https://example.com/x?y=1#z\n", true},
	{"indicators in plain value", "a: b, c [d] {e} & * ! | > % @ ` ' \"\n", true},
	{"plain values that may not start so", "a: &x\n", false},
	{"alias", "a: *x\n", false},
	{"tag", "a: !!str 1\n", false},
	{"block scalar", "a: |\n  x\n", false},
	{"folded scalar", "a: >\n  x\n", false},
	{"flow mapping", "a: {b: c}\n", false},
	{"negative number", "a: -5\nb: -x\nc: -.5\n", true},
	{"lone dash value", "a: -\n", false},
	{"dash and space value", "a: - x\n", false},
	{"continued plain scalar", "a: x\n  y\n", false},
	{"continued after comment", "a: x\n  # c\n  y\n", false},
	{"nested mapping", "a:\n  b: c\n", false},
	{"top mapping indented", "  a: x\n  b: y\n", false},
	{"top sequence", "- a\n- b\n", false},
	{"top scalar", "just text\n", false},
	{"empty", "", false},
	{"only comments", "# nothing\n", false},
	{"tab", "a:\tx\n", false},
	{"tab in quotes", "a: \"x\ty\"\n", false},
	{"carriage return", "a: x\r\nb: y\r\n", false},
	{"control character", "a: x\x01y\n", false},
	{"byte order mark", "a: x\ufeffy\n", false},
	{"line separator", "a: x\u2028y\n", false},
	{"next line", "a: x\u0085y\n", false},
	{"non-ASCII", "titre: « Élan » — été\nb: [é, \"ü\", 'ß', 中文]\nc: 😀 x\n", true},
	{"non-ASCII before a quote", "a: [é, \"x\"]\n", true},
	{"document start", "a: x\n---\nb: y\n", false},
	{"document end", "a: x\n...\n", false},
	{"directive", "%YAML 1.2\na: x\n", false},
	{"complex key", "? a\n: b\n", false},
	{"flow sequences", "a: [x, \"y\", 'z']\nb: []\nc: [ ]\nd: [ x ,  y  ]\ne: [1, true, ~, 2015-02-12, .5]\nf: [United States, U.S.]\n", true},
	{"flow sequence then comment", "a: [x] # c\n", true},
	{"flow sequence then text", "a: [x] y\n", false},
	{"flow sequence over lines", "a: [x,\n  y]\n", false},
	{"flow trailing comma", "a: [x, ]\n", false},
	{"flow empty entry", "a: [x,, y]\n", false},
	{"flow leading comma", "a: [, x]\n", false},
	{"flow nested", "a: [[x]]\n", false},
	{"flow mapping entry", "a: [x: y]\n", false},
	{"flow colon", "a: [x:y]\n", false},
	{"flow question mark", "a: [? x]\n", false},
	{"flow hash", "a: [x #y]\n", false},
	{"flow unclosed", "a: [x\n", false},
	{"flow dash", "a: [- x]\n", false},
	{"flow negative", "a: [-1, -x]\n", true},
	{"flow quoted then colon", "a: [\"x\": y]\n", false},
	{"flow plain with quotes inside", "a: [it's, say \"hi\"]\n", true},
	{"flow in block sequence", "a:\n  - [x]\n", false},
	{"block sequence", "a:\n  - x\n  - \"y\"\n  - 'z'\nb: c\n", true},
	{"block sequence not indented", "a:\n- x\n- y\nb: c\n", true},
	{"block sequence at end", "a:\n  - x\n", true},
	{"block sequence with comments", "a:\n  # first\n  - x\n# between\n  - y # after\n\nb: c\n", true},
	{"block sequence, extra spaces", "a:\n    -   x\n    - y\n", true},
	{"empty item", "a:\n  -\n  - x\n", false},
	{"item on the next line", "a:\n  -\n    x\n", false},
	{"item then comment", "a:\n  - # c\n", false},
	{"nested sequence", "a:\n  - - x\n", false},
	{"sequence then deeper line", "a:\n  - x\n    y\n", false},
	{"sequence then shallower line", "a:\n  - x\n y: z\n", false},
	{"sequence then key at its column", "a:\n  - x\n  b: y\n", false},
	{"annotations", "annotations:\n  - quote: \"x\"\n    kind: claim\n    claim: c-1\n    about: [A, \"B\"]\n  - quote: y\n    note:\n    prefix: 'p '\ntitle: T\n", true},
	{"annotations not indented", "annotations:\n- quote: x\n  note: y\n- quote: z\ntitle: T\n", true},
	{"annotations with comments", "annotations:\n  - quote: x\n    # c\n    note: y # c\n  # c\n  - quote: z\n", true},
	{"annotation, extra spaces", "annotations:\n  -   quote: x\n      note: y\n", true},
	{"annotation key misaligned", "annotations:\n  - quote: x\n     note: y\n", false},
	{"annotation key shallower", "annotations:\n  - quote: x\n   note: y\n", false},
	{"annotation with a nested sequence", "annotations:\n  - about:\n      - x\n", false},
	{"annotation with a sequence not indented", "annotations:\n  - about:\n    - x\n", false},
	{"annotation null then next", "annotations:\n  - note:\n  - note:\ntitle: x\n", true},
	{"mapping item, then item of scalars", "a:\n  - k: v\n  - x\n", true},
	{"duplicate keys", "a: x\na: y\n", true},
	{"key in item without space", "a:\n  - k:v\n", true},
	{"scalar item with colon", "a:\n  - k v: w\n", false},
	{"key followed by spaces", "a:   \nb: x\n", true},
	{"value after several spaces", "a:      x\n", true},
	{"blank lines with spaces", "a: x\n   \n\nb: y\n  \n", true},
	{"plain value with many spaces", "a: x   y    z   \n", true},
	{"single quote doubled at end", "a: 'x'''\n", true},
	{"single quote unclosed", "a: 'x''\n", false},
	{"comment before an indentless sequence", "a:\n# c\n- x\n", true},
	{"comment between items, shallower", "a:\n  - x\n # c\n  - y\n", true},
	{"comment in an item's mapping, first column", "a:\n  - k: v\n# c\n    n: w\n", true},
	{"comment after a key without value", "a:   # c\n  - x\nb: # c\nc: y\n", true},
	{"comments after and below an item's value", "a:\n  - k: v # c\n  # d\n    n: w\n", true},
	{"comment after a value, then a comment line", "a: x # c\n# d\nb: y\n", true},
	{"bare hash after a plain value", "a: x #\n", true},
	{"comment after a single-quoted value", "a: 'x' # c\n", true},
	{"comment after the last line, no line break", "a: x\n# c", true},
	{"key at end without line break", "a:", true},
	{"many flow items", "a: [" + strings.Repeat("é, ", 300) + "x]\n", true},
	{"continuation after blank lines", "a: x\n\n  \n  - y\n", false},
	{"sequence then dash at first column", "a:\n  - x\n- y\n", false},
	{"dash line at top", "a: x\n- y\n", false},
	{"key followed by hash", "a:#\n", false},
	{"plain value with non-breaking space at end", "a: x\u00a0\n", true},
	{"ideographic space first", "a: \u3000x\n", true},
	{"key with a long item key", "a:\n  - " + strings.Repeat("k", maxFastKey+1) + ": v\n", false},
	{"numeric key in item", "a:\n  - 1: x\n    2: y\n", true},
}

// TestParseYAMLFast checks what the fast path accepts, each compared with
// the decoder, and what it must decline.
func TestParseYAMLFast(t *testing.T) {
	for _, tt := range yamlFastCases {
		t.Run(tt.name, func(t *testing.T) {
			accepted, diff := compareYAMLFast([]byte(tt.fm))
			if accepted != tt.accept {
				t.Errorf("parseYAMLFast(%q) accepted = %v; want %v", tt.fm, accepted, tt.accept)
			}
			if diff != "" {
				t.Errorf("parseYAMLFast(%q) differs from the decoder: %s", tt.fm, diff)
			}
		})
	}
}

// yamlFrontMatter returns the YAML front matter of a content file as
// parseYAML is handed it, by the same adrg/frontmatter call split makes.
func yamlFrontMatter(data []byte) ([]byte, bool) {
	var fm []byte
	found := false
	capture := func(b []byte, _ any) error {
		fm, found = bytes.Clone(b), true
		return nil
	}
	_, err := frontmatter.Parse(bytes.NewReader(bytes.TrimPrefix(data, utf8BOM)), nil, frontmatter.NewFormat("---", "---", capture))
	return fm, err == nil && found
}

// repositoryFiles returns every content file of the repository: the
// shipped dossier, the build's test cases, and the inputs kept by the
// fuzz targets of this package, by name.
func repositoryFiles(t testing.TB) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir("../../content", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files[p], err = os.ReadFile(p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	archives, _ := filepath.Glob("../build/testdata/*/*.txtar")
	for _, a := range archives {
		ar, err := txtar.ParseFile(a)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if strings.HasPrefix(f.Name, "content/") {
				files[a+":"+f.Name] = f.Data
			}
		}
	}
	kept, _ := filepath.Glob("testdata/fuzz/*/*")
	for _, p := range kept {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		// The last value of a kept input is the file's or the front
		// matter's bytes: []byte("…").
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		last := lines[len(lines)-1]
		if s, ok := strings.CutPrefix(last, "[]byte("); ok {
			if b, err := strconv.Unquote(strings.TrimSuffix(s, ")")); err == nil {
				files[p] = []byte(b)
			}
		}
	}
	return files
}

// TestParseYAMLFastRepository compares both paths on every front matter in
// the repository and on a generated corpus, and requires the fast path to
// read all of the shipped dossier and of the corpus the benchmarks build.
func TestParseYAMLFastRepository(t *testing.T) {
	mustAccept := map[string]bool{}
	files := repositoryFiles(t)
	for p := range files {
		if strings.HasPrefix(p, "../../content/") {
			mustAccept[p] = true
		}
	}
	for _, seed := range []uint64{1, 2} {
		for _, f := range corpus.Generate(corpus.Options{Articles: 500, Seed: seed}) {
			p := fmt.Sprintf("corpus %d: %s", seed, f.Path)
			files[p], mustAccept[p] = f.Data, true
		}
	}
	accepted, yaml := 0, 0
	for p, data := range files {
		fm, ok := yamlFrontMatter(data)
		if !ok {
			if mustAccept[p] {
				t.Errorf("%s: no YAML front matter", p)
			}
			continue
		}
		yaml++
		ok, diff := compareYAMLFast(fm)
		if diff != "" {
			t.Errorf("%s: %s", p, diff)
		}
		if ok {
			accepted++
		} else if mustAccept[p] {
			t.Errorf("%s: parseYAMLFast declines its front matter:\n%s", p, fm)
		}
	}
	t.Logf("%d files, %d with YAML front matter, %d of them read by the fast path", len(files), yaml, accepted)
}

// yamlPieces are what generatedFrontMatter makes front matter of: keys
// and values of every kind the fast path reads, and of many it must
// decline.
var yamlPieces = struct {
	keys, badKeys, values, badValues []string
}{
	keys:    []string{"title", "a", "quote", "note", "about", "source_url", "1", "true", "null", "2015-02-12", "a-b.c", "0x1F", "_k"},
	badKeys: []string{"<<", `"q"`, "'q'", "a b", "-k", ".k", "é", "? k", "k:k", "[k]", "&a k", "*k", "~"},
	values: []string{
		"x", "Xiaomi's store", "a b  c", "C#", "x #c", "x # c", "x #", "http://x.y/z?q#f", "a, b [c] {d}", "-x", "-x-", "a'b\"c",
		"1", "-1", "+1", "0x1F", "-0x1F", "0o17", "-0o17", "0b11", "-0b11", "0b", "1_000", "017", "08", "9223372036854775808", "18446744073709551616",
		"1.5", ".5", "._5", "1e3", "1.", "1e", ".inf", "-.Inf", ".nan", ".NAN", "+.5", "0x1p-2", "1_0.5",
		"true", "False", "TRUE", "tRUE", "yes", "on", "~", "null", "NULL", "nUll", "<<", "<",
		"2015", "2015-02", "2015-02-12", "2015-2-3", "2015-02-30", "2016-02-29", "2015-13-01", "2015-02-12T09:30:00Z",
		"2015-02-12 09:30:00", "2015-02-12t1:2:3+08:00", "2015-02-12 09:30", "2015-02-12T25:00:00Z", "20150-01-01",
		`"x"`, `""`, `"a \"b\""`, `"\u00e9\x41\U0001F600"`, `"\t\n\\\0\e\N\_\L\P\ "`, `"a" # c`, `"#"`, `" x "`, `"it's"`,
		`'x'`, `''`, `'it''s'`, `'a'''`, `' x '`, `'a"b'`, `'\n'`,
		"[a, b]", "[]", "[ ]", `["a", 'b', c d]`, "[a] # c", "[-1, -a]", "[1, ~, true, 2015-02-12]", "[ a , b ]", "[é, 😀]",
		"é", "« été »", "x\u00a0", "\u3000x", "😀",
	},
	badValues: []string{
		"x:", "a: b", "-", "- x", "?x", "? x", ":x", "&a x", "*a", "!!str x", "!x", "|", ">", "|-", "{a: b}", "{}", "%x", "@x", "`x",
		`"\/"`, `"\q"`, `"a`, `"a" b`, `"a"#c`, `"a":`, `"\ud800"`, `"\x4"`, `"a\`, "'a", "'a' b", "'a'#c", "'a':",
		"[a,]", "[a,,b]", "[,a]", "[a: b]", "[a, [b]]", "[a", "[a]x", "[? a]", "[a#b]", "[a #b]", "[- a]", `["a": b]`, "[a]#c",
		"x\ty", "x\ry", "x\u2028y", "x\u0085y", "x\ufeffy", "x\x01y", "x\x7fy", "...", "---",
	},
}

// generatedFrontMatter puts together front matter from the pieces above:
// keys at the first column, each with a value, nothing, or a sequence of
// scalars or of mappings below it, with comments and blank lines between;
// and, now and then, a piece or an indentation the fast path declines.
func generatedFrontMatter(rng *rand.Rand) []byte {
	odd := func() bool { return rng.IntN(40) == 0 }
	key := func() string {
		if odd() {
			return yamlPieces.badKeys[rng.IntN(len(yamlPieces.badKeys))]
		}
		return yamlPieces.keys[rng.IntN(len(yamlPieces.keys))]
	}
	value := func() string {
		if odd() {
			return yamlPieces.badValues[rng.IntN(len(yamlPieces.badValues))]
		}
		return yamlPieces.values[rng.IntN(len(yamlPieces.values))]
	}
	indent := func(n int) string {
		if odd() {
			n += rng.IntN(3) - 1
		}
		return strings.Repeat(" ", max(n, 0))
	}
	var b strings.Builder
	line := func(s string) {
		for range rng.IntN(4) / 3 {
			switch rng.IntN(3) {
			case 0:
				b.WriteString("\n")
			case 1:
				b.WriteString(strings.Repeat(" ", rng.IntN(5)) + "\n")
			case 2:
				b.WriteString(strings.Repeat(" ", rng.IntN(7)) + "# comment\n")
			}
		}
		b.WriteString(s)
		if rng.IntN(6) == 0 {
			b.WriteString(" # comment")
		}
		b.WriteString("\n")
	}
	for range 1 + rng.IntN(6) {
		if rng.IntN(3) > 0 {
			line(indent(0) + key() + ": " + value())
			continue
		}
		line(indent(0) + key() + ":")
		seq := []int{0, 2, 4}[rng.IntN(3)]
		for range rng.IntN(4) {
			if rng.IntN(2) == 0 {
				line(indent(seq) + "- " + value())
				continue
			}
			gap := 1 + rng.IntN(2)
			line(indent(seq) + "-" + strings.Repeat(" ", gap) + key() + ": " + value())
			for range rng.IntN(4) {
				if rng.IntN(4) == 0 {
					line(indent(seq+1+gap) + key() + ":")
				} else {
					line(indent(seq+1+gap) + key() + ": " + value())
				}
			}
		}
	}
	out := b.String()
	if rng.IntN(10) == 0 {
		out = strings.TrimSuffix(out, "\n")
	}
	return []byte(out)
}

// TestParseYAMLFastGenerated compares both paths on front matters put
// together at random from pieces, many of them tricky.
func TestParseYAMLFastGenerated(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 2000
	}
	rng := rand.New(rand.NewPCG(1, 2))
	accepted := 0
	for range n {
		fm := generatedFrontMatter(rng)
		ok, diff := compareYAMLFast(fm)
		if diff != "" {
			t.Errorf("parseYAMLFast(%q) differs from the decoder: %s", fm, diff)
		}
		if ok {
			accepted++
		}
	}
	t.Logf("%d front matters, %d read by the fast path", n, accepted)
}
