// Package corpus writes synthetic dossiers for benchmarks: N articles in the
// content schema, with the shape of real news archives. It is the Go twin of
// the shared bench/gencorpus.py (same schema and proportions, not the same
// bytes), so that the project's benchmarks need nothing outside it.
//
// Entity frequencies follow a power law, as in real news: a few companies
// appear in a third of all articles. Bodies are about 6 KB of Markdown with
// headings, lists, block quotes, emphasis and links, and some paragraphs end
// with a quotation that an annotation is anchored to.
//
// The same Options always give the same files.
package corpus

import (
	"fmt"
	"iter"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

var (
	words = strings.Fields(`market smartphone launch sales growth revenue share consumer device store online retail
strategy expansion partner carrier patent license design engineering antenna testing
certification support service brand quality price margin volume supply chain factory
analyst forecast quarter year region country government policy tariff competition rival
leader startup investor valuation funding software update feature camera battery screen
chip network data cloud platform ecosystem developer community feedback review`)
	first    = strings.Fields("Ada Bruno Chen Dara Elif Farid Greta Hugo Ines Jun Kofi Lena Mateo Nia Omar Priya Quentin Rosa Sven Tomoko Uma Viktor Wen Xena Yusuf Zara")
	last     = strings.Fields("Abara Berg Castillo Dubois Eze Fischer Garcia Haddad Ito Jensen Kowalski Lindqvist Moreau Nakamura Okafor Petrov Quinn Rossi Sato Tanaka Ueda Varga Wang Xu Yilmaz Zhou")
	coFirst  = strings.Fields("Acme Blue Crest Delta Echo Flux Granite Helio Iron Jade Kite Lumen Nova Orbit Pixel Quartz Raven Summit Tidal Umbra Vertex Willow Xenon Yarrow Zenith")
	coSecond = strings.Fields("Mobile Devices Telecom Electronics Systems Networks Labs Technologies Semiconductor Digital")
	regions  = strings.Split("United States|China|India|Brazil|Russia|Germany|France|United Kingdom|Japan|South Korea|Taiwan|Hong Kong|"+
		"Indonesia|Vietnam|Mexico|Canada|Spain|Italy|Poland|Turkey|Nigeria|Kenya|Egypt|South Africa|Australia|"+
		"Argentina|Chile|Colombia|Peru|Thailand|Malaysia|Philippines|Singapore|Pakistan|Bangladesh|Saudi Arabia|"+
		"United Arab Emirates|Israel|Sweden|Norway|Finland|Denmark|Netherlands|Belgium|Switzerland|Austria|"+
		"Czech Republic|Hungary|Romania|Ukraine|Greece|Portugal|Ireland|New Zealand|Iran|Iraq|Morocco|Algeria|"+
		"Ghana|Ethiopia", "|")
	pubs = []string{"The Daily Wire Service", "Tech Ledger", "Market Watchtower", "Global Business Times", "Silicon Review",
		"Asia Tech Journal", "Mobile World Report", "The Gadget Post", "Finance Herald", "Industry Insider"}
	verbs = []string{"weighs", "plans", "delays", "expands", "enters", "exits"}
	moves = []string{"launch", "expansion", "sales push", "partnership", "store"}
)

// Options say what to write.
type Options struct {
	Articles int
	Seed     uint64
}

// File is one file of the corpus, its path relative to the content folder.
type File struct {
	Path string
	Data []byte
}

// Generate returns the corpus's files: articles/a000000.md … and a few
// profiles of each kind.
func Generate(opts Options) []File {
	files := make([]File, 0, opts.Articles+20)
	for f := range Files(opts) {
		files = append(files, f)
	}
	return files
}

// Files yields the files Generate returns, one at a time, so that a large
// corpus can be written without being held in memory.
func Files(opts Options) iter.Seq[File] {
	return func(yield func(File) bool) {
		rng := rand.New(rand.NewPCG(opts.Seed, 0x0d055e7))
		n := opts.Articles

		companies := cross(coFirst, coSecond)
		rng.Shuffle(len(companies), func(i, j int) { companies[i], companies[j] = companies[j], companies[i] })
		companies = companies[:max(20, min(len(companies), n/20))]
		execs := cross(first, last)
		rng.Shuffle(len(execs), func(i, j int) { execs[i], execs[j] = execs[j], execs[i] })
		execs = execs[:max(30, min(len(execs), n/15))]
		execCo := map[string]string{}
		for _, e := range execs {
			execCo[e] = companies[rng.IntN(len(companies))]
		}

		for i := range n {
			if !yield(File{Path: fmt.Sprintf("articles/a%06d.md", i), Data: article(rng, i, companies, execs)}) {
				return
			}
		}
		for _, e := range execs[:10] {
			body := sentence(rng, []string{e}) + " " + sentence(rng, []string{e})
			if !yield(File{
				Path: "executives/" + slug(e) + ".md",
				Data: fmt.Appendf(nil, "---\nname: %q\ncompany: %q\nrole: \"Vice President\"\n---\n\n%s\n", e, execCo[e], body),
			}) {
				return
			}
		}
		for _, c := range companies[:10] {
			body := sentence(rng, []string{c}) + " " + sentence(rng, []string{c})
			if !yield(File{
				Path: "companies/" + slug(c) + ".md",
				Data: fmt.Appendf(nil, "---\nname: %q\n---\n\n%s\n", c, body),
			}) {
				return
			}
		}
	}
}

// Write writes the corpus into dir/content and returns the content folder.
func Write(dir string, opts Options) (string, error) {
	root := filepath.Join(dir, "content")
	made := map[string]bool{}
	for f := range Files(opts) {
		p := filepath.Join(root, filepath.FromSlash(f.Path))
		if d := filepath.Dir(p); !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return "", err
			}
			made[d] = true
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return "", err
		}
	}
	return root, nil
}

