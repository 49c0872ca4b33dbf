package build

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"dossier/internal/content"
	"dossier/internal/site"
	"dossier/internal/treetest"

	"golang.org/x/net/html"
)

// The tests of what publishing adds to a build — feeds, sitemap,
// robots.txt, page metadata, the 404 page — run on the shipped dossier,
// built as GitHub Pages would build it.

const absBase = "https://example.org/REPO/"

// buildBase builds contentFS with the base URL base and returns the output
// folder and the build's result.
func buildBase(t *testing.T, contentFS fstest.MapFS, base string) (string, *Result) {
	t.Helper()
	var opts Options
	if contentFS == nil {
		opts = testOptions(t, os.DirFS("../../content"))
	} else {
		opts = testOptions(t, contentFS)
	}
	var err error
	if opts.Base, err = site.ParseBase(base); err != nil {
		t.Fatal(err)
	}
	res, err := Build(opts)
	if err != nil {
		t.Fatalf("Build: %v\n%v", err, res.Diags)
	}
	return opts.Out, res
}

// siteFile returns the output file an absolute URL of the site names, or ""
// if the URL is outside the site.
func siteFile(u string) string {
	rel, ok := strings.CutPrefix(u, absBase)
	if !ok {
		return ""
	}
	if i := strings.IndexAny(rel, "#?"); i >= 0 {
		rel = rel[:i]
	}
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	return rel
}

// Atom, as much of it as the tests check, with the namespace required.
type atomDoc struct {
	XMLName xml.Name
	ID      string       `xml:"http://www.w3.org/2005/Atom id"`
	Title   string       `xml:"http://www.w3.org/2005/Atom title"`
	Updated string       `xml:"http://www.w3.org/2005/Atom updated"`
	Authors []atomAuthor `xml:"http://www.w3.org/2005/Atom author"`
	Links   []atomLink   `xml:"http://www.w3.org/2005/Atom link"`
	Entries []struct {
		ID         string       `xml:"http://www.w3.org/2005/Atom id"`
		Title      string       `xml:"http://www.w3.org/2005/Atom title"`
		Updated    string       `xml:"http://www.w3.org/2005/Atom updated"`
		Published  string       `xml:"http://www.w3.org/2005/Atom published"`
		Authors    []atomAuthor `xml:"http://www.w3.org/2005/Atom author"`
		Links      []atomLink   `xml:"http://www.w3.org/2005/Atom link"`
		Categories []struct {
			Term   string `xml:"term,attr"`
			Scheme string `xml:"scheme,attr"`
			Label  string `xml:"label,attr"`
		} `xml:"http://www.w3.org/2005/Atom category"`
	} `xml:"http://www.w3.org/2005/Atom entry"`
}

