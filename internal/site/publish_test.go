package site

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"dossier/internal/content"
	"dossier/internal/dossier"
)

func TestBaseWarning(t *testing.T) {
	tests := []struct {
		base string
		warn bool
	}{
		{"", false}, // portable: for reading from disk, says nothing
		{"/", true},
		{"/REPO/", true},
		{"https://user.github.io/REPO/", false},
		{"http://127.0.0.1:8080/", false},
	}
	for _, tt := range tests {
		b, err := ParseBase(tt.base)
		if err != nil {
			t.Fatal(err)
		}
		if got := b.Warning(); (got != "") != tt.warn {
			t.Errorf("ParseBase(%q).Warning() = %q; want a warning: %v", tt.base, got, tt.warn)
		}
	}
}

func TestIRI(t *testing.T) {
	tests := []struct {
		base, from, target, want string
	}{
		{"", "articles/a/", "companies/x/#organization", "../../companies/x/index.html#organization"},
		{"", "companies/x/", "companies/x/#organization", "#organization"},
		{"", "", "#website", "#website"},
		{"/REPO/", "articles/a/", "companies/x/#organization", "/REPO/companies/x/#organization"},
		{"https://h.example/REPO/", "articles/a/", "companies/x/#organization", "https://h.example/REPO/companies/x/#organization"},
	}
	for _, tt := range tests {
		b, err := ParseBase(tt.base)
		if err != nil {
			t.Fatal(err)
		}
		if got := b.IRI(tt.from, tt.target); got != tt.want {
			t.Errorf("base %q: IRI(%q, %q) = %q; want %q", tt.base, tt.from, tt.target, got, tt.want)
		}
	}
}

func TestAtomTime(t *testing.T) {
	tests := []struct {
		date string
		want string
	}{
		{"2015-02-12", "2015-02-12T00:00:00Z"},
		{"2015-02", "2015-02-01T00:00:00Z"},
		{"2015", "2015-01-01T00:00:00Z"},
		{"2015-02-12T09:30:00+08:00", "2015-02-12T09:30:00+08:00"},
	}
	for _, tt := range tests {
		d, err := content.ParseDate(tt.date)
		if err != nil {
			t.Fatal(err)
		}
		if got := atomTime(d).Format(time.RFC3339); got != tt.want {
			t.Errorf("atomTime(%s) = %s; want %s", tt.date, got, tt.want)
		}
	}
}

