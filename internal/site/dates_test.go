package site

import (
	"testing"

	"dossier/internal/content"
	"dossier/internal/dossier"
)

// TestDatePublished checks which dates structured data gives as the
// publisher's: a stated date known to the day, as precise as it is
// written and no more; never a month or a year, never the editors' date.
func TestDatePublished(t *testing.T) {
	tests := []struct {
		date, basis, want string
	}{
		{"2015-02-12T09:30:00-08:00", content.BasisStated, "2015-02-12T09:30:00-08:00"},
		{"2015-02-12", content.BasisStated, "2015-02-12"},
		{"2015-02", content.BasisStated, ""},
		{"2015", content.BasisStated, ""},
		{"2015-02-12", content.BasisInferred, ""},
		{"2015-02-12T09:30:00Z", content.BasisExternal, ""},
		{"2015", content.BasisExternal, ""},
	}
	for _, tt := range tests {
		d, err := content.ParseDate(tt.date)
		if err != nil {
			t.Fatal(err)
		}
		a := &dossier.Article{Slug: "a", Title: "A", Date: d, DateBasis: tt.basis, TitleBasis: content.BasisStated}
		if got := datePublished(a); got != tt.want {
			t.Errorf("datePublished(%s, %s) = %q; want %q", tt.date, tt.basis, got, tt.want)
		}
		p := &Page{Site: &SiteInfo{Title: "T"}, path: a.Path()}
		if got := articleLD(p, a, nil, nil).DatePublished; got != tt.want {
			t.Errorf("articleLD(%s, %s).DatePublished = %q; want %q", tt.date, tt.basis, got, tt.want)
		}
	}
}

// TestEditorsHeadlineLD checks that a headline the editors wrote names the
// record and is not given as the article's headline.
func TestEditorsHeadlineLD(t *testing.T) {
	for _, basis := range []string{content.BasisStated, content.BasisEditors} {
		a := &dossier.Article{Slug: "a", Title: "Xiaomi wants to make moves globally", TitleBasis: basis, DateBasis: content.BasisStated}
		ld := articleLD(&Page{Site: &SiteInfo{Title: "T"}, path: a.Path()}, a, nil, nil)
		headline, name := a.Title, ""
		if basis == content.BasisEditors {
			headline, name = "", a.Title
		}
		if ld.Headline != headline || ld.Name != name {
			t.Errorf("title_basis %s: headline %q, name %q; want %q, %q", basis, ld.Headline, ld.Name, headline, name)
		}
	}
}
