// Package build runs the pipeline: load content, build the model, list and
// render pages, write the output. It is what the dossier command's build,
// check and serve call; each stage it calls lives in its own package
// (content, dossier, site, output) and knows nothing of the others' work.
package build

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"dossier/internal/content"
	"dossier/internal/diag"
	"dossier/internal/dossier"
	"dossier/internal/markdown"
	"dossier/internal/output"
	"dossier/internal/search"
	"dossier/internal/site"
)

// Options say what to build and where.
type Options struct {
	// Content is the content folder; ContentName is how its files are
	// named in messages (the -content flag as given, e.g. "content").
	Content     fs.FS
	ContentName string
	Templates   fs.FS
	Static      fs.FS
	// TemplatesName is how template files are named in messages
	// ("templates"); the Builder reports template errors at FILE:LINE:COL.
	TemplatesName string
	// StaticName is how the static folder is named in messages
	// ("static").
	StaticName string
	// Out is the output folder; Output says how a build may treat what
	// is in it.
	Out    string
	Output output.Options
	// AllowEmpty lets a build with no articles replace a site that has
	// some: without it that is an error, as it is more often a wrong
	// -content folder than a wish.
	AllowEmpty bool
	Base       site.Base
	Drafts     bool
	// NoSearch leaves the search page and index out (-search=false);
	// _index.md can too (search: false).
	NoSearch bool
	// NoExports leaves out the files for other tools: the annotations as
	// W3C Web Annotations, dossier.json and the CSV tables.
	NoExports bool
	// Progress, if set, is told how far the build is. It may be called
	// from several goroutines at once, and should return quickly.
	Progress func(Progress)
}

// Progress is how far a build is: Done of Total Units of Task ("rendering",
// 5120, 11762, "files"), or a Task that is not counted (Total is 0).
type Progress struct {
	Task        string
	Done, Total int
	Unit        string
}

func (o *Options) report(task string, done, total int, unit string) {
	if o.Progress != nil {
		o.Progress(Progress{Task: task, Done: done, Total: total, Unit: unit})
	}
}

// Result tells what a build did.
type Result struct {
	Diags    diag.List
	Articles int
	Pages    int // pages rendered
	Rendered int // files rendered: pages, feeds, sitemap, data
	Files    int // files in the site
	Written  int // files written
	Elapsed  time.Duration
}

// Summary is the line a build ends with. Its count of files is the one
// the progress line counts up to ("rendering 5,120 / 12,217 files"):
// every file rendered, pages and the feeds, sitemap and data beside them.
func (r *Result) Summary() string {
	return fmt.Sprintf("built %s %s (%s %s) from %s %s in %s",
		thousands(r.Rendered), plural(r.Rendered, "file", "files"),
		thousands(r.Pages), plural(r.Pages, "page", "pages"),
		thousands(r.Articles), plural(r.Articles, "article", "articles"), seconds(r.Elapsed))
}

// ErrContent is returned when the content has errors; the problems are in
// the Result's Diags.
var ErrContent = errors.New("content has errors")

// Check loads the content and builds the model, writing nothing.
func Check(opts Options) (diag.List, error) {
	c, err := content.Load(opts.Content, opts.ContentName)
	if err != nil {
		return nil, err
	}
	static, _, err := readStatic(opts.Static)
	if err != nil {
		return nil, err
	}
	_, diags := dossier.Build(c, markdown.New(), dossier.Options{Drafts: opts.Drafts, Link: opts.Base.Link, FindUntagged: true, Files: sortedKeys(static)})
	diags.Add(c.Diags)
	diags.Sort()
	return diags, nil
}

// holdMarkdown is how much of the articles' Markdown a build keeps from
// loading until each article is rendered; past it, an article's Markdown
// is read again from its file, through the content's fs.FS, when it is
// rendered. The Markdown is most of what a large dossier's build would
// otherwise hold (650 MB for 100,000 articles); reading it twice costs a
// few microseconds a file. A variable, for tests.
var holdMarkdown int64 = 64 << 20

