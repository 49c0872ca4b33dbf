package search

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// tokenCase is a case of testdata/tokens.json, which the client's tests
// (tokens.test.mjs) read too: a text and its tokens, each as its folded
// form and the text it comes from.
type tokenCase struct {
	Name   string      `json:"name"`
	Text   string      `json:"text"`
	Tokens [][2]string `json:"tokens"`
}

func readTokenCases(t *testing.T) []tokenCase {
	t.Helper()
	data, err := os.ReadFile("testdata/tokens.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []tokenCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

func TestTokenize(t *testing.T) {
	for _, c := range readTokenCases(t) {
		t.Run(c.Name, func(t *testing.T) {
			got := [][2]string{}
			for _, tk := range Tokenize(c.Text) {
				got = append(got, [2]string{tk.Text, c.Text[tk.Start:tk.End]})
			}
			if !slices.Equal(got, c.Tokens) {
				t.Errorf("Tokenize(%q) = %q; want %q", c.Text, got, c.Tokens)
			}
		})
	}
}

// FuzzTokenize checks what every tokenizing must give: tokens in order,
// inside the text, each of at most maxTokenRunes characters, and each
// its own single token when tokenized again (folding is idempotent).
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"U.S. market", "Xiaomi's 13.1%", "小米手机 スマートフォン", "Ærø ½", "ΟΔΟΣ", "a.b.c", "'s's"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		prev := 0
		for _, tk := range Tokenize(s) {
			if tk.Start < 0 || tk.End > len(s) || tk.Start >= tk.End {
				t.Fatalf("Tokenize(%q): token %q at [%d, %d)", s, tk.Text, tk.Start, tk.End)
			}
			if tk.Start < prev && !tk.CJK {
				// CJK pairs overlap; others follow each other, but for
				// a character folded to several.
				if prev-tk.Start > utf8.UTFMax*2 {
					t.Fatalf("Tokenize(%q): token %q starts at %d, before %d", s, tk.Text, tk.Start, prev)
				}
			}
			prev = tk.Start
			if n := utf8.RuneCountInString(tk.Text); n > maxTokenRunes || n == 0 {
				t.Fatalf("Tokenize(%q): token %q has %d characters", s, tk.Text, n)
			}
			if again := Tokenize(tk.Text); len(again) != 1 || again[0].Text != tk.Text {
				t.Fatalf("Tokenize(%q): token %q tokenizes again as %v", s, tk.Text, again)
			}
		}
	})
}

// TestScript runs the client's tests (node --test) when node is installed:
// the tokenizer on testdata/tokens.json and the query engine on the index
// of testdata/fixture, written to a temporary folder for them.
func TestScript(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: the client's tests need it")
	}
	dir := t.TempDir()
	writeIndex(t, fixtureIndex(t), dir)
	tests, _ := filepath.Glob("*.test.mjs")
	cmd := exec.Command(node, append([]string{"--test", "--test-reporter=dot"}, tests...)...)
	cmd.Env = append(os.Environ(), "SEARCH_INDEX="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node --test: %v\n%s", err, out)
	}
}

// TestTokenizersAgree tokenizes random texts made of tricky characters
// with this package and with the client's script, which must give the
// same tokens at the same places.
func TestTokenizersAgree(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	pieces := []string{
		"a", "B", "s", "S", "x", "Xiaomi", "U", ".", ",", "'", "’", "ʼ", " ", "-", "—", "1", "3", "0", "13.1", "61,1",
		"é", "e\u0301", "Ø", "ß", "Σ", "ς", "İ", "ı", "ﬁ", "Ａ", "１", "½", "①", "小", "米", "手", "ー", "ガ", "カ\u3099",
		"삼", "성", "ि", "ं", "ह", "م", "\u064F", "ء", "\u05B8", "א", "Ё", "\u0308", "!", "\"", "“", "\n", "𝔸", "😀",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	texts := make([]string, 3000)
	for i := range texts {
		var b strings.Builder
		for range 1 + rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		texts[i] = b.String()
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "texts.json")
	data, _ := json.Marshal(texts)
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	script, _ := filepath.Abs("../../static/search.js")
	prog := `const {tokenize} = require(process.argv[1]);
const texts = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
process.stdout.write(JSON.stringify(texts.map((s) => tokenize(s).map((t) => [t.text, s.slice(t.start, t.end)]))));`
	out, err := exec.Command(node, "-e", prog, script, in).Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var js [][][2]string
	if err := json.Unmarshal(out, &js); err != nil {
		t.Fatal(err)
	}
	bad := 0
	for i, s := range texts {
		got := [][2]string{}
		for _, tk := range Tokenize(s) {
			got = append(got, [2]string{tk.Text, s[tk.Start:tk.End]})
		}
		if !slices.Equal(got, js[i]) {
			t.Errorf("Tokenize(%q) = %q in Go, %q in search.js", s, got, js[i])
			if bad++; bad > 10 {
				t.FailNow()
			}
		}
	}
}
