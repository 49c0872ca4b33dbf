// Package content loads a dossier's content folder: the first stage of the
// pipeline (content → model → pages → output).
//
// # Files
//
// Content is read from an fs.FS holding
//
//	_index.md               the dossier: title, description, introduction, settings
//	articles/**/*.md        one news article each
//	companies/<slug>.md     optional entity profiles, likewise
//	markets/<slug>.md       and executives/<slug>.md
//	claims/<slug>.md        optional descriptions of tracked claims
//
// Files and folders whose names start with "." or "_" (other than the root
// _index.md) are ignored, as is anything not ending in .md: that covers the
// backup, swap and lock files editors leave beside the files they edit.
//
// Each file is split into front matter (YAML between --- lines or TOML
// between +++ lines, read with adrg/frontmatter) and a Markdown body, and its
// front matter is decoded into a typed value (Article, Profile, Index,
// ClaimInfo) whose fields keep the place they were written. Problems are
// collected, never fatal, so that a run reports all of them.
//
// YAML front matter of the common form (keys with scalars, lists of
// scalars, lists of annotations) is read by a reader of this package's
// own, for speed, which gives exactly what go.yaml.in/yaml/v3 gives and
// leaves it everything else, errors included (parseYAMLFast). Likewise, a
// file whose front matter opens with --- on its first line and is closed,
// or which plainly has none, is cut without adrg/frontmatter, which cuts
// all others (splitPlain).
//
// A content folder given as an os.Root's file system (os.Root.FS, as the
// command opens it) is read with fewer system calls, on Linux: each folder
// is listed and opened once through the os.Root, and its regular files
// are opened relative to it, without following links; everything else
// goes through the os.Root (folder_linux.go).
//
// Loading checks each file on its own. What needs several files (two
// articles with one slug, tags naming entities) is the model's business.
package content

import (
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"math"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"dossier/internal/diag"
)

// MaxFileSize bounds a content file; larger files are an error rather than a
// reason to run out of memory.
const MaxFileSize = 8 << 20

// File is one content file, loaded: exactly one of Article, Profile, Index and
// Claim is set when the file decoded well enough to be used.
type File struct {
	Path  string // path inside the content folder
	Hash  uint64 // hash of the file's bytes, to tell when it changed
	Diags diag.List

	Article *Article
	Profile *Profile
	Index   *Index
	Claim   *ClaimInfo
}

func (f *File) article() *Article {
	if f == nil {
		return nil
	}
	return f.Article
}

// Content is a whole content folder, loaded.
type Content struct {
	Index    *Index // never nil: an absent _index.md gives defaults
	Articles []*Article
	Profiles []*Profile
	Claims   []*ClaimInfo
	Diags    diag.List
}

// Role says what a path inside the content folder holds.
type Role int

const (
	Ignored Role = iota
	IndexFile
	ArticleFile
	ProfileFile
	ClaimFile
)

// RoleOf tells what the file at path (slash-separated, relative to the
// content folder) is, and for profiles their kind.
func RoleOf(p string) (Role, Kind) {
	if !strings.HasSuffix(p, ".md") {
		return Ignored, 0
	}
	for part := range strings.SplitSeq(p, "/") {
		if strings.HasPrefix(part, ".") || (strings.HasPrefix(part, "_") && p != "_index.md") {
			return Ignored, 0
		}
	}
	dir, rest, nested := strings.Cut(p, "/")
	switch {
	case p == "_index.md":
		return IndexFile, 0
	case !nested:
		return Ignored, 0
	case dir == "articles":
		return ArticleFile, 0
	case dir == "claims" && !strings.Contains(rest, "/"):
		return ClaimFile, 0
	}
	if strings.Contains(rest, "/") {
		return Ignored, 0
	}
	for _, k := range Kinds {
		if dir == k.Dir() {
			return ProfileFile, k
		}
	}
	return Ignored, 0
}

var hashSeed = maphash.MakeSeed()

// LoadFile reads and decodes one file. root is the content folder's name as
// the user gave it, used in messages (content/articles/x.md). It returns nil
// for a path whose role is Ignored.
func LoadFile(fsys fs.FS, root, p string) *File { return loadFile(fsys, root, p, false, nil, nil, nil) }

