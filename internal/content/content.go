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
// between +++ lines, found by adrg/frontmatter and decoded by the YAML or
// TOML decoder) and a Markdown body, and its front matter is read into a
// typed value (Article, Profile, Index,
// ClaimInfo) whose fields keep the place they were written. Problems are
// collected, never fatal, so that a run reports all of them.
//
// Loading checks each file on its own. What needs several files (two
// articles with one slug, tags naming entities) is the model's business.
package content

import (
	"bytes"
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
func LoadFile(fsys fs.FS, root, p string) *File { return loadFile(fsys, root, p, false) }

// loadFile is LoadFile for a path that, when regular is set, the caller
// found to be a regular file: it is then opened without looking at it
// first.
func loadFile(fsys fs.FS, root, p string, regular bool) *File {
	role, kind := RoleOf(p)
	if role == Ignored {
		return nil
	}
	file := path.Join(root, p)
	f := &File{Path: p}
	whole := diag.Pos{File: file, Line: 1, Col: 1}
	data, err := readFile(fsys, p, regular)
	if err != nil {
		f.Diags.Errorf(whole, "%v", err)
		return f
	}
	f.Hash = maphash.Bytes(hashSeed, data)
	doc, ok, diags := split(file, data)
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
		f.Article = decodeArticle(file, p, &doc, &f.Diags)
		if a := f.Article; a != nil {
			a.bodyOffset, a.bodyLen = len(data)-len(a.Body), len(a.Body)
			a.bodyHash = maphash.Bytes(hashSeed, a.Body)
		}
	case ProfileFile:
		f.Profile = decodeProfile(file, p, kind, &doc, &f.Diags)
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
	// Room for the file as its Stat gave it and for the read that sees
	// its end; a file that grew since is still cut at the limit.
	var buf bytes.Buffer
	buf.Grow(int(info.Size()) + bytes.MinRead)
	if _, err := buf.ReadFrom(io.LimitReader(f, MaxFileSize+1)); err != nil {
		return nil, readError(err)
	}
	if buf.Len() > MaxFileSize {
		return nil, fmt.Errorf("file is too large (more than %d MB)", MaxFileSize>>20)
	}
	return buf.Bytes(), nil
}

var errNotRegular = errors.New("not a regular file")

// tooLarge is the error of a file of size bytes, over MaxFileSize.
func tooLarge(size int64) error {
	// Rounded up, so that a file just over the limit does not read as
	// being at it.
	mb := math.Ceil(float64(size)/(1<<20)*10) / 10
	return fmt.Errorf("file is too large (%.1f MB; the limit is %d MB)", mb, MaxFileSize>>20)
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
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
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
func Load(fsys fs.FS, root string) (*Content, error) { return LoadHolding(fsys, root, -1) }

// LoadHolding is Load keeping at most hold bytes of the articles' Markdown
// (no bound if hold is negative): past that, an article's Body is let go
// once its front matter is read, for ReadBody to read it again when it is
// needed, so that a large dossier's text is not all in memory at once.
// Which articles keep theirs depends on the order the files happen to be
// read in, never anything else of the result.
func LoadHolding(fsys fs.FS, root string, hold int64) (*Content, error) {
	entries, err := list(fsys)
	if err != nil {
		return nil, err
	}
	files := make([]*File, len(entries))
	var (
		wg   sync.WaitGroup
		held atomic.Int64
	)
	next := make(chan int)
	for range 4 * runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				f := loadFile(fsys, root, entries[i].path, entries[i].regular)
				if a := f.article(); a != nil && hold >= 0 && held.Add(int64(len(a.Body))) > hold {
					a.Body = nil
				}
				files[i] = f
			}
		})
	}
	for i := range entries {
		next <- i
	}
	close(next)
	wg.Wait()
	return Assemble(files), nil
}

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
