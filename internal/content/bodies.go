package content

import (
	"io/fs"
	"path"
	"sync"
)

// Bodies reads again the Markdown of articles whose Body was let go
// (LoadHolding), as ReadBody does, from many goroutines at once. It keeps
// each folder it reads from open until Close, so that, from an os.Root,
// reading a file takes four system calls (openat, fstat, pread, close)
// instead of thirteen, and reads only the Markdown, into storage that
// Release gives back: at 100,000 articles, most of them are read again.
type Bodies struct {
	fsys  fs.FS
	opens bool // whether fsys's folders may be opened
	bufs  sync.Pool

	// mu is held for reading while a folder is read from, for writing
	// while one is opened or all are closed.
	mu      sync.RWMutex
	folders map[string]*folder // nil for a folder that could not be opened
	closed  bool
}

// NewBodies returns a reader of the Markdown of articles loaded from fsys.
func NewBodies(fsys fs.FS) *Bodies {
	return &Bodies{fsys: fsys, opens: opensFolders(fsys), folders: map[string]*folder{}}
}

// Read returns a's Markdown, as a.ReadBody(fsys) does.
func (b *Bodies) Read(a *Article) ([]byte, error) {
	if a.Body != nil || !b.opens {
		return a.ReadBody(b.fsys)
	}
	dir := path.Dir(a.Path)
	b.mu.RLock()
	d, tried := b.folders[dir]
	if !tried {
		b.mu.RUnlock()
		b.open(dir)
		b.mu.RLock()
		d = b.folders[dir]
	}
	var (
		buf     []byte
		handled bool
		err     error
	)
	if d != nil {
		if p, ok := b.bufs.Get().(*[]byte); ok && cap(*p) >= a.bodyLen {
			buf = (*p)[:a.bodyLen]
		} else {
			buf = make([]byte, a.bodyLen)
		}
		handled, err = d.readAt(path.Base(a.Path), int64(a.bodyOffset), buf)
	}
	b.mu.RUnlock()
	switch {
	case !handled:
		return a.ReadBody(b.fsys)
	case err != nil:
		return nil, err
	case !a.isBody(buf):
		return nil, errChanged
	}
	return buf, nil
}

// Release gives back the storage of Markdown Read returned, which the
// caller no longer needs. Only what Read read again may be released, not
// an article's Body.
func (b *Bodies) Release(body []byte) {
	if cap(body) > 0 && cap(body) <= maxReused {
		b.bufs.Put(&body)
	}
}

// maxReused bounds the storage Release keeps: an outsized article's is
// let go.
const maxReused = 1 << 20

// open opens the folder dir, unless it was tried already, b is closed or
// holds as many as it may.
func (b *Bodies) open(dir string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, tried := b.folders[dir]; !tried && !b.closed && len(b.folders) < maxFolders {
		b.folders[dir] = openFolder(b.fsys, dir)
	}
}

// Close closes the folders b opened; Read then reads through the file
// system.
func (b *Bodies) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, d := range b.folders {
		if d != nil {
			d.close()
		}
	}
	b.folders, b.closed = map[string]*folder{}, true
}
