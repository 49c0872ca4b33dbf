package dossier

// pieces hands out consecutive pieces of larger arrays. A model holds a
// few small arrays for every article (its tags, its related articles,
// their shared entities, its annotations), and a collection marks every
// object of the model, and sweeps their spans, each time: pieces of one
// array are one object. A piece lives as long as any piece of its array,
// which the model's pieces all do.
type pieces[T any] struct {
	free []T
	// chunk is the length of the arrays made when free runs out.
	chunk int
}

// take returns the next n elements, with no room to append into the next
// piece.
func (p *pieces[T]) take(n int) []T {
	if n > len(p.free) {
		p.free = make([]T, max(n, p.chunk))
	}
	out := p.free[:n:n]
	p.free = p.free[n:]
	return out
}
