package search

import mathbits "math/bits"

// The index's numbers are written as text in the files' JSON: in the
// characters of base64url, which JSON strings need not escape, each
// holding six bits.
//
//   - A number is a varint: five bits of it per character, lowest first,
//     the sixth bit set on every character but the last (0–31 take one
//     character, 32–1023 two).
//   - A sorted list of numbers is its length, then the first, then each
//     gap less one: the dense lists of common words take a character per
//     document.
//   - A bitmap is its first number, its length in characters and six
//     documents per character: the densest lists take less.
//
// A term's postings are sections, one per kind of document and weight
// class that has any: a header character (kind×8 + class×2 + 1 for a
// bitmap) and a list or a bitmap of document numbers. decodePostings in
// search.js reads them.

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// appendVarint appends v in base64url characters, five bits each.
func appendVarint(dst []byte, v uint32) []byte {
	for v >= 32 {
		dst = append(dst, alphabet[32|v&31])
		v >>= 5
	}
	return append(dst, alphabet[v])
}

// varintLen is the number of characters appendVarint writes for v.
func varintLen(v uint32) int {
	n := 1
	for v >= 32 {
		v >>= 5
		n++
	}
	return n
}

// appendList appends the sorted, distinct numbers ids as a list.
func appendList(dst []byte, ids []uint32) []byte {
	dst = appendVarint(dst, uint32(len(ids)))
	for i, id := range ids {
		if i == 0 {
			dst = appendVarint(dst, id)
		} else {
			dst = appendVarint(dst, id-ids[i-1]-1)
		}
	}
	return dst
}

func listLen(ids []uint32) int {
	n := varintLen(uint32(len(ids)))
	for i, id := range ids {
		if i == 0 {
			n += varintLen(id)
		} else {
			n += varintLen(id - ids[i-1] - 1)
		}
	}
	return n
}

// appendBitmap appends the sorted, distinct numbers ids, of which there is
// at least one, as a bitmap.
func appendBitmap(dst []byte, ids []uint32) []byte {
	lo := ids[0]
	chars := (ids[len(ids)-1]-lo)/6 + 1
	dst = appendVarint(dst, lo)
	dst = appendVarint(dst, chars)
	start := len(dst)
	for range chars {
		dst = append(dst, 0)
	}
	for _, id := range ids {
		d := id - lo
		dst[start+int(d/6)] |= 1 << (d % 6)
	}
	for i := start; i < len(dst); i++ {
		dst[i] = alphabet[dst[i]]
	}
	return dst
}

func bitmapLen(ids []uint32) int {
	lo := ids[0]
	chars := (ids[len(ids)-1]-lo)/6 + 1
	return varintLen(lo) + varintLen(chars) + int(chars)
}

// appendSection appends the documents ids of kind and class, as a list or
// a bitmap, whichever is shorter.
func appendSection(dst []byte, kind, class int, ids []uint32) []byte {
	if len(ids) == 0 {
		return dst
	}
	h := kind*8 + class*2
	if bitmapLen(ids) < listLen(ids) {
		return appendBitmap(append(dst, alphabet[h+1]), ids)
	}
	return appendList(append(dst, alphabet[h]), ids)
}

// appendBits appends the documents of kind and class whose bits are set
// in bits, as appendSection would append their numbers.
func appendBits(dst []byte, kind, class int, bits []uint64) []byte {
	lo, hi, n := -1, -1, 0
	list := 0 // the list's length, less its count's
	for i, b := range bits {
		for x := b; x != 0; x &= x - 1 {
			id := i*64 + mathbits.TrailingZeros64(x)
			if lo < 0 {
				lo = id
				list += varintLen(uint32(id))
			} else {
				list += varintLen(uint32(id - hi - 1))
			}
			hi = id
			n++
		}
	}
	if n == 0 {
		return dst
	}
	chars := (hi-lo)/6 + 1
	if varintLen(uint32(lo))+varintLen(uint32(chars))+chars >= varintLen(uint32(n))+list {
		ids := make([]uint32, 0, n)
		for i, b := range bits {
			for ; b != 0; b &= b - 1 {
				ids = append(ids, uint32(i*64+mathbits.TrailingZeros64(b)))
			}
		}
		return appendList(append(dst, alphabet[kind*8+class*2]), ids)
	}
	dst = append(dst, alphabet[kind*8+class*2+1])
	dst = appendVarint(dst, uint32(lo))
	dst = appendVarint(dst, uint32(chars))
	for c := range chars {
		at := lo + c*6 // six bits from at
		w, off := at/64, uint(at%64)
		v := bits[w] >> off
		if off > 58 && w+1 < len(bits) {
			v |= bits[w+1] << (64 - off)
		}
		dst = append(dst, alphabet[v&63])
	}
	return dst
}