func TestURI(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.org/dossier/markets/china/", "https://example.org/dossier/markets/china/"},
		{"https://example.org/d/markets/北京/", "https://example.org/d/markets/%E5%8C%97%E4%BA%AC/"},
		{"https://example.org/my dossier/", "https://example.org/my%20dossier/"},
	}
	for _, tt := range tests {
		if got := uri(tt.in); got != tt.want {
			t.Errorf("uri(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestDropPossessives(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Xiaomi's small first step", "Xiaomi small first step"},
		{"China’s biggest maker", "China biggest maker"},
		{"ends with Apple's", "ends with Apple"},
		{"it's", "it"},
		{"Mi's-brand", "Mi-brand"},
		{"the 'story", "the 'story"},
		{"'s", "'s"},
		{"Let'sgo", "Let'sgo"},
	}
	for _, tt := range tests {
		if got := dropPossessives(tt.in); got != tt.want {
			t.Errorf("dropPossessives(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func names(es []*dossier.Entity) string {
	var out []string
	for _, e := range es {
		out = append(out, e.Name)
	}
	return strings.Join(out, ", ")
}

func TestSubjects(t *testing.T) {
	tests := []struct {
		title, summary string
		about, ments   string
	}{
		{"Xiaomi tackles US market", "", "Xiaomi, United States", "Apple, Hugo Barra"},
		{"Why Xiaomi's first step into America is a big deal", "", "Xiaomi, United States", "Apple, Hugo Barra"},
		{"A headline", "Barra said Hugo Barra would lead.", "Hugo Barra", "Xiaomi, Apple, United States"},
		// "Applesauce" is not Apple: names match as whole words.
		{"Applesauce prices", "Nothing about the tags.", "Xiaomi, Apple, United States, Hugo Barra", ""},
	}
	// The entities as a dossier makes them, from tags and a profile
	// with aliases.
	fsys := fstest.MapFS{
		"markets/united-states.md": {Data: []byte("---\nname: United States\naliases: [US, America]\n---\n")},
	}
	for i, tt := range tests {
		fsys[fmt.Sprintf("articles/a%d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil,
			"---\ntitle: %q\nsummary: %q\ndate: 2015-01-0%d\ncompanies: [Xiaomi, Apple]\nmarkets: [United States]\nexecutives: [Hugo Barra]\n---\n\nText.\n",
			tt.title, tt.summary, i+1)}
	}
	d := modelOf(t, fsys, dossier.Options{})
	for _, tt := range tests {
		i := slices.IndexFunc(d.Articles, func(a *dossier.Article) bool { return a.Title == tt.title })
		if i < 0 {
			t.Fatalf("no article %q among %d", tt.title, len(d.Articles))
		}
		about, ments := subjects(d.Articles[i])
		if names(about) != tt.about || names(ments) != tt.ments {
			t.Errorf("subjects(%q, %q) = about [%s], mentions [%s]; want about [%s], mentions [%s]",
				tt.title, tt.summary, names(about), names(ments), tt.about, tt.ments)
		}
	}
}

// TestClaimLD checks the JSON-LD that claim pages of the annotation layer
// will carry: the claim, its appearances and the oldest of them.
func TestClaimLD(t *testing.T) {
	base, _ := ParseBase("https://example.org/d/")
	date := func(s string) content.Date {
		d, err := content.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	newer := &dossier.Article{Slug: "newer", Title: "Newer", Date: date("2015-05")}
	older := &dossier.Article{Slug: "older", Title: "Older", Date: date("2015-02-12")}
	xiaomi := &dossier.Entity{Kind: content.Company, Name: "Xiaomi", Slug: "xiaomi"}
	p := &Page{Site: &SiteInfo{Title: "T"}, path: "claims/rank/", base: base}
	got, err := json.Marshal(claimLD(p, "claims/rank/", "Xiaomi's rank in China", "Second behind Apple.", []*dossier.Article{newer, older}, []*dossier.Entity{xiaomi}))
	if err != nil {
		t.Fatal(err)
	}
	var ld struct {
		Type            string `json:"@type"`
		ID              string `json:"@id"`
		Name            string `json:"name"`
		About           []ldRef
		Appearance      []ldRef
		FirstAppearance ldRef
	}
	if err := json.Unmarshal([]byte(got), &ld); err != nil {
		t.Fatalf("claimLD: %v\n%s", err, got)
	}
	want := []string{
		"Claim", "https://example.org/d/claims/rank/#claim", "Xiaomi's rank in China",
		"https://example.org/d/companies/xiaomi/#organization",
		"https://example.org/d/articles/newer/#article https://example.org/d/articles/older/#article",
		"https://example.org/d/articles/older/#article",
	}
	var apps []string
	for _, a := range ld.Appearance {
		apps = append(apps, a.ID)
	}
	gotFields := []string{ld.Type, ld.ID, ld.Name, ld.About[0].ID, strings.Join(apps, " "), ld.FirstAppearance.ID}
	for i := range want {
		if gotFields[i] != want[i] {
			t.Errorf("claimLD field %d = %q; want %q\n%s", i, gotFields[i], want[i], got)
		}
	}
}

// TestSitemapIndex checks that a site of more pages than one sitemap may
// list gets several, and sitemap.xml indexes them.
func TestSitemapIndex(t *testing.T) {
	defer func(n int) { sitemapLimit = n }(sitemapLimit)
	sitemapLimit = 3
	base, _ := ParseBase("https://example.org/d/")
	b := &pageBuilder{site: &Site{cfg: Config{Base: base}}, feeds: true}
	for i := range sitemapLimit + 1 {
		b.indexed = append(b.indexed, fmt.Sprintf("articles/a%d/", i))
	}
	b.sitemap()
	files := map[string]Spec{}
	for _, s := range b.specs {
		files[s.File] = s
	}
	if len(files) != 3 {
		t.Fatalf("sitemap of %d pages made %d files; want sitemap.xml, sitemap-1.xml, sitemap-2.xml", len(b.indexed), len(files))
	}
	render := func(name string, v any) {
		t.Helper()
		var buf bytes.Buffer
		if err := (&Site{}).Render(&buf, files[name]); err != nil {
			t.Fatal(err)
		}
		if err := xml.Unmarshal(buf.Bytes(), v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	var index sitemapIndex
	render("sitemap.xml", &index)
	if len(index.Sitemaps) != 2 || index.Sitemaps[1].Loc != "https://example.org/d/sitemap-2.xml" {
		t.Errorf("sitemap.xml lists %v; want sitemap-1.xml and sitemap-2.xml", index.Sitemaps)
	}
	var first, second urlSet
	render("sitemap-1.xml", &first)
	render("sitemap-2.xml", &second)
	if len(first.URLs) != sitemapLimit || len(second.URLs) != 1 || second.URLs[0].Loc != fmt.Sprintf("https://example.org/d/articles/a%d/", sitemapLimit) {
		t.Errorf("sitemaps list %d and %d URLs; want %d and 1", len(first.URLs), len(second.URLs), sitemapLimit)
	}
}
