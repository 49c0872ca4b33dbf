package site

import "dossier/internal/dossier"

// ArticlePage returns the Spec that Pages lists for the page of a, an
// article of d, without listing the rest of the site.
//
// It is what a live rebuild needs after dossier.Update changed articles'
// Hash but not their ListHash: an article's Hash enters the fingerprint of
// its own page and its own files (ArticleFiles) only, and of the
// dossier-wide exports (DossierFiles); every other page that shows the
// article (lists, related articles, neighbours) does so through its
// ListHash. Keep it so when adding pages.
func (s *Site) ArticlePage(d *dossier.Dossier, a *dossier.Article) Spec {
	b := s.pageBuilder(d)
	b.article(a)
	return b.specs[0]
}

// ArticleFiles returns the Specs that Pages lists for a, an article of d:
// its page, then its annotations' export if the site has one.
func (s *Site) ArticleFiles(d *dossier.Dossier, a *dossier.Article) []Spec {
	b := s.pageBuilder(d)
	b.article(a)
	b.articleExport(d, a)
	return b.specs
}

// DossierFiles returns the Specs that Pages lists for the dossier-wide
// exports, which show every article's annotations: none without
// Config.Exports.
func (s *Site) DossierFiles(d *dossier.Dossier) []Spec {
	b := s.pageBuilder(d)
	b.dossierExports(d)
	return b.specs
}
