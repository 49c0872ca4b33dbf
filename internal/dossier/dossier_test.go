package dossier

import (
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"dossier/internal/content"
	"dossier/internal/markdown"
)

// build loads files given as path → text and builds the model.
func build(t *testing.T, files map[string]string) (*Dossier, []string) {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, text := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(text)}
	}
	c, err := content.Load(fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	d, diags := Build(c, markdown.New(), Options{})
	diags.Add(c.Diags)
	diags.Sort()
	var out []string
	for _, x := range diags {
		out = append(out, x.String())
	}
	return d, out
}

func article(title, date, extra string) string {
	return "---\ntitle: " + title + "\ndate: " + date + "\n" + extra + "---\nText about " + title + ".\n"
}

// TestModelErrors covers the problems only the whole dossier can tell.
func TestModelErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		diags []string
	}{
		{
			name: "two articles with one slug",
			files: map[string]string{
				"articles/a.md":      article("A", "2015", ""),
				"articles/2015/a.md": article("B", "2015", ""),
				"articles/c.md":      article("C", "2015", "slug: A\n"),
			},
			diags: []string{
				`content/articles/a.md:1:1: two articles have the slug "a": this one and content/articles/2015/a.md`,
				`content/articles/c.md:4:7: two articles have the slug "a": this one and content/articles/2015/a.md`,
			},
		},
		{
			name: "two profiles for one entity",
			files: map[string]string{
				"markets/us.md":            "---\nname: United States\naliases: [US, America]\n---\n",
				"markets/united-states.md": "---\nname: USA\naliases: [U.S.]\nslug: usa\n---\n",
			},
			diags: []string{
				`content/markets/us.md:3:11: "US" also names "USA" in content/markets/united-states.md: two profiles for one market`,
			},
		},
		{
			name: "two profiles with one slug",
			files: map[string]string{
				"companies/apple.md":     "---\nname: Apple\n---\n",
				"companies/apple-inc.md": "---\nname: Apple Inc\nslug: apple\n---\n",
			},
			diags: []string{
				`content/companies/apple.md:2:7: "Apple" and "Apple Inc" would both be at /companies/apple/: two profiles for one company (the other is content/companies/apple-inc.md)`,
			},
		},
		{
			name: "tag taking another entity's URL",
			files: map[string]string{
				"markets/us.md": "---\nname: U.S.\n---\n",
				"articles/a.md": article("A", "2015", "regions: [U S]\n"),
			},
			diags: []string{
				`content/articles/a.md:4:11: "U S" would be at /markets/u-s/, the page of "U.S." (content/markets/us.md); add it to that profile's aliases or spell it differently`,
			},
		},
		{
			name: "tag without letters",
			files: map[string]string{
				"articles/a.md": article("A", "2015", "companies: [\"...\"]\n"),
			},
			diags: []string{`content/articles/a.md:4:13: "..." has no letter or digit to name a company by`},
		},
		{
			name: "annotations that cannot be anchored or resolved",
			files: map[string]string{
				"executives/hugo-barra.md": "---\nname: Hugo Barra\n---\n",
				"markets/apple.md":         "---\nname: Apple\n---\n",
				"articles/a.md": "---\ntitle: A\ndate: 2015\ncompanies: [Apple, Xiaomi]\nannotations:\n" +
					"  - quote: a 13.2 percent share\n" +
					"  - quote: Xiaomi\n" +
					"  - quote: held a\n    kind: quote\n    speaker: Hugo Bara\n" +
					"  - quote: held a\n    about: [Apple, Lei Jun]\n" +
					"---\nXiaomi held a 13.1 percent share. Xiaomi again.\n",
			},
			diags: []string{
				`content/articles/a.md:6:5: annotation 1: quote not found; closest passage: "a 13.1 percent share"`,
				`content/articles/a.md:7:5: annotation 2: quote matches 2 passages, at lines 14 and 14; add a prefix or suffix to choose one`,
				`content/articles/a.md:10:14: annotation 3: speaker "Hugo Bara" is not known; did you mean "Hugo Barra"?`,
				`content/articles/a.md:12:13: annotation 4: about "Apple" is ambiguous: it names a company and a market`,
				`content/articles/a.md:12:20: annotation 4: about "Lei Jun" is not a known company, market or executive: tag an article with it or add a profile`,
			},
		},
		{
			name: "tagged twice",
			files: map[string]string{
				"articles/a.md": article("A", "2015", "companies: [Xiaomi, xiaomi]\n"),
			},
			diags: []string{`content/articles/a.md:4:21: warning: "xiaomi" is tagged twice`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := build(t, tt.files)
			if strings.Join(got, "\n") != strings.Join(tt.diags, "\n") {
				t.Errorf("diagnostics:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tt.diags, "\n  "))
			}
		})
	}
}

func names(es []*Entity) string {
	var out []string
	for _, e := range es {
		out = append(out, e.Name)
	}
	return strings.Join(out, ", ")
}

