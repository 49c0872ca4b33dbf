package output

import (
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"unsafe"
)

// Scratch is a temporary file beside the output folder for bytes a build
// would otherwise hold in memory until it writes them out. It lives beside
// the output folder rather than in the system's temporary folder, which is
// often in memory itself. Put and Get may be called from several
// goroutines at once.
type Scratch struct {
	f        *os.File
	end      atomic.Int64 // where the next bytes go
	unlinked bool
}

// A Ref says where Put put some bytes.
type Ref struct{ off, n int64 }

// NewScratch makes a scratch file for a build into out.
func NewScratch(out string) (*Scratch, error) {
	parent := filepath.Dir(filepath.Clean(out))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(parent, ".dossier-scratch-*")
	if err != nil {
		return nil, err
	}
	// Where the system allows it, the file has no name from the start,
	// so that even a build that is killed leaves nothing behind.
	return &Scratch{f: f, unlinked: os.Remove(f.Name()) == nil}, nil
}

// Put writes text to the file.
func (s *Scratch) Put(text string) (Ref, error) {
	n := int64(len(text))
	off := s.end.Add(n) - n
	// WriteAt only reads the bytes, so they need not be a copy.
	if _, err := s.f.WriteAt(unsafe.Slice(unsafe.StringData(text), len(text)), off); err != nil {
		return Ref{}, err
	}
	return Ref{off, n}, nil
}

// Get reads back what Put wrote into buf's storage, grown if need be, and
// returns it as a string whose bytes are that storage: the string is valid
// only until *buf is used again. A build reads a gigabyte back at 100,000
// articles, each piece only until its page is written: one buffer per
// goroutine spares the garbage collector all of it.
func (s *Scratch) Get(r Ref, buf *[]byte) (string, error) {
	if int64(cap(*buf)) < r.n {
		*buf = make([]byte, r.n)
	}
	b := (*buf)[:r.n]
	if _, err := s.f.ReadAt(b, r.off); err != nil {
		return "", fmt.Errorf("reading back %s: %w", s.f.Name(), err)
	}
	return unsafe.String(unsafe.SliceData(b), len(b)), nil
}

// Remove deletes the file.
func (s *Scratch) Remove() error {
	err := s.f.Close()
	if !s.unlinked {
		err = os.Remove(s.f.Name())
	}
	return err
}
