package site

import "dossier/internal/dossier"

// ArticlePage returns the Spec that Pages lists for the page of a, an
// article of d, without listing the rest of the site.
//
// It is what a live rebuild needs after dossier.Update changed articles'
// Hash but not their ListHash: an article's Hash enters the fingerprint of
// its own page only, and every other page that shows the article (lists,
// related articles, neighbours) does so through its ListHash. Keep it so
// when adding pages.
func (s *Site) ArticlePage(d *dossier.Dossier, a *dossier.Article) Spec {
	b := s.pageBuilder(d)
	b.article(a)
	return b.specs[0]
}