// Build builds the whole site into a staging folder and swaps it in for the
// output folder. On any error the output folder is left as it was.
//
// Each article's text is rendered with its page, which is written at once,
// and then let go (dossier.Options.Lazy): article pages come first, so a
// build holds the text of a few articles at a time, not of all, and what
// anchoring annotations finds wrong is known once they are written.
func Build(opts Options) (*Result, error) {
	start := time.Now()
	res := &Result{}
	opts.report("loading content", 0, 0, "")
	c, err := content.LoadHolding(opts.Content, opts.ContentName, holdMarkdown)
	if err != nil {
		return res, err
	}
	res.Diags.Add(c.Diags)
	if w := opts.Base.Warning(); w != "" {
		res.Diags.Warnf(diag.Pos{File: "-base-url " + opts.Base.Path}, "%s", w)
	}
	tmpl, err := site.LoadTemplates(opts.Templates)
	if err != nil {
		return res, err
	}
	static, assets, err := readStatic(opts.Static)
	if err != nil {
		return res, err
	}
	reload := func(a *content.Article) ([]byte, error) { return a.ReadBody(opts.Content) }
	dopts := dossier.Options{Drafts: opts.Drafts, Link: opts.Base.Link, Lazy: true, DropSources: true, Reload: reload,
		Search: !opts.NoSearch, Selectors: !opts.NoExports, Files: sortedKeys(static)}
	d, diags := dossier.Build(c, markdown.New(), dopts)
	res.Diags.Add(diags)
	if res.Diags.HasErrors() {
		res.Diags.Add(d.RenderAll()) // every problem in one run
		res.Diags.Sort()
		return res, ErrContent
	}
	res.Articles = len(d.Articles)

	s := site.New(site.Config{Base: opts.Base, Assets: assets, Exports: !opts.NoExports}, tmpl)
	specs := s.Pages(d)
	res.Diags.Add(staticOverPages(opts.StaticName, static, specs, d.Search))

	stage, err := output.Stage(opts.Out, opts.Output)
	if err != nil {
		return res, err
	}
	fail := func(err error) (*Result, error) {
		stage.Abort()
		return res, err
	}
	if res.Articles == 0 && !opts.AllowEmpty {
		res.Diags.Add(emptySite(opts, stage.PreviousArticles()))
	}
	if res.Diags.HasErrors() {
		res.Diags.Sort()
		return fail(ErrContent)
	}
	for _, name := range sortedKeys(static) {
		if err := stage.Write(name, static[name]); err != nil {
			return fail(err)
		}
	}
	progress := func(done int) { opts.report("rendering", done, len(specs), "files") }
	// An article's text is rendered just before its page, outside the
	// template, and let go once the page is written: no other page shows
	// it (and one that does renders it again).
	prepare := func(p site.Spec) {
		if a := p.Article(); a != nil {
			a.Render()
		}
	}
	// The search index reads each article's text once its page is
	// written, before it is let go. The writers hand the articles to an
	// indexing goroutine (one for each four processors, at least one:
	// indexing is about a sixth of rendering's work) rather than each
	// indexing with a worker of its own, so the index's tables are one
	// worker's, kept warm. Article pages come first: once the last is
	// indexed, the index is laid out while the other pages render.
	var (
		index       *search.Indexer
		toIndex     chan *dossier.Article
		searchFiles = make(chan map[string][]byte, 1)
	)
	if d.Search {
		index = search.NewIndexer(d, search.Options{})
		articles := 0
		for _, p := range specs {
			if p.Article() != nil {
				articles++
			}
		}
		if articles == 0 {
			searchFiles <- index.Finish().Files()
		} else {
			toIndex = make(chan *dossier.Article, 64)
			var indexed atomic.Int64
			for range max(1, runtime.GOMAXPROCS(0)/4) {
				go func() {
					for a := range toIndex {
						index.Article(a)
						a.Release()
						if indexed.Add(1) == int64(articles) {
							searchFiles <- index.Finish().Files()
						}
					}
				}()
			}
		}
	}
	write := func(p site.Spec, data []byte) error {
		err := stage.Write(p.File, data)
		if a := p.Article(); a != nil {
			if toIndex != nil {
				toIndex <- a
			} else {
				a.Release()
			}
		}
		return err
	}
	err = renderAll(s, specs, prepare, write, progress)
	if toIndex != nil {
		close(toIndex)
	}
	res.Diags.Add(d.RenderAll())
	res.Diags.Sort()
	if res.Diags.HasErrors() {
		return fail(ErrContent)
	}
	if err != nil {
		return fail(err)
	}
	searched := 0
	if index != nil {
		opts.report("indexing for search", 0, 0, "")
		files := <-searchFiles
		for _, name := range sortedKeys(files) {
			if err := stage.Write(name, files[name]); err != nil {
				return fail(err)
			}
		}
		searched = len(files)
	}
	opts.report("writing the site", 0, 0, "")
	if err := stage.Commit(); err != nil {
		return fail(err)
	}
	for _, p := range specs {
		if p.IsPage() {
			res.Pages++
		}
	}
	res.Rendered = len(specs)
	res.Files = len(specs) + len(static) + searched
	res.Written = stage.Written()
	res.Elapsed = time.Since(start)
	return res, nil
}