type atomAuthor struct {
	Name string `xml:"http://www.w3.org/2005/Atom name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
}

// wellFormed reads every token of an XML document.
func wellFormed(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func isAbs(u string) bool {
	p, err := url.Parse(u)
	return err == nil && p.IsAbs() && p.Host != ""
}

// TestFeeds parses every feed of the shipped dossier: well-formed Atom with
// the required elements, absolute links that lead to pages of the site, and
// each feed linked from its page.
func TestFeeds(t *testing.T) {
	out, _ := buildBase(t, nil, absBase)
	files := readTree(t, out)

	// Which feeds pages offer, by <link rel="alternate">.
	offered := map[string][]string{} // feed file → pages linking it
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, l := range links(t, data, "link") {
			if l.attr["rel"] == "alternate" && l.attr["type"] == "application/atom+xml" {
				f := siteFile("https://example.org" + l.attr["href"])
				offered[f] = append(offered[f], name)
			}
		}
	}

	var feeds []string
	for name := range files {
		if strings.HasSuffix(name, "feed.xml") {
			feeds = append(feeds, name)
		}
	}
	slices.Sort(feeds)
	if len(feeds) < 2 || !slices.Contains(feeds, "feed.xml") {
		t.Fatalf("feeds: %v; want feed.xml and the entities'", feeds)
	}
	for _, name := range feeds {
		t.Run(name, func(t *testing.T) {
			data := files[name]
			if err := wellFormed(data); err != nil {
				t.Fatalf("not well-formed: %v", err)
			}
			var f atomDoc
			if err := xml.Unmarshal(data, &f); err != nil {
				t.Fatal(err)
			}
			if f.XMLName.Space != "http://www.w3.org/2005/Atom" || f.XMLName.Local != "feed" {
				t.Fatalf("root element is {%s}%s; want Atom's feed", f.XMLName.Space, f.XMLName.Local)
			}
			if !isAbs(f.ID) || f.Title == "" {
				t.Errorf("feed id %q, title %q: want an absolute id and a title", f.ID, f.Title)
			}
			updated, err := time.Parse(time.RFC3339, f.Updated)
			if err != nil {
				t.Errorf("feed updated: %v", err)
			}
			self, alternate := "", ""
			for _, l := range f.Links {
				if !isAbs(l.Href) {
					t.Errorf("link %s %q is not absolute", l.Rel, l.Href)
				}
				switch l.Rel {
				case "self":
					self = l.Href
				case "alternate":
					alternate = l.Href
				}
			}
			if siteFile(self) != name {
				t.Errorf("self link %q; want the feed's own URL", self)
			}
			page := siteFile(alternate)
			if _, ok := files[page]; !ok {
				t.Errorf("alternate link %q leads to no page", alternate)
			} else if !slices.Contains(offered[name], page) {
				t.Errorf("the feed's page %s does not link it with <link rel=alternate>; linked from %v", page, offered[name])
			}
			if len(f.Entries) == 0 || len(f.Entries) > 20 {
				t.Errorf("%d entries; want 1 to 20", len(f.Entries))
			}
			var newest, prev time.Time
			for i, e := range f.Entries {
				if !isAbs(e.ID) || e.Title == "" {
					t.Errorf("entry %d: id %q, title %q: want an absolute id and a title", i, e.ID, e.Title)
				}
				u, err := time.Parse(time.RFC3339, e.Updated)
				if err != nil {
					t.Errorf("entry %d updated: %v", i, err)
				}
				if _, err := time.Parse(time.RFC3339, e.Published); err != nil {
					t.Errorf("entry %d published: %v", i, err)
				}
				if i > 0 && u.After(prev) {
					t.Errorf("entry %d is newer than the one before it", i)
				}
				prev = u
				if u.After(newest) {
					newest = u
				}
				if len(f.Authors) == 0 && len(e.Authors) == 0 {
					t.Errorf("entry %d has no author and the feed none to give it", i)
				}
				hasAlternate := false
				for _, l := range e.Links {
					if !isAbs(l.Href) {
						t.Errorf("entry %d: link %s %q is not absolute", i, l.Rel, l.Href)
					}
					if l.Rel == "alternate" {
						hasAlternate = true
						if _, ok := files[siteFile(l.Href)]; !ok {
							t.Errorf("entry %d: alternate link %q leads to no page", i, l.Href)
						}
					}
				}
				if !hasAlternate {
					t.Errorf("entry %d has no alternate link", i)
				}
				for _, c := range e.Categories {
					if _, ok := files[siteFile(c.Scheme+c.Term+"/")]; !ok || c.Label == "" {
						t.Errorf("entry %d: category %q in %q (%q) is no entity page", i, c.Term, c.Scheme, c.Label)
					}
				}
			}
			if !newest.Equal(updated) {
				t.Errorf("feed updated %s; want the newest entry's, %s", f.Updated, newest.Format(time.RFC3339))
			}
		})
	}
	for f, pages := range offered {
		if _, ok := files[f]; !ok {
			t.Errorf("%v link the feed %s, which does not exist", pages, f)
		}
	}
}

// TestLinkedData parses every JSON-LD block of the shipped dossier, built
// portable, for a sub-path and with an absolute URL: valid JSON, the
// schema.org type each page should have (a claim the editors gave a
// verdict as a ClaimReview of it), an @id made of the page's URL, and
// references (about, mentions, worksFor, …) that point at the @id another
// page describes.
func TestLinkedData(t *testing.T) {
	c, err := content.Load(os.DirFS("../../content"), "content")
	if err != nil {
		t.Fatal(err)
	}
	articles := map[string]*content.Article{}
	for _, a := range c.Articles {
		articles["articles/"+a.Slug+"/index.html"] = a
	}
	for _, base := range []string{"", "/REPO/", absBase} {
		t.Run("base="+base, func(t *testing.T) {
			out, _ := buildBase(t, nil, base)
			files := readTree(t, out)
			// pageURL is where a page is, for resolving what it links.
			pageURL := func(name string) *url.URL {
				u := "https://example.org/REPO/" + strings.TrimSuffix(name, "index.html")
				if base == "" {
					u = "file:///site/" + name
				}
				p, err := url.Parse(u)
				if err != nil {
					t.Fatal(err)
				}
				return p
			}
			type node struct {
				page string
				v    map[string]any
			}
			ids := map[string]string{} // @id resolved → @type
			var nodes []node
			reviews := 0
			for name, data := range files {
				if !strings.HasSuffix(name, ".html") {
					continue
				}
				blocks := ldBlocks(t, data)
				want, frag := expectedLD(name)
				if want == "" {
					if len(blocks) > 0 {
						t.Errorf("%s has JSON-LD; want none", name)
					}
					continue
				}
				if len(blocks) != 1 {
					t.Errorf("%s has %d JSON-LD blocks; want 1", name, len(blocks))
					continue
				}
				var v map[string]any
				if err := json.Unmarshal([]byte(blocks[0]), &v); err != nil {
					t.Errorf("%s: JSON-LD is not JSON: %v", name, err)
					continue
				}
				if v["@type"] == "ClaimReview" && want == "Claim" {
					// The editors gave a verdict: the page reviews its
					// claim, which it describes as itemReviewed.
					rid, _ := v["@id"].(string)
					rating, _ := v["reviewRating"].(map[string]any)
					if got, want := pageURL(name).ResolveReference(mustURL(t, rid)), pageURL(name).ResolveReference(mustURL(t, "#review")); got.String() != want.String() || rating["alternateName"] == nil {
						t.Errorf("%s: ClaimReview @id %s (%s), reviewRating %v; want %s and a rating in words", name, rid, got, rating, want)
					}
					reviews++
					v, _ = v["itemReviewed"].(map[string]any)
				}
				id, _ := v["@id"].(string)
				gotID := pageURL(name).ResolveReference(mustURL(t, id)).String()
				wantID := pageURL(name).ResolveReference(mustURL(t, "#"+frag)).String()
				if v["@context"] != "https://schema.org" || v["@type"] != want || gotID != wantID {
					t.Errorf("%s: @context %v, @type %v, @id %v (%s); want https://schema.org, %s, %s", name, v["@context"], v["@type"], id, gotID, want, wantID)
				}
				if base == absBase && !isAbs(id) {
					t.Errorf("%s: @id %q is not absolute", name, id)
				}
				ids[gotID] = want
				nodes = append(nodes, node{name, v})
			}
			refs := map[string]int{}
			for _, n := range nodes {
				for _, key := range []string{"about", "mentions", "worksFor", "employee", "isPartOf", "appearance", "firstAppearance"} {
					for _, r := range asList(n.v[key]) {
						m, _ := r.(map[string]any)
						id, _ := m["@id"].(string)
						resolved := pageURL(n.page).ResolveReference(mustURL(t, id)).String()
						if typ, ok := ids[resolved]; !ok || typ != m["@type"] {
							t.Errorf("%s: %s %q (%s) is no node of type %v described on a page", n.page, key, id, resolved, m["@type"])
						}
						refs[key]++
					}
				}
				if n.v["@type"] == "NewsArticle" {
					checkArticleLD(t, n.page, n.v, articles)
				}
			}
			// The shipped dossier has all of these: a test that checks
			// none would pass for the wrong reason.
			for _, key := range []string{"about", "mentions", "worksFor", "employee", "isPartOf"} {
				if refs[key] == 0 {
					t.Errorf("no page has %s", key)
				}
			}
			if reviews == 0 {
				t.Errorf("no claim page has a ClaimReview")
			}
		})
	}
}

// checkArticleLD checks an article's NewsArticle against its front
// matter: the publisher's headline as headline, the editors' as name
// only; the date as datePublished only when the publisher gave it, to the
// day at least.
func checkArticleLD(t *testing.T, page string, v map[string]any, articles map[string]*content.Article) {
	t.Helper()
	a := articles[page]
	if a == nil {
		t.Errorf("%s: NewsArticle of no article", page)
		return
	}
	title := "headline"
	if a.TitleBasis == content.BasisEditors {
		title = "name"
	}
	if v[title] != a.Title || v["headline"] != nil && v["name"] != nil {
		t.Errorf("%s: headline %v, name %v; want the title %q as %s only", page, v["headline"], v["name"], a.Title, title)
	}
	var want any
	if a.DateBasis == content.BasisStated && a.Date.Day > 0 {
		want = a.Date.ISO()
	}
	if got := v["datePublished"]; got != want {
		t.Errorf("%s: datePublished %v; want %v (date %s, date_basis %s)", page, got, want, a.Date.ISO(), a.DateBasis)
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func asList(v any) []any {
	switch v := v.(type) {
	case nil:
		return nil
	case []any:
		return v
	}
	return []any{v}
}

// expectedLD gives the schema.org type and @id fragment of the page in the
// output file name, or "" for pages without linked data.
func expectedLD(name string) (typ, frag string) {
	parts := strings.Split(name, "/")
	switch {
	case name == "index.html":
		return "WebSite", "website"
	case len(parts) != 3 || parts[2] != "index.html":
		return "", "" // indexes, pages 2 and on, the timeline, 404.html
	case parts[0] == "articles":
		return "NewsArticle", "article"
	case parts[0] == "companies":
		return "Organization", "organization"
	case parts[0] == "markets":
		return "Place", "place"
	case parts[0] == "executives":
		return "Person", "person"
	case parts[0] == "claims":
		return "Claim", "claim"
	}
	return "", ""
}

// ldBlocks returns the text of a page's <script type="application/ld+json">
// elements, as an HTML parser reads them.
func ldBlocks(t *testing.T, page []byte) []string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "script" && attr(n, "type") == "application/ld+json" {
			var text strings.Builder
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				text.WriteString(c.Data)
			}
			out = append(out, text.String())
		}
	}
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

type element struct {
	tag  string
	attr map[string]string
}

// links returns the page's elements of the given tags ("a", "link", …)
// with their attributes.
func links(t *testing.T, page []byte, tags ...string) []element {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []element
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && slices.Contains(tags, n.Data) {
			e := element{tag: n.Data, attr: map[string]string{}}
			for _, a := range n.Attr {
				e.attr[a.Key] = a.Val
			}
			out = append(out, e)
		}
	}
	return out
}

// TestContentCannotEscapeMetadata builds an article whose headline and
// summary try to close the script element and the attribute they are put
// in: the page has one script element, whose JSON gives back the exact
// headline, and the feed has it as text.
func TestContentCannotEscapeMetadata(t *testing.T) {
	const title = `A </script><script>alert(1)</script> "quoted" & <!-- headline`
	out, _ := buildBase(t, fstest.MapFS{
		"articles/x.md": {Data: []byte("---\ntitle: '" + title + "'\ndate: 2015-02-12\nsummary: '</script>\" onload=\"alert(2)'\ncompanies: [X]\n---\nText.\n")},
	}, absBase)
	page, err := os.ReadFile(filepath.Join(out, "articles/x/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	scripts := 0
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "script" {
			scripts++
		}
		if n.Type == html.ElementNode && n.Data == "meta" && attr(n, "onload") != "" {
			t.Errorf("a meta element got an onload attribute")
		}
	}
	if scripts != 1 {
		t.Errorf("page has %d script elements; want 1 (JSON-LD)", scripts)
	}
	blocks := ldBlocks(t, page)
	var ld struct{ Headline string }
	if len(blocks) != 1 || json.Unmarshal([]byte(blocks[0]), &ld) != nil || ld.Headline != title {
		t.Errorf("JSON-LD %q does not give back the headline %q", blocks, title)
	}
	data, err := os.ReadFile(filepath.Join(out, "feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var f atomDoc
	if err := xml.Unmarshal(data, &f); err != nil || len(f.Entries) != 1 || f.Entries[0].Title != title {
		t.Errorf("feed entry title: %v; want %q", err, title)
	}
}

// TestSitemap checks that sitemap.xml lists every page but the 404 page by
// its absolute URL, and that robots.txt names it.
func TestSitemap(t *testing.T) {
	out, _ := buildBase(t, nil, absBase)
	files := readTree(t, out)
	data := files["sitemap.xml"]
	if err := wellFormed(data); err != nil {
		t.Fatal(err)
	}
	var set struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []struct {
			Loc string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
	}
	if err := xml.Unmarshal(data, &set); err != nil {
		t.Fatal(err)
	}
	var listed, pages []string
	for _, u := range set.URLs {
		f := siteFile(u.Loc)
		if _, ok := files[f]; !ok {
			t.Errorf("sitemap lists %q, which is no page of the site", u.Loc)
		}
		listed = append(listed, f)
	}
	for name := range files {
		if strings.HasSuffix(name, ".html") && name != "404.html" {
			pages = append(pages, name)
		}
	}
	slices.Sort(listed)
	slices.Sort(pages)
	if !slices.Equal(listed, pages) {
		t.Errorf("sitemap lists %d pages; the site has %d besides 404.html", len(listed), len(pages))
	}
	if robots := string(files["robots.txt"]); !strings.Contains(robots, "\nSitemap: "+absBase+"sitemap.xml\n") {
		t.Errorf("robots.txt does not name the sitemap:\n%s", robots)
	}
}

// TestNoAbsoluteBase checks what a build without an absolute base URL
// leaves out — feeds, the sitemap, links to them — and that a path base,
// which means the site is being published, gets a warning.
func TestNoAbsoluteBase(t *testing.T) {
	for _, base := range []string{"", "/REPO/"} {
		out, res := buildBase(t, nil, base)
		files := readTree(t, out)
		for name, data := range files {
			if strings.HasSuffix(name, ".xml") {
				t.Errorf("base %q: build has %s", base, name)
			}
			if bytes.Contains(data, []byte("application/atom+xml")) {
				t.Errorf("base %q: %s links a feed", base, name)
			}
		}
		if _, ok := files[".nojekyll"]; !ok {
			t.Errorf("base %q: no .nojekyll", base)
		}
		if strings.Contains(string(files["robots.txt"]), "Sitemap") {
			t.Errorf("base %q: robots.txt names a sitemap", base)
		}
		warned := false
		for _, d := range res.Diags {
			warned = warned || strings.Contains(d.Msg, "feeds and sitemap left out")
		}
		if warned != (base != "") {
			t.Errorf("base %q: warned %v; want %v", base, warned, base != "")
		}
	}
}

// TestNotFoundAtDepth serves a build for /REPO/ as GitHub Pages does —
// files under /REPO/, and 404.html with status 404 for any other URL — and
// follows every link of the 404 page as shown at deep unknown URLs.
func TestNotFoundAtDepth(t *testing.T) {
	out, _ := buildBase(t, nil, "/REPO/")
	notFound, err := os.ReadFile(filepath.Join(out, "404.html"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rel, ok := strings.CutPrefix(r.URL.Path, "/REPO/"); ok {
			name := filepath.Join(out, filepath.FromSlash(rel))
			if rel == "" || strings.HasSuffix(rel, "/") {
				name = filepath.Join(name, "index.html")
			}
			if st, err := os.Stat(name); err == nil && !st.IsDir() {
				http.ServeFile(w, r, name)
				return
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		w.Write(notFound)
	}))
	defer srv.Close()

	get := func(u string) (int, []byte) {
		t.Helper()
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, body
	}
	for _, missing := range []string{"/REPO/nope", "/REPO/articles/gone/", "/REPO/a/b/c/d/e.html"} {
		status, body := get(srv.URL + missing)
		if status != http.StatusNotFound || !bytes.Equal(body, notFound) {
			t.Fatalf("GET %s: status %d; want 404 with 404.html", missing, status)
		}
		here := mustURL(t, srv.URL+missing)
		checked := 0
		for _, l := range links(t, body, "a", "link") {
			href := l.attr["href"]
			if frag, ok := strings.CutPrefix(href, "#"); ok {
				if !bytes.Contains(body, []byte(` id="`+frag+`"`)) {
					t.Errorf("404 page: link %q to no element of the page", href)
				}
				continue
			}
			target := here.ResolveReference(mustURL(t, href))
			if target.Host != here.Host {
				continue
			}
			if status, _ := get(target.String()); status != http.StatusOK {
				t.Errorf("404 page at %s: %s %q leads to %s: status %d", missing, l.tag, href, target, status)
			}
			checked++
		}
		if checked < 5 {
			t.Errorf("404 page at %s: only %d links checked", missing, checked)
		}
	}
}

// TestPublishDeterministic builds the shipped dossier twice with an
// absolute base URL: feeds and sitemap included, every byte the same.
func TestPublishDeterministic(t *testing.T) {
	a, _ := buildBase(t, nil, absBase)
	b, _ := buildBase(t, nil, absBase)
	if msg := treetest.Diff(treetest.Read(t, a), treetest.Read(t, b)); msg != "" {
		t.Errorf("two builds of the same content differ:\n%s", msg)
	}
}
