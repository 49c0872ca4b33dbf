package search

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"dossier/internal/content"
	"dossier/internal/dossier"
	"dossier/internal/markdown"
)

// fixtureModel is the model of testdata/fixture, with its texts.
func fixtureModel(t *testing.T) *dossier.Dossier {
	t.Helper()
	c, err := content.Load(os.DirFS("testdata/fixture"), "testdata/fixture")
	if err != nil {
		t.Fatal(err)
	}
	d, diags := dossier.Build(c, markdown.New(), dossier.Options{Search: true})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return d
}

// index makes the index of d as serve does.
func index(d *dossier.Dossier, opts Options) *Index { return Build(d, opts) }

func fixtureIndex(t *testing.T) *Index { return index(fixtureModel(t), Options{}) }

func writeIndex(t *testing.T, ix *Index, dir string) {
	t.Helper()
	for name, data := range ix.Files() {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// posting returns the class of document (kind, id) in term key, or -1.
func classOf(ix *Index, key string, kind int, id uint32) int {
	t := ix.terms[key]
	if t == nil {
		return -1
	}
	for _, p := range t.post {
		if p.kind() == kind && p.id() == id {
			return p.class()
		}
	}
	if kind == kindArticle && t.arts != nil && t.arts[id/64]&(1<<(id%64)) != 0 {
		return classBody
	}
	return -1
}

func articleID(t *testing.T, ix *Index, slug string) uint32 {
	t.Helper()
	for id, a := range ix.cat.articles {
		if a.Slug == slug {
			return uint32(id)
		}
	}
	t.Fatalf("no article %s", slug)
	return 0
}

func claimID(t *testing.T, ix *Index, slug string) uint32 {
	t.Helper()
	for id, c := range ix.cat.claims {
		if c.Slug == slug {
			return uint32(id)
		}
	}
	t.Fatalf("no claim %s", slug)
	return 0
}

func annotationID(t *testing.T, ix *Index, passage string) uint32 {
	t.Helper()
	for id, a := range ix.cat.articles {
		for k, an := range a.Annotations() {
			if an.Passage() == passage {
				return ix.cat.annBase[id] + uint32(k)
			}
		}
	}
	t.Fatalf("no annotation %q", passage)
	return 0
}

// TestClasses checks the weight each field gives a term, which ranking
// reads: a title over a summary over a text.
func TestClasses(t *testing.T) {
	ix := fixtureIndex(t)
	title := articleID(t, ix, "antenna-title")
	text := articleID(t, ix, "antenna")
	tests := []struct {
		key  string
		kind int
		id   uint32
		want int
	}{
		{"antenna", kindArticle, title, classTitle},
		{"antennas", kindArticle, title, classSummary}, // its summary
		{"antenna", kindArticle, text, classBody},
		{"reporter", kindArticle, text, classSummary}, // its author
		{"cnbc", kindArticle, text, classSummary},     // its source
		{"customize the", kindArticle, text, classBody},
		{"antenna troubles", kindArticle, title, classTitle},                                           // a pair in a title
		{"customize", kindAnnotation, annotationID(t, ix, "customize the antenna design"), classTitle}, // a passage
		{"zurich", kindAnnotation, annotationID(t, ix, "customize the antenna design"), classSummary},  // a note
		{"61.1", kindArticle, articleID(t, ix, "sales"), classTitle},
		// A claim annotation's figure: its unit, period, measure and
		// source; and its claim's, through its appearances.
		{"units", kindAnnotation, annotationID(t, ix, "61.1 million smartphones"), classSummary},
		{"quarter", kindAnnotation, annotationID(t, ix, "13.1 percent"), classSummary},
		{"shipments", kindAnnotation, annotationID(t, ix, "13.1 percent"), classSummary},
		{"units", kindClaim, claimID(t, ix, "phones-sold"), classSummary},
		{"shipments", kindClaim, claimID(t, ix, "china-share"), classSummary},
	}
	for _, tt := range tests {
		if got := classOf(ix, tt.key, tt.kind, tt.id); got != tt.want {
			t.Errorf("class of %q in %s %d = %d; want %d", tt.key, kindLetters[tt.kind:tt.kind+1], tt.id, got, tt.want)
		}
	}
	for _, key := range []string{"the customize", "antenna design.", "61", "Xiaomi"} {
		if ix.terms[key] != nil {
			t.Errorf("the index has a term %q", key)
		}
	}
}

// TestContexts checks a term's contexts: the sentence around its first
// use, of its best articles (class, then newest), the summary for an
// article whose text lacks it.
func TestContexts(t *testing.T) {
	ix := fixtureIndex(t)
	ctx := func(key string) []string {
		var out []string
		for _, c := range ix.terms[key].ctx {
			out = append(out, ix.cat.articles[c.p.id()].Slug+": "+c.text)
		}
		return out
	}
	if got, want := ctx("testing"), []string{`antenna: …the antenna design, with a huge amount of testing," he said.`}; !slices.Equal(got, want) {
		t.Errorf("contexts of testing = %q; want %q", got, want)
	}
	got := ctx("antenna")
	want := []string{"antenna-title: An older story about antennas.", `antenna: "With engineering, you have to customize the antenna design, with a huge amount of testing," he said.`}
	// (The word is near the start of its line: the whole sentence.)
	if !slices.Equal(got, want) {
		t.Errorf("contexts of antenna = %q; want %q (the title first, the summary as its context)", got, want)
	}
}

// TestSnippet covers the sentence a context is cut to.
func TestSnippet(t *testing.T) {
	long := strings.Repeat("word ", 30)
	tests := []struct {
		text, word, want string
	}{
		{"First line.\nA short sentence with antenna in it.\nNext.", "antenna", "A short sentence with antenna in it."},
		// From the sentence's start, when it is near; cut at a space.
		{long + "end. The antenna is here. " + long, "antenna", "…The antenna is here. word word word word word word word word word word word word word word word word word word word word word word word…"},
		{long + "no stop before the antenna " + long, "antenna", "…word word word word word word no stop before the antenna word word word word word word word word word word word word word word word word…"},
	}
	for _, tt := range tests {
		start := strings.Index(tt.text, tt.word)
		if got := snippet(tt.text, start, start+len(tt.word)); got != tt.want {
			t.Errorf("snippet(%q, %q) = %q; want %q", tt.text, tt.word, got, tt.want)
		}
	}
}

// TestSummary checks a term's facets' counts, which a query of that word
// shows: here the summary of the values of everything.
func TestSummary(t *testing.T) {
	ix := fixtureIndex(t)
	c := ix.newCounter()
	var all []posting
	for k := range numKinds {
		for id := range ix.rows[k] {
			all = append(all, newPosting(k, uint32(id), 0))
		}
	}
	got := string(c.summary(nil, all))
	// Xiaomi (entity 0) is a value of 13 documents: 4 articles, 4
	// annotations, 2 claims (those its articles' claims are about are
	// none: no claim here is about anything), itself and 2 executives.
	if !strings.HasPrefix(got, "c") {
		t.Fatalf("summary %q does not start with companies", got)
	}
	vals := decode(t, got)
	xiaomi := ix.cat.entID[ix.cat.entities[0]]
	if ix.cat.entities[0].Slug != "xiaomi" || vals["c"][0] != [2]uint32{xiaomi, 10} {
		t.Errorf("summary's companies = %v; want xiaomi (%d) first with 10 documents", vals["c"], xiaomi)
	}
}

func decode(t *testing.T, s string) map[string][][2]uint32 {
	out := map[string][][2]uint32{}
	for i := 0; i < len(s); {
		f := s[i : i+1]
		i++
		n, k := readVarint(s[i:])
		i += k
		for range n {
			id, k := readVarint(s[i:])
			i += k
			count, k := readVarint(s[i:])
			i += k
			out[f] = append(out[f], [2]uint32{id, count})
		}
	}
	return out
}

func readVarint(s string) (uint32, int) {
	var v uint32
	for i := 0; i < len(s); i++ {
		d := uint32(strings.IndexByte(alphabet, s[i]))
		v |= (d & 31) << (5 * i)
		if d&32 == 0 {
			return v, i + 1
		}
	}
	return v, len(s)
}

// TestUpdate edits an article's text, updates the model and the index in
// place, and requires the files an index made anew gives.
func TestUpdate(t *testing.T) {
	fsys := map[string][]byte{}
	root := "testdata/fixture"
	filepath.WalkDir(root, func(p string, de os.DirEntry, err error) error {
		if err == nil && !de.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			fsys[filepath.ToSlash(rel)] = data
		}
		return nil
	})
	load := func() *content.Content {
		m := mapFS(fsys)
		c, err := content.Load(m, "content")
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	md := markdown.New()
	c := load()
	d, diags := dossier.Build(c, md, dossier.Options{Search: true})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	ix := index(d, Options{Updatable: true})
	edits := []struct{ file, old, new string }{
		{"articles/antenna.md", "sells accessories", "sells accessories and certification kits"},
		{"articles/antenna.md", "It's a bit of a tease.", "Accessories first."},    // words and their contexts gone
		{"articles/zurich.md", "no date.", "no date for the antenna and testing."}, // words' best contexts change
		{"articles/sales.md", "reported the share", "reported the share in May"},
	}
	for _, e := range edits {
		fsys[e.file] = []byte(strings.Replace(string(fsys[e.file]), e.old, e.new, 1))
		// Unchanged files keep their values, as the Builder keeps them.
		next := load()
		for i, a := range next.Articles {
			if a.Path != e.file {
				next.Articles[i] = c.Articles[i]
			}
		}
		next.Profiles, next.Claims, next.Index = c.Profiles, c.Claims, c.Index
		c = next
		change, diags, ok := d.Update(c, md)
		if !ok || diags.HasErrors() {
			t.Fatalf("%s: dossier.Update: %v %v", e.file, ok, diags)
		}
		if !ix.Update(d, change.Articles) {
			t.Fatalf("%s: Index.Update refused", e.file)
		}
		fresh := index(d, Options{})
		for name, data := range fresh.Files() {
			if got := ix.Files()[name]; string(got) != string(data) {
				t.Errorf("after editing %s, %s differs from a new index's:\n got %.300s\nwant %.300s", e.file, name, got, data)
			}
		}
		if len(ix.Files()) != len(fresh.Files()) {
			t.Errorf("after editing %s: %d files; a new index has %d", e.file, len(ix.Files()), len(fresh.Files()))
		}
	}
}

func mapFS(files map[string][]byte) fstest.MapFS {
	m := fstest.MapFS{}
	for name, data := range files {
		m[name] = &fstest.MapFile{Data: data}
	}
	return m
}

// TestDeterministic indexes a generated dossier on one goroutine and on
// several, whose workers each number the pairs of words they meet in
// their own order (the frequent ones in rows of bits, the others in
// postings), and requires the same files.
func TestDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes 1,500 articles three times")
	}
	d := benchModel(t, 1500)
	build := func(procs int) map[string][]byte {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		return Build(d, Options{}).Files()
	}
	want := build(1)
	for _, procs := range []int{3, 8} {
		got := build(procs)
		for name, data := range want {
			if g := string(got[name]); g != string(data) {
				i := 0
				for i < min(len(g), len(data)) && g[i] == data[i] {
					i++
				}
				i = max(i-150, 0)
				t.Errorf("on %d goroutines, %s differs from the index made on one at byte %d:\n got …%.300s\nwant …%.300s", procs, name, i+150, g[i:], data[i:])
			}
		}
		if len(got) != len(want) {
			t.Errorf("on %d goroutines: %d files; on one, %d", procs, len(got), len(want))
		}
	}
}

