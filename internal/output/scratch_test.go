package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScratch puts pieces of several sizes in a scratch file and reads them
// back, in another order, through one reused buffer.
func TestScratch(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	s, err := NewScratch(out)
	if err != nil {
		t.Fatal(err)
	}
	pieces := []string{"<p>a</p>", strings.Repeat("long ", 1000), "", "<p>é</p>"}
	refs := make([]Ref, len(pieces))
	for i, p := range pieces {
		if refs[i], err = s.Put(p); err != nil {
			t.Fatal(err)
		}
	}
	var buf []byte
	for _, i := range []int{3, 1, 0, 2, 1} {
		got, err := s.Get(refs[i], &buf)
		if err != nil {
			t.Fatal(err)
		}
		if got != pieces[i] {
			t.Errorf("Get(piece %d) = %.20q; want %.20q", i, got, pieces[i])
		}
	}
	if err := s.Remove(); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 0 {
		t.Errorf("%d files left beside the output folder", len(entries))
	}
}