// loadFile is LoadFile for a path that, when regular is set, the caller
// found to be a regular file: it is then opened without looking at it
// first, and relative to dir, p's folder, when it is open. ld, when not
// nil, is the loader of the goroutine loading it; ahead, when not nil, is
// told whether the file was in the page cache.
func loadFile(fsys fs.FS, root, p string, regular bool, dir *folder, ld *loader, ahead *readAhead) *File {
	role, kind := RoleOf(p)
	if role == Ignored {
		return nil
	}
	file := ld.join(root, p)
	if strings.HasSuffix(file, p) {
		// The path as a tail of the name: one string for both, which
		// every article keeps.
		p = file[len(file)-len(p):]
	}
	f := &File{Path: p}
	whole := diag.Pos{File: file, Line: 1, Col: 1}
	var data []byte
	var err error
	handled := false
	if dir != nil && regular {
		data, handled, err = dir.read(path.Base(p), ahead)
	}
	if !handled {
		data, err = readFile(fsys, p, regular)
	}
	if err != nil {
		f.Diags.Errorf(whole, "%v", err)
		return f
	}
	f.Hash = maphash.Bytes(hashSeed, data)
	doc, ok, diags := split(file, data, ld.stringPieces())
	f.Diags = diags
	if !ok {
		return f
	}
	checkNesting(file, &doc, &f.Diags)
	checkTables(file, &doc, &f.Diags)
	switch role {
	case IndexFile:
		f.Index = decodeIndex(file, &doc, &f.Diags)
	case ArticleFile:
		f.Article = decodeArticle(file, p, &doc, &f.Diags, ld)
		if a := f.Article; a != nil {
			a.bodyOffset, a.bodyLen = len(data)-len(a.Body), len(a.Body)
			a.bodyHash = maphash.Bytes(hashSeed, a.Body)
		}
	case ProfileFile:
		f.Profile = decodeProfile(file, p, kind, &doc, &f.Diags, ld)
	case ClaimFile:
		f.Claim = decodeClaim(file, p, &doc, &f.Diags)
	}
	return f
}

// readFile reads p, refusing what is not a regular file or is too large.
// Unless regular is set it looks at p before opening it, since opening a
// named pipe would wait for a writer.
func readFile(fsys fs.FS, p string, regular bool) ([]byte, error) {
	if !regular {
		info, err := fs.Stat(fsys, p)
		if err != nil {
			return nil, readError(err)
		}
		if !info.Mode().IsRegular() {
			return nil, errNotRegular
		}
	}
	f, err := fsys.Open(p)
	if err != nil {
		return nil, readError(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, readError(err)
	}
	if !info.Mode().IsRegular() {
		return nil, errNotRegular
	}
	if info.Size() > MaxFileSize {
		return nil, tooLarge(info.Size())
	}
	return readAll(info.Size(), f.Read)
}

var errNotRegular = errors.New("not a regular file")

// tooLarge is the error of a file of size bytes, over MaxFileSize.
func tooLarge(size int64) error {
	// Rounded up, so that a file just over the limit does not read as
	// being at it.
	mb := math.Ceil(float64(size)/(1<<20)*10) / 10
	return fmt.Errorf("file is too large (%.1f MB; the limit is %d MB)", mb, MaxFileSize>>20)
}

// readAll reads a file of size bytes, as its Stat gave it, with read,
// which reads as os.File.Read does.
func readAll(size int64, read func([]byte) (int, error)) ([]byte, error) {
	// Read one byte more than the size, to see the end; a file that grew
	// meanwhile is still cut at the limit.
	data := make([]byte, 0, size+1)
	for {
		n, err := read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, readError(err)
		}
		if len(data) == cap(data) {
			if len(data) > MaxFileSize {
				return nil, fmt.Errorf("file is too large (more than %d MB)", MaxFileSize>>20)
			}
			data = append(data, 0)[:len(data)]
		}
	}
}

func readError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && strings.Contains(pe.Err.Error(), "escapes") {
		return fmt.Errorf("links to a file outside the content folder")
	}
	if errors.As(err, &pe) {
		return fmt.Errorf("cannot read: %v", pe.Err)
	}
	return fmt.Errorf("cannot read: %v", err)
}

// List returns the paths of every content file in fsys, sorted.
func List(fsys fs.FS) ([]string, error) {
	entries, err := list(fsys)
	paths := make([]string, len(entries))
	for i, e := range entries {
		paths[i] = e.path
	}
	return paths, err
}

type entry struct {
	path    string
	regular bool // a regular file, not a link or anything else
}