func TestEntities(t *testing.T) {
	d, diags := build(t, map[string]string{
		"markets/united-states.md": "---\nname: United States\naliases: [US, USA]\n---\nProfile.\n",
		"executives/barra.md":      "---\nname: Hugo Barra\ncompany: Xiaomi Inc.\nrole: VP\n---\n",
		"articles/a.md":            article("A", "2015-02-12", "regions: [U.S., China]\ncompanies: [Xiaomi, Apple]\nexecutives: [Hugo Barra]\n"),
		"articles/b.md":            article("B", "2015-02", "regions: [usa]\ncompanies: [xiaomi]\n"),
		"articles/c.md":            article("C", "2013", "regions: [u.s]\ncompanies: [XIAOMI]\n"),
	})
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if got := names(d.Entities[content.Market]); got != "China, United States" {
		t.Errorf("markets = %s; want China, United States (U.S., usa and u.s match the profile)", got)
	}
	us := d.Entities[content.Market][1]
	if len(us.Articles) != 3 || us.Slug != "united-states" {
		t.Errorf("United States has %d articles at %q; want 3 at united-states", len(us.Articles), us.Slug)
	}
	if got := names(d.Entities[content.Company]); got != "Apple, Xiaomi, Xiaomi Inc." {
		t.Errorf("companies = %s; want Apple, Xiaomi, Xiaomi Inc. (the executive's company gets a page)", got)
	}
	xiaomi := d.Entities[content.Company][1]
	if xiaomi.Slug != "xiaomi" || len(xiaomi.Articles) != 3 {
		t.Errorf("Xiaomi at %q with %d articles; want xiaomi with 3", xiaomi.Slug, len(xiaomi.Articles))
	}
	barra := d.Entities[content.Executive][0]
	if barra.Company == nil || barra.Company.Name != "Xiaomi Inc." || names(barra.Company.Executives) != "Hugo Barra" {
		t.Errorf("Hugo Barra's company = %v; want Xiaomi Inc. listing him", barra.Company)
	}
	// Articles are newest first; a date known to the month comes after
	// the days of that month.
	var order []string
	for _, a := range d.Articles {
		order = append(order, a.Title)
	}
	if strings.Join(order, " ") != "A B C" {
		t.Errorf("order = %v; want A B C", order)
	}
	if d.Articles[0].Prev != d.Articles[1] || d.Articles[1].Next != d.Articles[0] {
		t.Errorf("prev/next do not follow date order")
	}
	if got := mentioned(xiaomi); got != "United States 3, Apple 1, China 1, Hugo Barra 1" {
		t.Errorf("Xiaomi mentioned with %s", got)
	}
}

func mentioned(e *Entity) string {
	var out []string
	for _, m := range e.Mentioned {
		out = append(out, m.Entity.Name+" "+itoa(m.Count))
	}
	return strings.Join(out, ", ")
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestImplicitEntityName checks that an entity without a profile is named
// by its most frequent spelling and keeps a slug made from its key.
func TestImplicitEntityName(t *testing.T) {
	d, _ := build(t, map[string]string{
		"articles/a.md": article("A", "2015", "regions: [U.S.]\n"),
		"articles/b.md": article("B", "2015", "regions: [US]\n"),
		"articles/c.md": article("C", "2015", "regions: [US]\n"),
	})
	us := d.Entities[content.Market][0]
	if us.Name != "US" || us.Slug != "us" {
		t.Errorf("entity = %q at %q; want US at us", us.Name, us.Slug)
	}
}

// TestSpellings checks which spelling names an entity without a profile
// when tags write it several ways or many: the most frequent, and among
// equals the one met first (files are read in order).
func TestSpellings(t *testing.T) {
	// Spellings of one key: "X.iaomi", "xI.aomi", … (dots and case do not
	// change the key).
	var variants []string
	for i := 1; i < len("xiaomi"); i++ {
		for _, w := range []string{"Xiaomi", "xIAOMI"} {
			variants = append(variants, w[:i]+"."+w[i:])
		}
	}
	tests := []struct {
		name  string
		tags  []int // index in variants of each article's tag, in file order
		wants int
	}{
		{"few, most frequent", []int{0, 1, 1, 2}, 1},
		{"few, tie to the first met", []int{2, 1, 1, 2, 0}, 2},
		{"many, most frequent", []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9}, 9},
		{"many, tie to the first met", []int{3, 0, 1, 2, 4, 5, 6, 7, 8, 9, 9, 3}, 3},
		{"many, all once", []int{5, 0, 1, 2, 3, 4, 6, 7, 8, 9}, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			for i, v := range tt.tags {
				files["articles/a"+itoa(10+i)+".md"] = article("A"+itoa(i), "2015", "companies: ["+variants[v]+"]\n")
			}
			d, diags := build(t, files)
			if len(diags) > 0 || len(d.Entities[content.Company]) != 1 {
				t.Fatalf("%d companies; %v", len(d.Entities[content.Company]), diags)
			}
			e := d.Entities[content.Company][0]
			if e.Name != variants[tt.wants] || e.Slug != "xiaomi" {
				t.Errorf("entity = %q at %q; want %q at xiaomi", e.Name, e.Slug, variants[tt.wants])
			}
			if len(e.names) != len(uniq(tt.tags)) {
				t.Errorf("%d names to match mentions by, want %d: %q", len(e.names), len(uniq(tt.tags)), e.names)
			}
		})
	}
}

