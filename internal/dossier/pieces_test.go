package dossier

import "testing"

func TestPiecesTake(t *testing.T) {
	whole := make([]int, 5)
	p := pieces[int]{free: whole}
	a, b := p.take(2), p.take(3)
	if len(a) != 2 || cap(a) != 2 || len(b) != 3 || cap(b) != 3 {
		t.Fatalf("take(2), take(3): len %d cap %d, len %d cap %d; want 2 2, 3 3", len(a), cap(a), len(b), cap(b))
	}
	if &a[0] != &whole[0] || &b[0] != &whole[2] {
		t.Errorf("the pieces are not consecutive pieces of the array")
	}
	_ = append(a, 7) // no room: a new array, not b's first element
	if b[0] != 0 {
		t.Errorf("appending to a piece wrote into the next one")
	}
	// Run out with no chunk: an array of just what is asked.
	if c := p.take(2); len(c) != 2 || cap(c) != 2 || len(p.free) != 0 {
		t.Errorf("take(2) once out: len %d cap %d, %d left; want 2 2, 0", len(c), cap(c), len(p.free))
	}

	q := pieces[int]{chunk: 4}
	if x := q.take(1); len(x) != 1 || len(q.free) != 3 {
		t.Fatalf("take(1) with chunks of 4: len %d, %d left; want 1, 3", len(x), len(q.free))
	}
	next := &q.free[0]
	if y := q.take(3); &y[0] != next {
		t.Errorf("take(3) after take(1) with chunks of 4: not the rest of the chunk")
	}
	if z := q.take(6); len(z) != 6 || cap(z) != 6 || len(q.free) != 0 {
		t.Errorf("take(6) with chunks of 4: len %d cap %d, %d left; want 6 6, 0", len(z), cap(z), len(q.free))
	}
	if w := q.take(1); len(w) != 1 || len(q.free) != 3 {
		t.Errorf("take(1) after: len %d, %d left; want 1, 3", len(w), len(q.free))
	}
}