// TestChunkSizes lays out records within a budget of files: the kinds
// with the most files take more records to a file first, and a kind with
// few, the entities, keeps small files.
func TestChunkSizes(t *testing.T) {
	recs := func(counts [numKinds]int, size int) (r [numKinds][][]byte) {
		for k, n := range counts {
			for range n {
				r[k] = append(r[k], make([]byte, size))
			}
		}
		return r
	}
	tests := []struct {
		name   string
		counts [numKinds]int
		budget int
		want   [numKinds]int
	}{
		// 199-byte records: 16 to a file of about recordBytes.
		{"within the budget", [numKinds]int{100, 100, 10, 10}, 100, [numKinds]int{16, 16, 16, 16}},
		{"the kind with most files first", [numKinds]int{1600, 3200, 10, 100}, 250, [numKinds]int{16, 32, 16, 16}},
		{"then the next", [numKinds]int{1600, 3200, 10, 100}, 150, [numKinds]int{32, 64, 16, 16}},
		{"many", [numKinds]int{100000, 110000, 500, 2000}, 2800, [numKinds]int{64, 128, 16, 16}},
	}
	for _, tt := range tests {
		got := chunkSizes(recs(tt.counts, 199), tt.budget)
		if got != tt.want {
			t.Errorf("%s: chunkSizes = %v; want %v", tt.name, got, tt.want)
		}
		files := 0
		for k, n := range got {
			files += (tt.counts[k] + n - 1) / n
		}
		if files > tt.budget {
			t.Errorf("%s: %d files; budget %d", tt.name, files, tt.budget)
		}
	}
}

// TestCountable says a small index's facet values can be counted among a
// query's results, and not when their entries pass countBytes.
func TestCountable(t *testing.T) {
	ix := fixtureIndex(t)
	c := ix.newCounter()
	for k := range numKinds {
		for _, row := range ix.rows[k] {
			c.add(row)
		}
	}
	tops := c.top(countedTop)
	if !ix.countable(tops) {
		t.Errorf("the fixture's values are not countable")
	}
	v := tops[0][0]
	i, ok := slices.BinarySearch(ix.keys, v.key())
	if !ok {
		t.Fatalf("no entry for %s", v.key())
	}
	ix.entries[i] = make([]byte, countBytes+1)
	if ix.countable(tops) {
		t.Errorf("countable with %s's entry of %d bytes", v.key(), countBytes+1)
	}
}