func article(rng *rand.Rand, i int, companies, execs []string) []byte {
	cos := zipf(rng, companies, 1+rng.IntN(4))
	regs := zipf(rng, regions, 1+rng.IntN(3))
	exs := zipf(rng, execs, rng.IntN(4))
	names := slices.Concat(cos, regs, exs)
	y, m, d := 2008+rng.IntN(18), 1+rng.IntN(12), 1+rng.IntN(28)
	title := fmt.Sprintf("%s %s %s %s (%d)", cos[0], pick(rng, verbs), regs[0], pick(rng, moves), i)

	var paras, quotes, speakers []string
	for p := range 6 + rng.IntN(7) {
		var para []string
		for range 3 + rng.IntN(4) {
			para = append(para, sentence(rng, names))
		}
		text := strings.Join(para, " ")
		if len(exs) > 0 && rng.Float64() < 0.3 {
			q := capitalize(phrase(rng, 8+rng.IntN(9)))
			speaker := pick(rng, exs)
			quotes, speakers = append(quotes, q), append(speakers, speaker)
			text += fmt.Sprintf(" \"%s,\" %s said.", q, speaker)
		}
		paras = append(paras, text)
		switch p {
		case 2:
			paras = append(paras, "## "+capitalize(phrase(rng, 4)))
		case 4:
			var items []string
			for range 3 {
				items = append(items, "- "+sentence(rng, names))
			}
			paras = append(paras, strings.Join(items, "\n"))
		case 6:
			paras = append(paras, "> "+sentence(rng, names))
		}
	}
	if rng.Float64() < 0.5 {
		paras = append(paras, fmt.Sprintf("Read more at [%s](https://example.com/%d).", pick(rng, pubs), i))
	}

	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %q\ndate: %04d-%02d-%02d\nsource: %q\nsource_url: \"https://example.com/news/%d\"\n", title, y, m, d, pick(rng, pubs), i)
	fmt.Fprintf(&b, "author: \"%s %s\"\n", pick(rng, first), pick(rng, last))
	fmt.Fprintf(&b, "companies: [%s]\nregions: [%s]\nexecutives: [%s]\n", quoteAll(cos), quoteAll(regs), quoteAll(exs))
	fmt.Fprintf(&b, "summary: %q\n", sentence(rng, names))
	if len(quotes) > 0 {
		b.WriteString("annotations:\n")
		for k, q := range quotes[:min(2, len(quotes))] {
			fmt.Fprintf(&b, "  - quote: %q\n    note: \"Editorial note on %s %s.\"\n", q, pick(rng, words), pick(rng, words))
			// Some annotations are attributed quotes or tracked claims,
			// a claim reported by a handful of articles, as in a real
			// dossier.
			switch {
			case k == 0 && i%4 == 0:
				fmt.Fprintf(&b, "    kind: quote\n    speaker: %q\n", speakers[k])
			case k == 1 && i%3 == 0:
				fmt.Fprintf(&b, "    kind: claim\n    claim: claim-%d\n    about: [%q]\n", i/30, cos[0])
			}
		}
	}
	b.WriteString("---\n\n")
	b.WriteString(strings.Join(paras, "\n\n"))
	b.WriteString("\n")
	return []byte(b.String())
}

// zipf picks k distinct items, item i with a probability falling as a power
// of i, like gencorpus.py's Pareto draw.
func zipf(rng *rand.Rand, pool []string, k int) []string {
	var out []string
	for len(out) < k {
		pareto := math.Pow(1-rng.Float64(), -1/1.1)
		i := min(int(pareto)-1, len(pool)-1)
		if !slices.Contains(out, pool[i]) {
			out = append(out, pool[i])
		}
	}
	return out
}

func sentence(rng *rand.Rand, names []string) string {
	n := 8 + rng.IntN(15)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = pick(rng, words)
	}
	if len(names) > 0 && rng.Float64() < 0.5 {
		at := rng.IntN(len(ws) + 1)
		ws = slices.Insert(ws, at, pick(rng, names))
	}
	if rng.Float64() < 0.15 {
		ws[2] = "*" + ws[2] + "*"
	}
	return capitalize(strings.Join(ws, " ")) + "."
}

func phrase(rng *rand.Rand, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = pick(rng, words)
	}
	return strings.Join(ws, " ")
}

func pick(rng *rand.Rand, list []string) string { return list[rng.IntN(len(list))] }

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func cross(a, b []string) []string {
	var out []string
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+" "+y)
		}
	}
	slices.Sort(out)
	return out
}

func quoteAll(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

func slug(s string) string { return strings.ToLower(strings.ReplaceAll(s, " ", "-")) }
