package search

import (
	"bytes"
	"cmp"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
)

// Index is a dossier's search index, ready to be written, and what a
// later Update needs to change it in place.
type Index struct {
	cat   *catalog
	terms map[string]*term
	recs  [numKinds][][]byte
	rows  [numKinds][][]value

	offered   [][]string          // by article: the words it offered contexts to …
	offeredBy map[string][]uint32 // … and by word, the articles that offered it one, sorted
	indexed   []articleText       // by article: what it was indexed from

	keys    []string // the terms, sorted
	entries [][]byte // each term's entry in its shard, as keys
	leaves  []leaf
	chunk   [numKinds]int // documents per file of documents
	files   map[string][]byte
	prints  map[string]uint64    // each file's fingerprint
	spans   map[string][3]string // each shard's first and last term and count, to tell it unchanged
}

// Files are the index's files by path in the output folder
// ("search/index.js", "search/t/6d61.js", …). The caller must not change
// them.
func (ix *Index) Files() map[string][]byte { return ix.files }

// Fingerprint is a hash of the bytes of the file name, for telling files
// that changed from the others without reading them.
func (ix *Index) Fingerprint(name string) uint64 { return ix.prints[name] }

// Files of the index, under search/ in the output:
//
//	index.js       the first-load file: counts, where each month's
//	               articles start, the shards' boundaries, the sources,
//	               the entities' kinds, the facets' counts over
//	               everything and whether a query's values may be
//	               counted (countable)
//	slugs.js       the entities' and claims' slugs, for addresses that
//	               name them
//	t/<hex>.js     a shard: the entries of the terms from its boundary
//	               (its name, the hex of its first bytes) to the next
//	d/<k><n>.js    records of documents of kind k, file n of them
//
// Each is a script calling dossierSearch.index, .shard or .docs with its
// data as JSON, so that the site works opened from disk, where browsers
// do not let pages fetch files.

// summaryTop is how many values of each facet a summary counts, and
// summaryMin how many documents a term must have for its entry to have
// a summary: the facets of a query with a page of results or fewer (10,
// search.js's PAGE) are counted from the results' records.
const (
	summaryTop = 8
	summaryMin = 10
)

// prepare encodes every entry and lays out the files.
func (ix *Index) prepare() {
	ix.keys = make([]string, 0, len(ix.terms))
	for k := range ix.terms {
		ix.keys = append(ix.keys, k)
	}
	slices.Sort(ix.keys)
	encoded := make([][]byte, len(ix.keys))
	counters := make(chan *counter, 64)
	parallel(len(ix.keys), func(i int) {
		var c *counter
		select {
		case c = <-counters:
		default:
			c = ix.newCounter()
		}
		encoded[i] = ix.entry(ix.keys[i], ix.terms[ix.keys[i]], c)
		select {
		case counters <- c:
		default:
		}
	})
	ix.entries = encoded
	ix.layout(nil, nil)
}

// entry encodes a term's entry: [documents, postings, summary, then each
// context's article and text].
func (ix *Index) entry(key string, t *term, c *counter) []byte {
	n := 64 + 2*len(t.post) + 11*len(t.arts)
	for _, x := range t.ctx {
		n += len(x.text) + 16
	}
	b := make([]byte, 0, n)
	b = append(b, '[')
	b = strconv.AppendInt(b, int64(t.count()), 10)
	b = append(b, ',', '"')
	if t.arts == nil {
		b = appendPostings(b, t.post)
	} else {
		// A pair's articles at class 0 are in arts or, where the
		// worker that filed the article had no bit for the pair, in
		// post: they are written as one section, in its place among
		// the article's sections (classes from the highest), so that
		// the entry does not depend on which worker filed which
		// article. Articles with the pair in a title or summary are in
		// post at that class, and not in that section.
		arts := slices.Clone(t.arts)
		higher := make([]posting, 0, len(t.post))
		rest := len(t.post)
		for i, p := range t.post {
			if p.kind() != kindArticle {
				rest = i
				break
			}
			id := p.id()
			if p.class() == classBody {
				arts[id/64] |= 1 << (id % 64)
				continue
			}
			arts[id/64] &^= 1 << (id % 64)
			higher = append(higher, p)
		}
		b = appendPostings(b, higher)
		b = appendBits(b, kindArticle, classBody, arts)
		b = appendPostings(b, t.post[rest:])
	}
	b = append(b, '"', ',', '"')
	if !strings.Contains(key, " ") && t.count() > summaryMin { // pairs have none
		b = c.summary(b, t.post)
	}
	b = append(b, '"')
	for _, x := range t.ctx {
		b = append(b, ',')
		b = strconv.AppendUint(b, uint64(x.p.id()), 10)
		b = append(b, ',')
		b = appendJSON(b, x.text)
	}
	return append(b, ']')
}

