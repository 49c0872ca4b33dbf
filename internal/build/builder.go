package build

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"dossier/internal/content"
	"dossier/internal/diag"
	"dossier/internal/dossier"
	"dossier/internal/markdown"
	"dossier/internal/output"
	"dossier/internal/search"
	"dossier/internal/site"
)

// A Builder builds a site once and then again after changes, doing only the
// work the changes call for: it is what `dossier serve` and `build -watch`
// run. It knows nothing of how changes are found; the caller tells it
// which paths changed, as Change values, and it reads them again.
//
// The Builder keeps what it needs between builds: the loaded content files
// by path, the templates and static files, the last good model, the page
// list with each page's fingerprint, and the fingerprints of the files in
// the output folder. A rebuild
//
//   - reads again only the changed files, keeping unchanged ones as they
//     were (the model tells changed articles from unchanged ones by that);
//   - updates the model in place when only articles' text changed
//     (dossier.Update), else builds it anew;
//   - renders only the pages whose fingerprint changed, holds them in
//     memory until all rendered without error, then writes only those
//     whose bytes changed, and removes the files the site no longer has.
//
// So a rebuild with errors writes nothing, and the output folder always
// holds the last good build, byte for byte the site a one-shot Build of the
// same input makes. The first build, and any build after the output folder
// could not be written, is a full one: staged beside the output folder and
// swapped in, as Build does.
//
// A Builder is used from one goroutine at a time.
type Builder struct {
	opts Options
	md   *markdown.Renderer

	files map[string]*content.File // content files by path; nil before the first build

	tmpl    *site.Templates
	tmplErr error
	static  map[string][]byte
	// modelFiles are the static files the model's links were checked
	// against.
	modelFiles []string
	assets     map[string]string
	staticErr  error

	site   *site.Site
	model  *dossier.Dossier // the last model built without errors
	specs  []site.Spec      // the pages of model; nil when they must be listed again
	specAt map[string]int   // index in specs by output file

	out     *output.Dir       // nil until a full build is on disk
	written map[string]uint64 // fingerprints of the files in the output folder

	// index is the search index of indexed, the model it was made of,
	// kept to be updated with it.
	index   *search.Index
	indexed *dossier.Dossier

	// last and lastErr are the last build's, to answer changes that
	// change nothing.
	last    *Outcome
	lastErr error

	// OnStyles, if set, is called during a rebuild in which nothing but
	// stylesheets changed, as soon as they are written and before the
	// pages, whose links to them change too, are: on a large site open
	// pages can restyle seconds before the rebuild ends.
	OnStyles func(styles map[string]string)

	// verify makes every rebuild that lists pages selectively check its
	// list against a full one (for tests).
	verify bool
}

// Source names the folder a changed path is in.
type Source int

const (
	Content Source = iota
	Templates
	Static
	// Output is the output folder: a file of the last build that is no
	// longer there is written again by the next rebuild, whatever else
	// it does. A change of the output folder alone changes no input.
	Output
)

func (s Source) String() string { return [...]string{"content", "templates", "static", "output"}[s] }

// Change is a path that changed: a file or a folder, slash-separated and
// relative to its Source folder, "." for the whole folder. A path that no
// longer exists was removed, with everything under it.
type Change struct {
	Source Source
	Path   string
}

// Outcome tells what a build of a Builder did.
type Outcome struct {
	Result
	// Full is set when the whole site was written anew.
	Full bool
	// Changed lists the output files written or removed, sorted; Removed
	// counts the removed ones.
	Changed []string
	Removed int
	// Styles is set when nothing but stylesheets changed: it maps each
	// changed stylesheet ("style.css") to its versioned site path
	// ("style.css?v=1a2b3c4d"), so that open pages can swap it in.
	Styles map[string]string
	// Unchanged is set when the changes changed no input, so nothing was
	// built; Diags and the error are then those of the build before.
	Unchanged bool
	// Missing counts the files of the last good build found missing from
	// the output folder, and Gone is set when the folder itself was: the
	// build writes them again, and a build that fails leaves them
	// missing.
	Missing int
	Gone    bool
}

