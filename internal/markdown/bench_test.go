package markdown

import (
	"slices"
	"testing"
	"testing/fstest"

	"dossier/internal/content"
	"dossier/internal/corpus"
	"dossier/internal/slug"
)

// corpusDoc is an article of a generated corpus with the Options the model
// would give it.
type corpusDoc struct {
	file string
	src  []byte
	opts Options
}

// corpusDocs loads a generated corpus of n articles and makes each article's
// Options as internal/dossier does (which this package cannot import): its
// tags' names linked to their pages, its annotations with their links,
// and, when untagged is set, every other entity of the corpus looked for,
// as `dossier check` does.
func corpusDocs(tb testing.TB, n int, seed uint64, untagged bool) []corpusDoc {
	tb.Helper()
	fsys := fstest.MapFS{}
	for f := range corpus.Files(corpus.Options{Articles: n, Seed: seed}) {
		fsys[f.Path] = &fstest.MapFile{Data: f.Data}
	}
	c, err := content.Load(fsys, "content")
	if err != nil {
		tb.Fatal(err)
	}
	url := func(dir string, n content.Name) string { return "/" + dir + "/" + slug.Make(n.Name) + "/" }
	type entity struct {
		key  string
		name string
	}
	var all []entity
	for _, a := range c.Articles {
		for _, n := range slices.Concat(a.Companies, a.Markets, a.Executives) {
			if !slices.ContainsFunc(all, func(e entity) bool { return e.key == n.Key }) {
				all = append(all, entity{n.Key, n.Name})
			}
		}
	}
	var docs []corpusDoc
	for _, a := range c.Articles {
		opts := Options{Line: a.BodyLine, Lead: a.Summary == ""}
		tagged := map[string]bool{}
		for _, k := range []struct {
			dir   string
			names []content.Name
		}{{"companies", a.Companies}, {"markets", a.Markets}, {"executives", a.Executives}} {
			for _, n := range k.names {
				tagged[n.Key] = true
				opts.Mentions = append(opts.Mentions, Mention{Names: []string{n.Name}, URL: url(k.dir, n)})
			}
		}
		if untagged {
			for _, e := range all {
				if !tagged[e.key] {
					opts.Untagged = append(opts.Untagged, Mention{Names: []string{e.name}})
				}
			}
		}
		for _, sa := range a.Annotations {
			ma := Annotation{Quote: sa.Quote, Prefix: sa.Prefix, Suffix: sa.Suffix, Kind: sa.Kind, Note: sa.Note}
			if sa.Speaker.Name != "" {
				ma.Speaker = &Link{Text: sa.Speaker.Name, URL: url("executives", sa.Speaker)}
			}
			for _, n := range sa.About {
				ma.About = append(ma.About, Link{Text: n.Name, URL: url("companies", n)})
			}
			if sa.Claim != "" {
				ma.Claim = &Link{Text: "Compare reports of this claim", URL: "/claims/" + sa.Claim + "/"}
			}
			opts.Annotations = append(opts.Annotations, ma)
		}
		docs = append(docs, corpusDoc{file: a.File, src: a.Body, opts: opts})
	}
	return docs
}

// BenchmarkRender renders the articles of a generated corpus of 2,000, one
// after the other, with the options the model gives them: the whole of this
// package's work on article bodies (goldmark's parsing and rendering
// included). "check" also looks for the names of every other entity, as
// `dossier check` does; "search" also makes the text the search index
// reads (Options.Text), as a build with search does. cpu-µs/article counts
// the CPU time of the whole process (the garbage collector's included),
// which other work on the machine disturbs less than the time elapsed.
//
//	go test ./internal/markdown -run '^$' -bench Render -benchmem -cpuprofile cpu.out
func BenchmarkRender(b *testing.B) {
	for _, bc := range []struct {
		name     string
		untagged bool
		text     bool
	}{{"build", false, false}, {"check", true, false}, {"search", false, true}} {
		b.Run(bc.name, func(b *testing.B) {
			docs := corpusDocs(b, 2000, 1, bc.untagged)
			for i := range docs {
				docs[i].opts.Text = bc.text
			}
			r := New()
			var size int64
			for _, d := range docs {
				size += int64(len(d.src))
			}
			b.SetBytes(size)
			cpu := cpuTime()
			for b.Loop() {
				for _, d := range docs {
					if _, err := r.Render(d.src, d.opts); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(len(docs)), "µs/article")
			if cpu > 0 {
				b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/float64(b.N)/float64(len(docs)), "cpu-µs/article")
			}
		})
	}
}