// appendPostings appends a term's postings, section by section.
func appendPostings(dst []byte, post []posting) []byte {
	var ids [4][]uint32
	for i := 0; i < len(post); {
		k := post[i].kind()
		for c := range ids {
			ids[c] = ids[c][:0]
		}
		for ; i < len(post) && post[i].kind() == k; i++ {
			ids[post[i].class()] = append(ids[post[i].class()], post[i].id())
		}
		for c := len(ids) - 1; c >= 0; c-- {
			dst = appendSection(dst, k, c, ids[c])
		}
	}
	return dst
}

func appendJSON(dst []byte, s string) []byte {
	b, _ := json.Marshal(s)
	return append(dst, b...)
}

// A counter counts the facet values of a term's documents, for its
// summary: the most frequent values of each facet with their counts.
type counter struct {
	ix      *Index
	counts  []int32
	touched []int
}

func (ix *Index) newCounter() *counter {
	n := len(ix.cat.entities) + len(ix.cat.claims) + len(ix.cat.sources)
	return &counter{ix: ix, counts: make([]int32, n)}
}

func (c *counter) slot(v value) int {
	switch v.facet() {
	case facetClaim:
		return len(c.ix.cat.entities) + int(v.id())
	case facetSource:
		return len(c.ix.cat.entities) + len(c.ix.cat.claims) + int(v.id())
	}
	return int(v.id())
}

func (c *counter) valueOf(slot int) value {
	e, cl := len(c.ix.cat.entities), len(c.ix.cat.claims)
	switch {
	case slot >= e+cl:
		return facetValue(facetSource, uint32(slot-e-cl))
	case slot >= e:
		return facetValue(facetClaim, uint32(slot-e))
	}
	return c.ix.cat.entityValue(c.ix.cat.entities[slot])
}

// summary appends the summary of the documents post: for each facet with
// values among them, its letter, how many values follow, and each value's
// number and count, most frequent first.
func (c *counter) summary(dst []byte, post []posting) []byte {
	for _, p := range post {
		c.add(c.ix.rows[p.kind()][p.id()])
	}
	return c.flush(dst)
}

// add counts a document's values.
func (c *counter) add(vals []value) {
	for _, v := range vals {
		s := c.slot(v)
		if c.counts[s] == 0 {
			c.touched = append(c.touched, s)
		}
		c.counts[s]++
	}
}

func (c *counter) flush(dst []byte) []byte {
	for _, top := range c.top(summaryTop) {
		dst = append(dst, facetLetters[top[0].facet()])
		dst = appendVarint(dst, uint32(len(top)))
		for _, v := range top {
			dst = appendVarint(dst, v.id())
			dst = appendVarint(dst, uint32(c.counts[c.slot(v)]))
		}
	}
	for _, s := range c.touched {
		c.counts[s] = 0
	}
	c.touched = c.touched[:0]
	return dst
}

// top returns the n most frequent values counted of each facet that has
// any, most frequent first, facet by facet.
func (c *counter) top(n int) [][]value {
	vals := make([]value, len(c.touched))
	for i, s := range c.touched {
		vals[i] = c.valueOf(s)
	}
	count := func(v value) int32 { return c.counts[c.slot(v)] }
	slices.SortFunc(vals, func(x, y value) int {
		return cmp.Or(cmp.Compare(x.facet(), y.facet()), cmp.Compare(count(y), count(x)), cmp.Compare(x.id(), y.id()))
	})
	var tops [][]value
	for i := 0; i < len(vals); {
		j := i
		for j < len(vals) && vals[j].facet() == vals[i].facet() {
			j++
		}
		tops = append(tops, vals[i:min(j, i+n)])
		i = j
	}
	return tops
}

