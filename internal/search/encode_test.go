package search

import (
	"fmt"
	"testing"
)

// TestAppendBits requires a bitmap of documents to be written as
// appendSection writes their numbers: the same section, list or bitmap,
// whichever way a worker filed them.
func TestAppendBits(t *testing.T) {
	tests := [][]uint32{
		{0},
		{1000},       // one document far in: a list
		{5, 6, 7, 8}, // dense: a bitmap
		{3, 9},       // as long either way: a list
		{0, 64, 128}, // across words
		{62, 63, 64, 65, 66, 67, 68, 69},
		{1, 2, 3, 4, 5, 6, 200},
	}
	for _, ids := range tests {
		t.Run(fmt.Sprint(ids), func(t *testing.T) {
			bits := make([]uint64, 20)
			for _, id := range ids {
				bits[id/64] |= 1 << (id % 64)
			}
			want := string(appendSection(nil, kindArticle, classBody, ids))
			if got := string(appendBits(nil, kindArticle, classBody, bits)); got != want {
				t.Errorf("appendBits = %q, appendSection = %q", got, want)
			}
		})
	}
	if got := appendBits(nil, kindArticle, classBody, make([]uint64, 3)); len(got) != 0 {
		t.Errorf("no documents: %q, want nothing", got)
	}
}
