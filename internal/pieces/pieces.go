// Package pieces hands out consecutive pieces of larger arrays and
// strings, so that many small values made together are a few objects for
// the garbage collector instead of one each.
//
// A dossier's model holds a few small arrays and strings for every article
// (its tags, its annotations, its related articles, its file's name, its
// front matter's text), and each collection marks every object the model
// holds and sweeps their spans: at 100,000 articles, over a million
// objects. A piece lives as long as any piece of its array, so pieces
// suit values that are made together and let go together.
package pieces

import "strings"

// Of hands out pieces of arrays of T. The zero value makes an array of
// just what is asked each time.
type Of[T any] struct {
	free []T
	// chunk is the length of the arrays made when free runs out.
	chunk int
}

// Sized returns pieces of one array of n elements, then, once it is used
// up, of arrays of just what is asked: for when how many will be needed
// is known.
func Sized[T any](n int) Of[T] { return Of[T]{free: make([]T, n)} }

// Chunked returns pieces of arrays of chunk elements, made as they are
// needed; a piece of chunk elements or more is an array of its own.
func Chunked[T any](chunk int) Of[T] { return Of[T]{chunk: chunk} }

// Take returns the next n elements, all zero, with no room to append
// into the next piece.
func (p *Of[T]) Take(n int) []T {
	if n > len(p.free) {
		if n >= p.chunk {
			// Its own array: what is left of the current one serves
			// the next pieces.
			return make([]T, n)
		}
		p.free = make([]T, p.chunk)
	}
	out := p.free[:n:n]
	p.free = p.free[n:]
	return out
}

// New returns a new zero T, in a piece.
func (p *Of[T]) New() *T { return &p.Take(1)[0] }

// Strings hands out strings that are pieces of larger ones. A nil or zero
// Strings makes each string on its own.
type Strings struct {
	// b holds the strings handed out and room for more. Its bytes are
	// never written again once written (a strings.Builder only appends),
	// so the strings made of them do not change.
	b     strings.Builder
	chunk int
}

// ChunkedStrings returns a Strings whose strings are pieces of strings of
// chunk bytes; one longer than a quarter of that is a string of its own,
// so that little of a chunk goes unused.
func ChunkedStrings(chunk int) *Strings { return &Strings{chunk: chunk} }

// Bytes returns b as a string.
func (s *Strings) Bytes(b []byte) string {
	if !s.room(len(b)) {
		return string(b)
	}
	start := s.b.Len()
	s.b.Write(b)
	return s.b.String()[start:]
}

// Concat returns the strings parts joined.
func (s *Strings) Concat(parts ...string) string {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	if !s.room(n) {
		return strings.Join(parts, "")
	}
	start := s.b.Len()
	for _, p := range parts {
		s.b.WriteString(p)
	}
	return s.b.String()[start:]
}

// room reports whether a string of n bytes is to be a piece, and makes
// room for it.
func (s *Strings) room(n int) bool {
	if s == nil || n == 0 || n > s.chunk/4 {
		return false
	}
	if s.b.Cap()-s.b.Len() < n {
		s.b = strings.Builder{}
		s.b.Grow(s.chunk)
	}
	return true
}