// A leaf is a shard: the terms keys[lo:hi], from prefix on.
type leaf struct {
	prefix string
	lo, hi int
	size   int
}

// name is the shard's file, named by the hex of its first bytes.
func (l leaf) name() string {
	if l.prefix == "" {
		return "search/t/_.js"
	}
	return "search/t/" + hex.EncodeToString([]byte(l.prefix)) + ".js"
}

// leafTarget is about how many bytes a shard holds: a query loads a shard
// for each of its words, so shards are small, but hosts limit the number
// of files, so a larger index has larger shards.
func leafTarget(total int) int {
	t := 32 << 10
	for total/t > shardFiles {
		t *= 2
	}
	return t
}

// layout cuts the sorted terms into shards, as a trie cut where it grows
// past the target size: a range of terms sharing a prefix is one shard
// if it is small enough, else it is cut by the next byte, and the small
// neighbouring pieces of one cut are packed together. Where a shard ends
// depends only on the terms of the prefix it is in, so that an edit that
// changes a few terms changes a few shards.
//
// With dirty set (an Update), a file is made again only if its terms
// changed (a shard whose first and last term and number of terms are as
// before and none of whose terms is dirty is kept) or one of its records
// (docs, by kind, the numbers of the documents whose records changed).
func (ix *Index) layout(dirty map[string]bool, docs [][]uint32) {
	size := make([]int, len(ix.keys)+1) // prefix sums
	for i, k := range ix.keys {
		size[i+1] = size[i] + len(k) + len(ix.entries[i]) + 4
	}
	target := leafTarget(size[len(ix.keys)])
	limit := func(prefix string) int {
		if strings.HasPrefix(prefix, "#") {
			// A facet value's documents are loaded to count them
			// among a query's: each in a shard of its own, or with few.
			return target / 8
		}
		return target
	}
	var split func(lo, hi, depth int) []leaf
	split = func(lo, hi, depth int) []leaf {
		prefix := ix.keys[lo][:min(depth, len(ix.keys[lo]))]
		total := size[hi] - size[lo]
		if total <= limit(prefix) || hi-lo == 1 || depth >= 64 {
			return []leaf{{prefix, lo, hi, total}}
		}
		var kids []leaf
		i := lo
		if len(ix.keys[i]) == depth { // the prefix itself is a term
			kids = append(kids, leaf{prefix, i, i + 1, size[i+1] - size[i]})
			i++
		}
		for i < hi {
			j := i + 1
			for j < hi && ix.keys[j][depth] == ix.keys[i][depth] {
				j++
			}
			kids = append(kids, split(i, j, depth+1)...)
			i = j
		}
		// Pack neighbours while they fit.
		out := kids[:1]
		for _, k := range kids[1:] {
			if last := &out[len(out)-1]; last.size+k.size <= limit(last.prefix) && limit(last.prefix) == limit(k.prefix) {
				last.hi, last.size = k.hi, last.size+k.size
				continue
			}
			out = append(out, k)
		}
		return out
	}
	ix.leaves = nil
	if len(ix.keys) > 0 {
		ix.leaves = split(0, len(ix.keys), 0)
		ix.leaves[0].prefix = "" // the first shard starts at the beginning
	}
	if dirty == nil {
		ix.files, ix.prints, ix.spans = map[string][]byte{}, map[string]uint64{}, map[string][3]string{}
	}
	oldChunk := ix.chunk
	stale := map[int]bool{} // the leaves with a dirty term
	for k := range dirty {
		i, _ := slices.BinarySearchFunc(ix.leaves, k, func(l leaf, k string) int { return strings.Compare(l.prefix, k) })
		if i == len(ix.leaves) || ix.leaves[i].prefix != k {
			i--
		}
		stale[max(i, 0)] = true
	}
	names := make(map[string]bool, len(ix.files))
	for i, l := range ix.leaves {
		name := l.name()
		names[name] = true
		span := [3]string{ix.keys[l.lo], ix.keys[l.hi-1], strconv.Itoa(l.hi - l.lo)}
		if _, ok := ix.files[name]; !ok || stale[i] || ix.spans[name] != span {
			ix.spans[name] = span
			ix.put(name, ix.shard(l))
		}
	}
	ix.chunk = chunkSizes(ix.recs, indexFiles-len(ix.leaves))
	for k := range numKinds {
		changed := map[int]bool{}
		if k < len(docs) {
			for _, id := range docs[k] {
				changed[int(id)/ix.chunk[k]] = true
			}
		}
		for n := 0; n*ix.chunk[k] < len(ix.recs[k]); n++ {
			name := ix.docsName(k, n)
			names[name] = true
			if _, ok := ix.files[name]; !ok || oldChunk[k] != ix.chunk[k] || changed[n] {
				ix.put(name, ix.docs(k, n))
			}
		}
	}
	for _, name := range []string{"search/slugs.js", "search/index.js"} {
		names[name] = true
	}
	for name := range ix.files {
		if !names[name] {
			delete(ix.files, name)
			delete(ix.prints, name)
			delete(ix.spans, name)
		}
	}
	if _, ok := ix.files["search/slugs.js"]; !ok {
		ix.put("search/slugs.js", ix.slugs())
	}
	ix.put("search/index.js", ix.first())
}