func uniq(xs []int) map[int]bool {
	m := map[int]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return m
}

func TestRelated(t *testing.T) {
	d, _ := build(t, map[string]string{
		"articles/a.md": article("A", "2015-01-01", "companies: [Xiaomi]\nexecutives: [Lei Jun]\n"),
		"articles/b.md": article("B", "2015-01-02", "companies: [Xiaomi]\n"),
		"articles/c.md": article("C", "2014-01-01", "companies: [Xiaomi]\nexecutives: [Lei Jun]\n"),
		"articles/d.md": article("D", "2015-01-03", "companies: [Apple]\n"),
	})
	var a *Article
	for _, x := range d.Articles {
		if x.Title == "A" {
			a = x
		}
	}
	var got []string
	for _, r := range a.Related {
		got = append(got, r.Article.Title+"("+names(r.Shared)+")")
	}
	// C shares Xiaomi and the rarer Lei Jun, so it comes first although B
	// is nearer in time; D shares nothing.
	if strings.Join(got, " ") != "C(Xiaomi, Lei Jun) B(Xiaomi)" {
		t.Errorf("related of A = %v", got)
	}
}

// TestArticlePaths checks each article's path: drafts and articles whose
// slug is taken, which are left out, must not shift the others'.
func TestArticlePaths(t *testing.T) {
	d, _ := build(t, map[string]string{
		"articles/a-draft.md":  article("A draft", "2015", "draft: true\n"),
		"articles/b.md":        article("B", "2015", ""),
		"articles/b-again.md":  article("B again", "2015", "slug: b\n"),
		"articles/c-longer.md": article("C", "2016", "slug: a-much-longer-slug\n"),
		"articles/d.md":        article("D", "2017", ""),
	})
	got := map[string]string{}
	for _, a := range d.Articles {
		got[a.Slug] = a.Path()
	}
	want := map[string]string{
		"b":                  "articles/b/",
		"a-much-longer-slug": "articles/a-much-longer-slug/",
		"d":                  "articles/d/",
	}
	if len(got) != len(want) {
		t.Errorf("articles %v; want %v", got, want)
	}
	for slug, p := range want {
		if got[slug] != p {
			t.Errorf("article %q: Path() = %q; want %q", slug, got[slug], p)
		}
	}
}

// TestProvenance checks what the model carries of how an article's date,
// headline and quotes are known, and that lists' fingerprints change with
// the date's basis.
func TestProvenance(t *testing.T) {
	files := map[string]string{
		"articles/a.md": "---\ntitle: A\ntitle_basis: editors\ndate: 2015\ndate_basis: external\ndate_note: \"Outside *knowledge*.\"\nnote: No headline as received.\nexecutives: [Lei Jun]\nannotations:\n  - quote: Not ready\n    kind: quote\n    speaker: Lei Jun\n    speaker_basis: inferred\n---\nNot ready.\n",
		"articles/b.md": article("B", "2015-02-12", ""),
	}
	d, diags := build(t, files)
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	a, b := d.Articles[1], d.Articles[0] // 2015 sorts before February 2015
	if a.Slug != "a" || !a.DatedByEditors() || !a.TitledByEditors() || a.DateBasis != content.BasisExternal {
		t.Errorf("a: DatedByEditors %v, TitledByEditors %v, DateBasis %q; want true, true, external", a.DatedByEditors(), a.TitledByEditors(), a.DateBasis)
	}
	if a.DateNote != "<p>Outside <em>knowledge</em>.</p>\n" || a.Note != "<p>No headline as received.</p>\n" {
		t.Errorf("a: DateNote %q, Note %q; want them rendered", a.DateNote, a.Note)
	}
	if b.DatedByEditors() || b.TitledByEditors() || b.DateNote != "" {
		t.Errorf("b: DatedByEditors %v, TitledByEditors %v, DateNote %q; want the publisher's date and headline", b.DatedByEditors(), b.TitledByEditors(), b.DateNote)
	}
	if qs := d.Entities[content.Executive][0].Quotes(); len(qs) != 1 || !qs[0].SpeakerInferred {
		t.Errorf("Lei Jun's quotes = %v; want one the editors attribute", qs)
	}

	files["articles/a.md"] = strings.Replace(files["articles/a.md"], "external", "inferred", 1)
	d2, _ := build(t, files)
	if d2.Articles[1].ListHash == a.ListHash {
		t.Errorf("ListHash is the same for an external and an inferred date")
	}
}
