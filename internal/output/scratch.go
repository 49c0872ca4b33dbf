package output

import (
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
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

// Put writes b to the file.
func (s *Scratch) Put(b []byte) (Ref, error) {
	n := int64(len(b))
	off := s.end.Add(n) - n
	if _, err := s.f.WriteAt(b, off); err != nil {
		return Ref{}, err
	}
	return Ref{off, n}, nil
}

// Get reads back what Put wrote.
func (s *Scratch) Get(r Ref) ([]byte, error) {
	b := make([]byte, r.n)
	if _, err := s.f.ReadAt(b, r.off); err != nil {
		return nil, fmt.Errorf("reading back %s: %w", s.f.Name(), err)
	}
	return b, nil
}

// Remove deletes the file.
func (s *Scratch) Remove() error {
	err := s.f.Close()
	if !s.unlinked {
		err = os.Remove(s.f.Name())
	}
	return err
}