func list(fsys fs.FS) ([]entry, error) {
	var entries []entry
	err := fs.WalkDir(listing(fsys), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			return nil // an unreadable folder is reported by reading its files
		}
		if d.IsDir() {
			if p != "." && (strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
				return fs.SkipDir
			}
			return nil
		}
		if role, _ := RoleOf(p); role != Ignored {
			entries = append(entries, entry{p, d.Type().IsRegular()})
		}
		return nil
	})
	return entries, err
}

// Load reads every content file of fsys, on four goroutines per processor
// (reading a file waits on the system more than it computes), and
// assembles them.
func Load(fsys fs.FS, root string) (*Content, error) { return LoadHolding(fsys, root, -1, nil) }

// LoadHolding is Load keeping at most hold bytes of the articles' Markdown
// (no bound if hold is negative): past that, an article's Body is let go
// once its front matter is read, for ReadBody to read it again when it is
// needed, so that a large dossier's text is not all in memory at once.
// Which articles keep theirs depends on the order the files happen to be
// read in, never anything else of the result. listed, if not nil, is told
// how many files there are once they are listed, before any is read.
func LoadHolding(fsys fs.FS, root string, hold int64, listed func(files int)) (*Content, error) {
	entries, err := list(fsys)
	if err != nil {
		return nil, err
	}
	if listed != nil {
		listed(len(entries))
	}
	folders, closeFolders := openFolders(fsys, entries)
	defer closeFolders()
	// Stopped before the folders it opens files in are closed.
	ahead := newReadAhead(folders, entries)
	defer ahead.stop()
	files := make([]*File, len(entries))
	var (
		wg   sync.WaitGroup
		held atomic.Int64
	)
	next := make(chan int)
	loaders := 4 * runtime.GOMAXPROCS(0)
	for range loaders {
		wg.Go(func() {
			ld := newLoader(len(entries)/loaders + 1)
			for i := range next {
				var dir *folder
				if folders != nil {
					dir = folders[i]
				}
				f := loadFile(fsys, root, entries[i].path, entries[i].regular, dir, ld, ahead)
				if a := f.article(); a != nil && hold >= 0 && held.Add(int64(len(a.Body))) > hold {
					a.Body = nil
				}
				files[i] = f
			}
		})
	}
	for i := range entries {
		ahead.reach(i)
		next <- i
	}
	close(next)
	wg.Wait()
	return Assemble(files), nil
}

// openFolders opens, once each, the folders holding at least two of the
// regular files of entries, up to maxFolders of them, where fsys allows
// it, and returns for each entry its folder, or nil (all nil when it
// opened none), and what closes them.
func openFolders(fsys fs.FS, entries []entry) ([]*folder, func()) {
	if !opensFolders(fsys) {
		return nil, func() {}
	}
	count := map[string]int{}
	for _, e := range entries {
		if e.regular {
			count[path.Dir(e.path)]++
		}
	}
	opened := map[string]*folder{}
	in := make([]*folder, len(entries))
	for i, e := range entries {
		dir := path.Dir(e.path)
		if !e.regular || count[dir] < 2 {
			continue
		}
		d, tried := opened[dir]
		if !tried && len(opened) < maxFolders {
			d = openFolder(fsys, dir)
			opened[dir] = d
		}
		in[i] = d
	}
	return in, func() {
		for _, d := range opened {
			if d != nil {
				d.close()
			}
		}
	}
}

// maxFolders bounds the folders openFolders opens: each is a file
// descriptor held while loading.
const maxFolders = 256

// Assemble puts loaded files together in a deterministic order, whatever
// order they were loaded in. Nil files are skipped.
func Assemble(files []*File) *Content {
	files = slices.DeleteFunc(slices.Clone(files), func(f *File) bool { return f == nil })
	slices.SortFunc(files, func(a, b *File) int { return strings.Compare(a.Path, b.Path) })
	c := &Content{}
	for _, f := range files {
		c.Diags.Add(f.Diags)
		switch {
		case f.Index != nil:
			c.Index = f.Index
		case f.Article != nil:
			c.Articles = append(c.Articles, f.Article)
		case f.Profile != nil:
			c.Profiles = append(c.Profiles, f.Profile)
		case f.Claim != nil:
			c.Claims = append(c.Claims, f.Claim)
		}
	}
	if c.Index == nil {
		c.Index = &Index{PageSize: DefaultPageSize}
	}
	return c
}