// Summary is the line a build ends with.
func (o *Outcome) Summary() string {
	if o.Full {
		return o.Result.Summary()
	}
	return fmt.Sprintf("rebuilt in %s: %s rendered, %s written, %s removed",
		seconds(o.Elapsed),
		thousands(o.Pages)+" "+plural(o.Pages, "page", "pages"),
		thousands(len(o.Changed)-o.Removed)+" "+plural(len(o.Changed)-o.Removed, "file", "files"),
		thousands(o.Removed))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// NewBuilder returns a Builder for opts. Nothing is read before Build.
func NewBuilder(opts Options) *Builder {
	return &Builder{opts: opts, md: markdown.New()}
}

// Build reads every input and builds the whole site into a staging folder
// swapped in for the output folder. On error the output folder is left as
// it was, and the next Rebuild is a full build again.
func (b *Builder) Build() (*Outcome, error) {
	start := time.Now()
	paths, err := content.List(b.opts.Content)
	if err != nil {
		return b.fail(&Outcome{}, err)
	}
	b.files = make(map[string]*content.File, len(paths))
	for _, f := range loadFiles(b.opts.Content, b.opts.ContentName, paths) {
		if f != nil {
			b.files[f.Path] = f
		}
	}
	b.loadTemplates()
	b.loadStatic()
	b.out, b.written, b.specs, b.site = nil, nil, nil, nil
	return b.build(start, nil)
}

// Rebuild reads the changed paths again and brings the output folder up to
// date. Before a first successful Build, it builds everything.
func (b *Builder) Rebuild(changes []Change) (*Outcome, error) {
	start := time.Now()
	if b.files == nil {
		return b.Build()
	}
	var (
		paths, outPaths []string
		templates, stat bool
	)
	for _, c := range changes {
		switch c.Source {
		case Content:
			paths = append(paths, c.Path)
		case Templates:
			templates = true
		case Static:
			stat = true
		case Output:
			outPaths = append(outPaths, path.Clean(c.Path))
		}
	}
	contentChanged := b.refresh(paths)
	tmplChanged := templates && b.loadTemplates()
	var styles map[string]string
	staticChanged := false
	if stat {
		names, ok := b.loadStatic()
		staticChanged = len(names) > 0 || !ok
		styles = stylesOnly(names, b.assets, ok)
	}
	if tmplChanged || staticChanged {
		b.site = nil
	}
	// Files of the output folder deleted since the last build, or the
	// whole folder, are written again: the folder is looked at on each
	// rebuild, files where the caller saw changes.
	gone, missing := false, 0
	if b.out != nil {
		var lost []string
		gone, lost = b.out.Missing(outPaths)
		for _, name := range lost {
			delete(b.written, name)
		}
		missing = len(lost)
		if gone {
			b.out, missing = nil, len(b.written)
		}
	}
	if !contentChanged && !tmplChanged && !staticChanged && !gone && missing == 0 && b.last != nil {
		o := &Outcome{Unchanged: true}
		o.Diags = b.last.Diags
		o.Elapsed = time.Since(start)
		return o, b.lastErr
	}
	if contentChanged || tmplChanged || b.out == nil || missing > 0 {
		styles = nil // more than stylesheets changed
	}
	o, err := b.build(start, styles)
	if err != nil {
		o.Gone, o.Missing = gone, missing
	}
	return o, err
}

// refresh reads the content paths again, and everything under those that
// are folders, and reports whether any content file changed. Files whose
// bytes did not change keep their loaded value.
func (b *Builder) refresh(paths []string) bool {
	fsys := b.opts.Content
	affected := map[string]bool{}
	for _, p := range paths {
		p = path.Clean(p)
		if p == "." {
			for k := range b.files {
				affected[k] = true
			}
			all, _ := content.List(fsys)
			for _, k := range all {
				affected[k] = true
			}
			continue
		}
		affected[p] = true
		info, err := fs.Stat(fsys, p)
		if err == nil && info.Mode().IsRegular() {
			continue
		}
		// A folder, or a path gone: what was under it, and what is.
		prefix := p + "/"
		for k := range b.files {
			if strings.HasPrefix(k, prefix) {
				affected[k] = true
			}
		}
		if err == nil && info.IsDir() {
			fs.WalkDir(fsys, p, func(q string, de fs.DirEntry, err error) error {
				if err == nil && !de.IsDir() {
					affected[q] = true // RoleOf decides below
				}
				return nil
			})
		}
	}

	changed := false
	for p := range affected {
		old := b.files[p]
		if role, _ := content.RoleOf(p); role == content.Ignored {
			continue
		}
		info, err := fs.Stat(fsys, p)
		if errors.Is(err, fs.ErrNotExist) || (err == nil && info.IsDir()) {
			if old != nil {
				delete(b.files, p)
				changed = true
			}
			continue
		}
		f := content.LoadFile(fsys, b.opts.ContentName, p)
		if old != nil && f.Hash != 0 && f.Hash == old.Hash {
			continue
		}
		b.files[p] = f
		changed = true
	}
	return changed
}

// loadTemplates reads the templates again and reports whether they changed.
func (b *Builder) loadTemplates() bool {
	t, err := site.LoadTemplates(b.opts.Templates)
	if err != nil {
		changed := b.tmplErr == nil || b.tmplErr.Error() != err.Error()
		b.tmplErr = err
		return changed
	}
	changed := b.tmpl == nil || b.tmplErr != nil || t.Hash != b.tmpl.Hash
	b.tmpl, b.tmplErr = t, nil
	return changed
}

// loadStatic reads the static files again. It returns the names of those
// added, changed or removed, and false when they could not be read.
func (b *Builder) loadStatic() (changed []string, ok bool) {
	files, assets, err := readStatic(b.opts.Static)
	if err != nil {
		b.staticErr = err
		return nil, false
	}
	for name, data := range files {
		if old, ok := b.static[name]; !ok || string(old) != string(data) {
			changed = append(changed, name)
		}
	}
	for name := range b.static {
		if _, ok := files[name]; !ok {
			changed = append(changed, name)
		}
	}
	if b.staticErr != nil {
		changed = append(changed, "") // recovered: not only styles
	}
	b.static, b.assets, b.staticErr = files, assets, nil
	slices.Sort(changed)
	return changed, true
}

// stylesOnly returns the changed stylesheets' versioned paths if nothing
// but existing stylesheets changed, else nil.
func stylesOnly(names []string, assets map[string]string, ok bool) map[string]string {
	if !ok || len(names) == 0 {
		return nil
	}
	styles := map[string]string{}
	for _, n := range names {
		v, exists := assets[n]
		if !strings.HasSuffix(n, ".css") || !exists {
			return nil
		}
		styles[n] = v
	}
	return styles
}

// build builds the model and the pages and writes what changed: everything
// through a staging folder when the output folder does not hold a build.
func (b *Builder) build(start time.Time, styles map[string]string) (*Outcome, error) {
	o := &Outcome{}
	c := content.Assemble(mapValues(b.files))
	o.Diags.Add(c.Diags)
	if w := b.opts.Base.Warning(); w != "" {
		o.Diags.Warnf(diag.Pos{File: "-base-url " + b.opts.Base.Path}, "%s", w)
	}

	var (
		model   *dossier.Dossier
		change  dossier.Change
		updated bool
		mdiags  diag.List
	)
	// Links may name static files: when those come or go, the model is
	// built again.
	files := sortedKeys(b.static)
	if b.model != nil && slices.Equal(files, b.modelFiles) {
		change, mdiags, updated = b.model.Update(c, b.md)
	}
	if updated {
		model = b.model
	} else {
		model, mdiags = dossier.Build(c, b.md, dossier.Options{Drafts: b.opts.Drafts, Link: b.opts.Base.Link, Previous: b.model, Search: !b.opts.NoSearch, Selectors: !b.opts.NoExports, Files: files})
	}
	o.Diags.Add(mdiags)
	if !mdiags.HasErrors() {
		if model != b.model || len(change.Articles) > 0 {
			b.model, b.modelFiles = model, files
			if !updated || change.Lists {
				b.specs = nil
			}
		}
	}
	if b.tmplErr != nil {
		o.Diags.Add(templateDiags(b.opts.TemplatesName, b.tmplErr))
	}
	if b.staticErr != nil {
		o.Diags.Errorf(diag.Pos{File: "static"}, "%v", b.staticErr)
	}
	o.Diags.Sort()
	if o.Diags.HasErrors() {
		return b.fail(o, ErrContent)
	}
	o.Articles = len(model.Articles)

	if b.site == nil {
		b.site = site.New(site.Config{Base: b.opts.Base, Assets: b.assets, Exports: !b.opts.NoExports}, b.tmpl)
		b.specs = nil
	}
	if b.specs == nil {
		b.listPages()
	} else {
		// The changed articles' page and files, and the dossier-wide
		// exports, which show every article's annotations
		// (site.ArticlePage says why no other page changes).
		var changed []site.Spec
		for _, a := range change.Articles {
			changed = append(changed, b.site.ArticleFiles(model, a)...)
		}
		if len(change.Articles) > 0 {
			changed = append(changed, b.site.DossierFiles(model)...)
		}
		for _, p := range changed {
			i, ok := b.specAt[p.File]
			if !ok {
				b.listPages()
				break
			}
			b.specs[i] = p
		}
		if b.verify {
			if err := b.checkPages(); err != nil {
				return b.fail(o, err)
			}
		}
	}

	if d := staticOverPages(b.opts.StaticName, b.static, b.specs, model.Search); len(d) > 0 {
		o.Diags.Add(d)
		o.Diags.Sort()
		return b.fail(o, ErrContent)
	}
	b.indexModel(model, updated, change)
	want := make(map[string]uint64, len(b.specs)+len(b.static))
	for name, data := range b.static {
		want[name] = staticPrint(data)
	}
	for name := range b.searchFiles() {
		want[name] = b.index.Fingerprint(name) // kept with the file: not read again
	}
	for _, p := range b.specs {
		want[p.File] = p.Fingerprint
	}
	var err error
	if b.out == nil {
		err = b.writeAll(o, want)
	} else {
		err = b.writeChanged(o, want, styles)
	}
	if err != nil {
		return b.fail(o, err)
	}
	b.written = want
	o.Files = len(want)
	o.Styles = styles
	o.Elapsed = time.Since(start)
	b.last, b.lastErr = o, nil
	return o, nil
}

// indexModel brings the search index up to date with model: in place when
// the model was updated in place (only articles' texts changed), anew
// when it was made anew. A model that is not searchable has none.
func (b *Builder) indexModel(model *dossier.Dossier, updated bool, change dossier.Change) {
	if !model.Search {
		b.index, b.indexed = nil, nil
		return
	}
	if model == b.indexed && b.index != nil && (!updated || len(change.Articles) == 0 || b.index.Update(model, change.Articles)) {
		return
	}
	b.index, b.indexed = search.Build(model, search.Options{Updatable: true}), model
}

// searchFiles are the files of the search index, none when there is none.
func (b *Builder) searchFiles() map[string][]byte {
	if b.index == nil {
		return nil
	}
	return b.index.Files()
}

// fail records a failed build. A failure to write leaves the output folder
// in an unknown state, so the next build is a full one.
func (b *Builder) fail(o *Outcome, err error) (*Outcome, error) {
	if !errors.Is(err, ErrContent) {
		b.out = nil
	}
	b.last, b.lastErr = o, err
	return o, err
}

func (b *Builder) listPages() {
	b.specs = b.site.Pages(b.model)
	b.specAt = make(map[string]int, len(b.specs))
	for i, p := range b.specs {
		b.specAt[p.File] = i
	}
}

// checkPages compares the page list kept up to date page by page with a
// full listing.
func (b *Builder) checkPages() error {
	full := b.site.Pages(b.model)
	if len(full) != len(b.specs) {
		return fmt.Errorf("internal error: %d pages listed incrementally, %d in all", len(b.specs), len(full))
	}
	for i, p := range full {
		if q := b.specs[i]; q.File != p.File || q.Fingerprint != p.Fingerprint {
			return fmt.Errorf("internal error: page %s listed incrementally differs from a full listing", p.File)
		}
	}
	return nil
}

// writeAll writes the whole site, want, through a staging folder.
func (b *Builder) writeAll(o *Outcome, want map[string]uint64) error {
	stage, err := output.Stage(b.opts.Out, b.opts.Output)
	if err != nil {
		return err
	}
	if o.Articles == 0 && !b.opts.AllowEmpty {
		if d := emptySite(b.opts, stage.PreviousArticles()); len(d) > 0 {
			stage.Abort()
			o.Diags.Add(d)
			o.Diags.Sort()
			return ErrContent
		}
	}
	for _, files := range []map[string][]byte{b.static, b.searchFiles()} {
		for _, name := range sortedKeys(files) {
			if err := stage.Write(name, files[name]); err != nil {
				stage.Abort()
				return err
			}
		}
	}
	if err := renderAll(b.site, b.specs, nil, func(p site.Spec, data []byte) error { return stage.Write(p.File, data) }, func(int) {}); err != nil {
		stage.Abort()
		return b.renderError(o, err)
	}
	if err := stage.Commit(); err != nil {
		return err
	}
	b.out = output.OpenDir(b.opts.Out, sortedKeys(want))
	o.Full = true
	o.Rendered = len(b.specs)
	for _, p := range b.specs {
		if p.IsPage() {
			o.Pages++
		}
	}
	return nil
}

// writeChanged renders the pages whose fingerprint changed, and if all
// rendered, writes those whose bytes changed and removes the files the
// site no longer has.
//
// When nothing but stylesheets changed (styles), pages differ from the
// last build only in the version of the stylesheet links, which cannot
// make a template fail where it did not: the stylesheets are written first
// and the pages as they render, without holding them.
func (b *Builder) writeChanged(o *Outcome, want map[string]uint64, styles map[string]string) error {
	if o.Articles == 0 && !b.opts.AllowEmpty {
		prev := make(map[string]bool, len(b.written))
		for name := range b.written {
			prev[name] = true
		}
		if d := emptySite(b.opts, output.ArticlePages(prev)); len(d) > 0 {
			o.Diags.Add(d)
			o.Diags.Sort()
			return ErrContent
		}
	}
	var added []string
	for name := range want {
		if _, ok := b.written[name]; !ok {
			added = append(added, name)
		}
	}
	slices.Sort(added)
	if err := b.out.Expect(added); err != nil {
		return err
	}
	var todo []site.Spec
	for _, p := range b.specs {
		if fp, ok := b.written[p.File]; !ok || fp != p.Fingerprint {
			todo = append(todo, p)
			if p.IsPage() {
				o.Pages++
			}
		}
	}
	type file struct {
		name string
		data []byte
	}
	var (
		mu    sync.Mutex
		files []file
	)
	write := func(f file) error {
		wrote, err := b.out.Write(f.name, f.data)
		if wrote {
			mu.Lock()
			o.Changed = append(o.Changed, f.name)
			mu.Unlock()
		}
		return err
	}
	var static []file
	for name, data := range b.static {
		if want[name] == staticPrint(data) && b.written[name] != want[name] {
			static = append(static, file{name, data})
		}
	}
	for name, data := range b.searchFiles() {
		if b.written[name] != want[name] {
			static = append(static, file{name, data})
		}
	}
	// Once a file is written, a failure leaves the folder part this
	// build's and part the last's.
	incomplete := func(err error) error {
		if len(o.Changed) == 0 {
			return err
		}
		return output.Incomplete(b.opts.Out, err, len(o.Changed))
	}
	if styles != nil {
		for _, f := range static {
			if err := write(f); err != nil {
				return incomplete(err)
			}
		}
		static = nil
		if b.OnStyles != nil {
			b.OnStyles(styles)
		}
	}

	err := renderAll(b.site, todo, nil, func(p site.Spec, data []byte) error {
		name := p.File
		if styles != nil {
			return write(file{name, data})
		}
		if b.out.Holds(name, data) {
			return nil
		}
		mu.Lock()
		files = append(files, file{name, bytes.Clone(data)}) // renderAll reuses data
		mu.Unlock()
		return nil
	}, func(int) {})
	if err != nil {
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			return incomplete(err) // a stylesheet-only build writes as it renders
		}
		return b.renderError(o, err)
	}
	for _, f := range slices.Concat(files, static) {
		if err := write(f); err != nil {
			return incomplete(err)
		}
	}
	for name := range b.written {
		if _, ok := want[name]; !ok {
			if err := b.out.Remove(name); err != nil {
				return incomplete(err)
			}
			o.Changed = append(o.Changed, name)
			o.Removed++
		}
	}
	if len(added) > 0 || o.Removed > 0 {
		if err := b.out.Settle(sortedKeys(want)); err != nil {
			return incomplete(err)
		}
	}
	slices.Sort(o.Changed)
	return nil
}

