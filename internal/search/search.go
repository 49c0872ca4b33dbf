// Package search makes the site's search index from the dossier model, in
// the build that makes its pages: a stage beside site (content → model →
// pages and index → output). The index is static files under search/,
// which static/search.js, the search page's script, loads as it needs
// them; no server answers queries.
//
// # Documents
//
// Articles (title, summary, text, source, author), annotations (passage,
// note, speaker, a claim annotation's figure), claims (title, summary,
// description, and every appearance's passage, note and figure) and
// entities (name, aliases, role, headquarters, profile) are documents,
// numbered by kind (docs.go).
// Articles are numbered oldest first, so that a month's articles are a
// range of numbers: a date filter and the histogram of dates need no
// date per document, only where each month starts.
//
// # Terms
//
// A document's terms are its tokens (token.go, the same rules as
// search.js's), the pairs of tokens next to each other ("customize the"),
// by which a phrase in quotes is found as written, and its facet values
// ("#e12": the company, market or executive numbered 12; "#k": a claim;
// "#s": a source), by which results are filtered. A term's entry holds
// its documents, each with a weight class (a title counts more than a
// summary, which counts more than the text); a summary of its facets (the
// most frequent values and their counts), so that a query of one word
// counts its facets without loading more; and the contexts of its best
// articles (a sentence around its first use), for the results' snippets.
//
// # Files
//
// Terms are sorted and cut into shards (files.go): a range of terms that
// share a prefix is one shard while it is small, else it is cut by the
// next byte, so that a query loads only the shards of its words, and an
// edit only changes the shards of the words it changes. A first-load file
// (search/index.js) holds what every query needs: the shards' boundaries,
// counts, where each month's articles start, the sources, and the facets'
// counts over everything. What results show of documents (records) is in
// files of a few dozen records each. Every file is a script that calls
// dossierSearch, so that the site works opened from disk, where pages may
// not fetch files.
//
// # Building
//
// An Indexer takes each article when the build has rendered its text
// (Indexer.Article, from the rendering goroutines), and Finish makes the
// files. Finish's Index can be updated in place (Index.Update) when only
// articles' texts changed, which is what `dossier serve` does.
package search