// put makes name a file of the index, with its fingerprint.
func (ix *Index) put(name string, data []byte) {
	h := fnv.New64a()
	h.Write(data)
	ix.files[name], ix.prints[name] = data, h.Sum64()
}

// slugs is the file of the entities' and claims' slugs, by number, which
// the script reads to find the values an address names (?company=xiaomi).
func (ix *Index) slugs() []byte {
	ents := make([]string, len(ix.cat.entities))
	for i, e := range ix.cat.entities {
		ents[i] = e.Slug
	}
	claims := make([]string, len(ix.cat.claims))
	for i, c := range ix.cat.claims {
		claims[i] = c.Slug
	}
	data, err := json.Marshal([2][]string{ents, claims})
	if err != nil {
		panic(err)
	}
	return append(append([]byte("dossierSearch.slugs("), data...), ");\n"...)
}

func (ix *Index) shard(l leaf) []byte {
	var b bytes.Buffer
	b.Grow(l.size + 64)
	fmt.Fprintf(&b, "dossierSearch.shard(%q,{", strings.TrimSuffix(strings.TrimPrefix(l.name(), "search/t/"), ".js"))
	for i := l.lo; i < l.hi; i++ {
		if i > l.lo {
			b.WriteByte(',')
		}
		b.Write(appendJSON(nil, ix.keys[i]))
		b.WriteByte(':')
		b.Write(ix.entries[i])
	}
	b.WriteString("});\n")
	return b.Bytes()
}

// Files are sized so that a query loads little and the index stays within
// what hosts allow (GitHub Pages: a few thousand files): shards of about
// 32 KB, larger by powers of two when a large dossier would need more
// than shardFiles of them; records in files of about recordBytes, more to
// a file where shards and records together would be more than
// indexFiles (with the two files more, under 5,000).
const (
	recordBytes = 6 << 10
	shardFiles  = 2600
	indexFiles  = 4800
)

// chunkSizes is how many records of each kind a file of documents holds,
// a power of two: files of about recordBytes, while the records take at
// most budget files; past it, the kind with the most files takes more
// records to a file, and so on. The kinds with many records grow, and
// those with few, the entities whose names every query's facets show,
// keep small files.
func chunkSizes(recs [numKinds][][]byte, budget int) [numKinds]int {
	var n, files [numKinds]int
	total := 0
	for k := range numKinds {
		bytes := 0
		for _, r := range recs[k] {
			bytes += len(r) + 1
		}
		avg := max(bytes/max(len(recs[k]), 1), 1)
		n[k] = 4
		for n[k]*2*avg <= recordBytes {
			n[k] *= 2
		}
		files[k] = (len(recs[k]) + n[k] - 1) / n[k]
		total += files[k]
	}
	for total > budget {
		most := 0
		for k := range numKinds {
			if files[k] > files[most] {
				most = k
			}
		}
		if n[most] >= 1<<16 {
			break
		}
		n[most] *= 2
		total -= files[most]
		files[most] = (len(recs[most]) + n[most] - 1) / n[most]
		total += files[most]
	}
	return n
}