// renderError reports a template's failure to render a page as a problem
// at its place in the template; a failure to write is returned as it is.
func (b *Builder) renderError(o *Outcome, err error) error {
	if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
		return err
	}
	o.Diags.Add(templateDiags(b.opts.TemplatesName, err))
	return ErrContent
}

// staticPrint fingerprints a static file's bytes.
func staticPrint(data []byte) uint64 {
	h := fnv.New64a()
	h.Write(data)
	return h.Sum64()
}

// loadFiles loads content files on as many goroutines as there are
// processors.
func loadFiles(fsys fs.FS, root string, paths []string) []*content.File {
	files := make([]*content.File, len(paths))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				files[i] = content.LoadFile(fsys, root, paths[i])
			}
		})
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	return files
}

func mapValues[K comparable, V any](m map[K]V) []V {
	out := make([]V, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// templateError finds html/template's and text/template's places in an
// error message: "template: article.html:12:5: executing …",
// "html/template:base.html:3:12: …", "template: home.html:7: unexpected …".
var templateError = regexp.MustCompile(`(?:html/)?template: ?([^\s:]+):(\d+)(?::(\d+))?: (.*)`)

// templateDiags turns a template error into diagnostics at FILE:LINE:COL,
// one per line of the error, so that editors can jump to them. dir is the
// templates folder as messages name it.
func templateDiags(dir string, err error) diag.List {
	if dir == "" {
		dir = "templates"
	}
	var out diag.List
	for _, line := range strings.Split(err.Error(), "\n") {
		m := templateError.FindStringSubmatchIndex(line)
		if m == nil {
			out.Errorf(diag.Pos{File: dir}, "%s", strings.TrimPrefix(line, "templates: "))
			continue
		}
		name := line[m[2]:m[3]]
		ln, _ := strconv.Atoi(line[m[4]:m[5]])
		col := 1
		if m[6] >= 0 {
			col, _ = strconv.Atoi(line[m[6]:m[7]])
		}
		msg := line[m[8]:m[9]]
		if page := strings.TrimSuffix(line[:m[0]], ": "); page != "" {
			msg += " (rendering " + page + ")"
		}
		out.Errorf(diag.Pos{File: path.Join(dir, name), Line: ln, Col: col}, "%s", msg)
	}
	return out
}