// staticOverPages reports the static files at the path of a page the site
// makes, which the page would hide, and, in a searchable site, those in
// the search index's folder, whose files are known only once it is made.
func staticOverPages(dir string, static map[string][]byte, specs []site.Spec, searchable bool) diag.List {
	var diags diag.List
	if len(static) == 0 {
		return nil
	}
	if dir == "" {
		dir = "static"
	}
	for _, p := range specs {
		if _, ok := static[p.File]; ok {
			diags.Errorf(diag.Pos{File: path.Join(dir, p.File)}, "the site makes a page at %s, which this file would be hidden by; rename or remove it", p.File)
		}
	}
	if searchable {
		for _, name := range sortedKeys(static) {
			// The page search/index.html is reported above.
			if strings.HasPrefix(name, "search/") && name != "search/index.html" {
				diags.Errorf(diag.Pos{File: path.Join(dir, name)}, "the site writes its search index in search/, where this file could be replaced; rename or remove it, or build with -search=false")
			}
		}
	}
	return diags
}

// emptySite reports a build with no articles that would replace a site
// with prev of them, unless -allow-empty.
func emptySite(opts Options, prev int) diag.List {
	var diags diag.List
	if prev > 0 {
		diags.Errorf(diag.Pos{File: path.Join(opts.ContentName, "articles")},
			"no articles, where the site in %s has %d: building would empty it; if that is what you want, add -allow-empty",
			opts.Out, prev)
	}
	return diags
}

// bigFile is the size past which a worker of renderAll lets its buffer go
// after a file: dossier.json and the like are megabytes, pages kilobytes.
const bigFile = 4 << 20

// renderAll renders pages on two goroutines per processor, so that one
// renders while the other waits for the system to write a file. It calls
// prepare (if not nil) before each page, hands each page to write, which
// must not keep the bytes, then tells progress how many pages are done. It
// returns the first error.
func renderAll(s *site.Site, specs []site.Spec, prepare func(site.Spec), write func(site.Spec, []byte) error, progress func(done int)) error {
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
		done  atomic.Int64
	)
	next := make(chan site.Spec)
	for range 2 * runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var buf bytes.Buffer // reused: write does not keep the bytes
			for p := range next {
				buf.Reset()
				if prepare != nil {
					prepare(p)
				}
				err := s.Render(&buf, p)
				if err == nil {
					err = write(p, buf.Bytes())
				}
				if err != nil {
					once.Do(func() { first = err })
				}
				if buf.Cap() > bigFile {
					buf = bytes.Buffer{} // not kept for pages a hundredth its size
				}
				progress(int(done.Add(1)))
			}
		})
	}
	for _, p := range specs {
		next <- p
	}
	close(next)
	wg.Wait()
	return first
}

// readStatic reads the static files and versions the ones pages link to by
// a hash of their bytes, so browsers fetch them again when they change.
func readStatic(fsys fs.FS) (map[string][]byte, map[string]string, error) {
	files := map[string][]byte{}
	assets := map[string]string{}
	if fsys == nil {
		return files, assets, nil
	}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != "." && (name[0] == '.' || name[0] == '_') {
				return fs.SkipDir
			}
			return nil
		}
		if name[0] == '.' {
			return nil
		}
		if err := site.CheckRegular(fsys, p, d); err != nil {
			return fmt.Errorf("static: %w", err)
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return fmt.Errorf("static: %w", err)
		}
		if err := output.CheckPath(p); err != nil {
			return err
		}
		files[p] = data
		h := fnv.New32a()
		h.Write(data)
		assets[p] = fmt.Sprintf("%s?v=%08x", p, h.Sum32())
		return nil
	})
	return files, assets, err
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// thousands formats n with commas: 10412 → "10,412".
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func seconds(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}