func (ix *Index) docsName(kind, n int) string {
	return fmt.Sprintf("search/d/%c%d.js", kindLetters[kind], n)
}

func (ix *Index) docs(kind, n int) []byte {
	recs := ix.recs[kind][n*ix.chunk[kind] : min(len(ix.recs[kind]), (n+1)*ix.chunk[kind])]
	var b bytes.Buffer
	fmt.Fprintf(&b, "dossierSearch.docs(\"%c%d\",[", kindLetters[kind], n)
	for i, r := range recs {
		if i > 0 {
			b.WriteByte(',')
		}
		if r == nil {
			r = []byte("null") // an annotation that was not anchored
		}
		b.Write(r)
	}
	b.WriteString("]);\n")
	return b.Bytes()
}

// countedTop is how many values of each facet search.js counts among the
// results of a query that has no summary of its own (two words, a phrase),
// and countBytes how much of the values' entries it may load to count
// them: at most about what a query's words take.
const (
	countedTop = 4
	countBytes = 160 << 10
)

// countable tells whether counting the most frequent values of each facet
// (tops) among a query's results loads at most countBytes of their
// entries. In a large dossier a frequent value's entry is a bitmap of
// tens of kilobytes, and search.js then estimates their counts from the
// summary of the query's rarest word instead, and says so.
func (ix *Index) countable(tops [][]value) bool {
	size := 0
	for _, top := range tops {
		for _, v := range top {
			if i, ok := slices.BinarySearch(ix.keys, v.key()); ok {
				size += len(ix.entries[i])
			}
		}
	}
	return size <= countBytes
}

// first is the first-load file.
func (ix *Index) first() []byte {
	type month [3]uint32 // yyyymm (mm 0 when only the year is known), first article, first annotation
	var months []month
	for id, a := range ix.cat.articles {
		key := uint32(a.Date.Year*100 + a.Date.Month)
		if len(months) == 0 || months[len(months)-1][0] != key {
			months = append(months, month{key, uint32(id), ix.cat.annBase[id]})
		}
	}
	// The shards' boundaries, in hex, each as the length it shares
	// with the one before and the rest: "4,6e" after "6d61" is "6d6e".
	leaves := make([]string, len(ix.leaves))
	prev := ""
	for i, l := range ix.leaves {
		h := hex.EncodeToString([]byte(l.prefix))
		n := 0
		for n < len(h) && n < len(prev) && h[n] == prev[n] {
			n++
		}
		leaves[i] = strconv.Itoa(n) + "," + h[n:]
		prev = h
	}
	kinds := make([]byte, len(ix.cat.entities))
	for i, e := range ix.cat.entities {
		kinds[i] = facetLetters[entityFacet(e.Kind)]
	}
	c := ix.newCounter()
	for k := range numKinds {
		for _, row := range ix.rows[k] {
			c.add(row)
		}
	}
	counted := ix.countable(c.top(countedTop))
	top := string(c.flush(nil))
	n := ix.cat.count()
	// The version, by which the script asks for files anew: of every
	// other file's fingerprint.
	v := fnv.New64a()
	names := make([]string, 0, len(ix.files))
	for name := range ix.files {
		if name != "search/index.js" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		fmt.Fprintf(v, "%s %016x\n", name, ix.prints[name])
	}
	if months == nil {
		months = []month{}
	}
	sources := ix.cat.sources
	if sources == nil {
		sources = []string{}
	}
	data, err := json.Marshal(map[string]any{
		"v":       fmt.Sprintf("%016x", v.Sum64()),
		"n":       n,
		"chunk":   ix.chunk,
		"leaves":  leaves,
		"months":  months,
		"sources": sources,
		"kinds":   string(kinds),
		"top":     top,
		"counted": counted,
	})
	if err != nil {
		panic(err)
	}
	return append(append([]byte("dossierSearch.index("), data...), ");\n"...)
}
