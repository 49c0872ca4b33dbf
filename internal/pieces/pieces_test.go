package pieces

import (
	"strings"
	"testing"
	"unsafe"
)

func TestTake(t *testing.T) {
	p := Sized[int](5)
	whole := p.free
	a, b := p.Take(2), p.Take(3)
	if len(a) != 2 || cap(a) != 2 || len(b) != 3 || cap(b) != 3 {
		t.Fatalf("Take(2), Take(3): len %d cap %d, len %d cap %d; want 2 2, 3 3", len(a), cap(a), len(b), cap(b))
	}
	if &a[0] != &whole[0] || &b[0] != &whole[2] {
		t.Errorf("the pieces are not consecutive pieces of the array")
	}
	_ = append(a, 7) // no room: a new array, not b's first element
	if b[0] != 0 {
		t.Errorf("appending to a piece wrote into the next one")
	}
	// Run out with no chunk: an array of just what is asked.
	if c := p.Take(2); len(c) != 2 || cap(c) != 2 || len(p.free) != 0 {
		t.Errorf("Take(2) once out: len %d cap %d, %d left; want 2 2, 0", len(c), cap(c), len(p.free))
	}

	q := Chunked[int](4)
	if x := q.Take(1); len(x) != 1 || len(q.free) != 3 {
		t.Fatalf("Take(1) with chunks of 4: len %d, %d left; want 1, 3", len(x), len(q.free))
	}
	next := &q.free[0]
	if y := q.New(); y != next {
		t.Errorf("New after Take(1) with chunks of 4: not the next element of the chunk")
	}
	if z := q.Take(6); len(z) != 6 || cap(z) != 6 || len(q.free) != 2 {
		t.Errorf("Take(6) with chunks of 4: len %d cap %d, %d left; want 6 6, 2 (its own array)", len(z), cap(z), len(q.free))
	}
	if w := q.Take(3); len(w) != 3 || len(q.free) != 1 {
		t.Errorf("Take(3) after: len %d, %d left; want 3, 1", len(w), len(q.free))
	}
}

func TestStrings(t *testing.T) {
	s := ChunkedStrings(128)
	a := s.Bytes([]byte("articles/a.md"))
	b := s.Concat("content", "/", "articles/b.md")
	long := s.Bytes([]byte(strings.Repeat("x", 33))) // over a quarter of the chunk
	empty := s.Concat()
	if a != "articles/a.md" || b != "content/articles/b.md" || long != strings.Repeat("x", 33) || empty != "" {
		t.Fatalf("got %q, %q, %q, %q", a, b, long, empty)
	}
	at := func(s string) uintptr { return uintptr(unsafe.Pointer(unsafe.StringData(s))) }
	if at(b) != at(a)+uintptr(len(a)) {
		t.Errorf("the second string is not the next piece of the first one's chunk")
	}
	if at(long) >= at(a) && at(long) < at(a)+128 {
		t.Errorf("a string over a quarter of the chunk was made in the chunk")
	}
	// Fill the chunk: the next string starts a new one, and those handed
	// out before are unchanged.
	var more []string
	for i := range 20 {
		more = append(more, s.Concat("file-", strings.Repeat("y", i)))
	}
	if a != "articles/a.md" || b != "content/articles/b.md" {
		t.Errorf("strings changed once more were made: %q, %q", a, b)
	}
	for i, m := range more {
		if want := "file-" + strings.Repeat("y", i); m != want {
			t.Errorf("string %d = %q; want %q", i, m, want)
		}
	}

	var none *Strings // makes each string on its own
	if got := none.Bytes([]byte("x")); got != "x" {
		t.Errorf("nil Strings: Bytes = %q", got)
	}
	if got := none.Concat("a", "b"); got != "ab" {
		t.Errorf("nil Strings: Concat = %q", got)
	}
}
