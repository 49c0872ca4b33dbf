package content

import (
	"bytes"
	"unicode/utf8"

	"dossier/internal/diag"
)

// MaxListMarkers bounds the list markers a line may open: "- - - x" opens
// three nested lists on one line. The Markdown parser rescans the rest of the
// line once per list it opens (goldmark issue 592), so a line of a hundred
// thousand markers — a few hundred kilobytes — keeps a build busy for hours.
// No article nests lists this deep.
const MaxListMarkers = 32

// checkNesting reports, at its place, the first line of a body that opens
// more than MaxListMarkers lists, and empties the body so that it is never
// rendered.
func checkNesting(file string, doc *document, diags *diag.List) {
	rest := doc.body
	for i := 0; ; i++ {
		line, after, more := bytes.Cut(rest, []byte("\n"))
		if col := listMarkers(line); col > 0 {
			diags.Errorf(diag.Pos{File: file, Line: doc.bodyLine + i, Col: col},
				"more than %d lists open on one line: Markdown nested this deep is refused, as it would take the renderer minutes", MaxListMarkers)
			doc.body = nil
			return
		}
		if !more {
			return
		}
		rest = after
	}
}

// listMarkers returns the column (in characters) of the list marker past
// MaxListMarkers on line, or 0 if there is none: the markers are "-", "*" and
// "+" and "1." or "1)" followed by a space or tab; ">" opens a quote, which
// lists may be in. Spaces and tabs before a marker are skipped, whatever
// their width: the count may be too high, never too low.
func listMarkers(line []byte) int {
	n, i := 0, 0
	for {
		j := i
		for j < len(line) && (line[j] == ' ' || line[j] == '\t') {
			j++
		}
		k := j
		switch {
		case k < len(line) && line[k] == '>':
			k++
		case k < len(line) && (line[k] == '-' || line[k] == '*' || line[k] == '+'):
			k++
		default:
			for k < len(line) && k-j < 9 && '0' <= line[k] && line[k] <= '9' {
				k++
			}
			if k == j || k >= len(line) || (line[k] != '.' && line[k] != ')') {
				return 0
			}
			k++
		}
		if line[k-1] != '>' {
			if k < len(line) && line[k] != ' ' && line[k] != '\t' {
				return 0
			}
			if n++; n > MaxListMarkers {
				return utf8.RuneCount(line[:j]) + 1
			}
		}
		i = k
	}
}

// MaxTableCells bounds the cells of the tables of one article. The
// Markdown parser makes a few nodes of each cell, and a table of millions
// of cells (a few megabytes) takes gigabytes of memory; no article shows
// a table that size.
const MaxTableCells = 20000

// checkTables reports, at its line, the table row that takes the cells of
// a body's tables past MaxTableCells, and empties the body so that it is
// never rendered. A table is a line of cells followed by a delimiter row
// ("|---|---|"), then every line up to a blank one; lines may be in block
// quotes or lists, so leading "> " and spaces are skipped. Each row counts
// as many cells as it has unescaped pipes between cells, plus one: the
// count may be too high (a pipe in code), never too low.
func checkTables(file string, doc *document, diags *diag.List) {
	cells := 0
	inTable := false
	prev := []byte(nil)
	rest := doc.body
	for i := 0; ; i++ {
		line, after, more := bytes.Cut(rest, []byte("\n"))
		row := tableLine(line)
		switch {
		case len(row) == 0:
			inTable = false
		case inTable:
			cells += rowCells(row)
		case isDelimiterRow(row) && len(prev) > 0:
			inTable = true
			cells += rowCells(prev) + rowCells(row)
		}
		if cells > MaxTableCells {
			diags.Errorf(diag.Pos{File: file, Line: doc.bodyLine + i, Col: 1},
				"more than %d table cells in one article: a table this large takes the renderer gigabytes of memory; split it, or link to the data", MaxTableCells)
			doc.body = nil
			return
		}
		if !more {
			return
		}
		prev, rest = row, after
	}
}

// tableLine returns line without the block-quote markers and spaces before
// it and the spaces after it.
func tableLine(line []byte) []byte {
	for {
		t := bytes.TrimLeft(line, " \t")
		if len(t) > 0 && t[0] == '>' {
			line = t[1:]
			continue
		}
		return bytes.TrimRight(t, " \t\r")
	}
}

// isDelimiterRow reports whether row is a table's delimiter row: only
// pipes, hyphens, colons and spaces, with a hyphen, and a pipe or more
// than one group of hyphens.
func isDelimiterRow(row []byte) bool {
	if !bytes.Contains(row, []byte("-")) {
		return false
	}
	for _, c := range row {
		if c != '|' && c != '-' && c != ':' && c != ' ' && c != '\t' {
			return false
		}
	}
	return bytes.Contains(row, []byte("|")) || len(bytes.Fields(row)) > 1
}

// rowCells counts the cells of a table row: the unescaped pipes between
// cells, plus one.
func rowCells(row []byte) int {
	row = bytes.TrimPrefix(row, []byte("|"))
	n := 1
	for i := 0; i < len(row); i++ {
		switch row[i] {
		case '\\':
			i++
		case '|':
			if i < len(row)-1 {
				n++
			}
		}
	}
	return n
}

// MaxNesting bounds how deep front matter may nest lists and mappings
// (YAML) or arrays and tables (TOML): no front matter needs more than a few
// levels, and the decoders' work grows with the depth of each value (a
// TOML key of 10,000 dotted parts, 20 kilobytes, took a minute and a half).
const MaxNesting = 32

// frontMatterDepth finds, in the text of a front matter opened with delim,
// the first place nested deeper than MaxNesting, and returns its line and
// column (from 1, in characters, within text), or 0, 0. It reads the text
// before any decoder does; it may count a level too many in odd text (a
// plain YAML value continued on a more indented line), never one too few.
func frontMatterDepth(delim string, text []byte) (line, col int) {
	var off int
	switch delim {
	case "+++":
		off = tomlDepth(text)
	case "---":
		off = yamlDepth(text)
	default:
		return 0, 0
	}
	if off < 0 {
		return 0, 0
	}
	return lineCol(text, off)
}

// tomlDepth returns the offset in text of the first value or table deeper
// than MaxNesting, or -1. The top-level table is level 0; a key's value is
// one deeper than its table, and one more for each dot of a dotted key; a
// [table] header is as deep as its dotted parts, an [[array]] header one
// more; an array's elements are one deeper than the array.
func tomlDepth(text []byte) int {
	type frame struct {
		depth int
		table bool // an inline table: keys expected
	}
	var stack []frame
	base := 0     // depth of the table the last header opened
	inKey := true // reading a key: at a line's start at the top, after '{' or ','
	keyStart, dots := -1, 0
	pending := -1 // depth of the value after '=' until its first character
	lineStart := true
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch c {
		case ' ', '\t', '\r':
			continue
		case '\n':
			if len(stack) == 0 {
				inKey, keyStart, dots, pending = true, -1, 0, -1
			}
			lineStart = true
			continue
		case '#':
			for i < len(text) && text[i] != '\n' {
				i++
			}
			i--
			continue
		}
		atLineStart := lineStart
		lineStart = false
		if atLineStart && len(stack) == 0 && c == '[' {
			// A table header: [a.b] or [[a.b]].
			d, j := 1, i+1
			array := j < len(text) && text[j] == '['
			if array {
				d, j = 2, j+1
			}
			for ; j < len(text) && text[j] != ']' && text[j] != '\n'; j++ {
				switch text[j] {
				case '.':
					d++
				case '"', '\'':
					j = skipTOMLString(text, j) - 1
				}
			}
			if d > MaxNesting {
				return i
			}
			base = d
			for i < len(text) && text[i] != '\n' {
				i++
			}
			i--
			continue
		}
		if c == '"' || c == '\'' {
			if inKey && keyStart < 0 {
				keyStart = i
			}
			if pending >= 0 {
				pending = -1 // a string value
			}
			i = skipTOMLString(text, i) - 1
			continue
		}
		if inKey {
			switch c {
			case '.':
				dots++
			case '=':
				d := base
				if len(stack) > 0 {
					d = stack[len(stack)-1].depth
				}
				pending = d + dots + 1
				if pending > MaxNesting {
					if keyStart < 0 {
						keyStart = i
					}
					return keyStart
				}
				inKey, keyStart, dots = false, -1, 0
			case '}':
				if len(stack) > 0 {
					stack = stack[:len(stack)-1]
				}
				inKey = false
			default:
				if keyStart < 0 {
					keyStart = i
				}
			}
			continue
		}
		// A value.
		d := pending
		if d < 0 && len(stack) > 0 && !stack[len(stack)-1].table {
			d = stack[len(stack)-1].depth + 1 // an array's element
		}
		pending = -1
		switch c {
		case '[', '{':
			if d < 0 {
				d = MaxNesting + 1 // where no value can start: count it anyway
			}
			if d > MaxNesting {
				return i
			}
			stack = append(stack, frame{depth: d, table: c == '{'})
			if c == '{' {
				inKey, keyStart, dots = true, -1, 0
			}
		case ']', '}':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case ',':
			if len(stack) > 0 && stack[len(stack)-1].table {
				inKey, keyStart, dots = true, -1, 0
			}
		}
	}
	return -1
}

// skipTOMLString returns the offset after the string that starts at i
// (basic or literal, on one line or three-quoted), or len(text).
func skipTOMLString(text []byte, i int) int {
	q := text[i]
	if bytes.HasPrefix(text[i:], []byte{q, q, q}) {
		end := bytes.Index(text[i+3:], []byte{q, q, q})
		if end < 0 {
			return len(text)
		}
		end += i + 6
		for end < len(text) && text[end] == q { // """a"""" ends with the quote
			end++
		}
		return end
	}
	for j := i + 1; j < len(text); j++ {
		switch text[j] {
		case '\\':
			if q == '"' {
				j++
			}
		case q:
			return j + 1
		case '\n':
			return j
		}
	}
	return len(text)
}

// yamlDepth returns the offset in text of the first node deeper than
// MaxNesting, or -1. Block collections are counted by indentation, one
// level for each more indented line and for each "- ", "? " or key that
// starts a collection inside a sequence entry on the same line; flow
// collections ([…], {…}) by their brackets. Quoted strings, comments and
// block scalars (| and >) are skipped.
func yamlDepth(text []byte) int {
	var indents []int // columns of the open block collections
	flow := 0         // open flow collections
	scalarAbove := -1 // in a block scalar: lines indented more than this are its text
	for off := 0; off < len(text); {
		end := lineEnd(text, off)
		line := text[off:end]
		n := 0
		for n < len(line) && (line[n] == ' ' || line[n] == '\t') {
			n++
		}
		blank := n == len(line) || line[n] == '#' || line[n] == '\r'
		if scalarAbove >= 0 {
			if blank || n > scalarAbove {
				off = end + 1
				continue
			}
			scalarAbove = -1
		}
		if blank && flow == 0 {
			off = end + 1
			continue
		}
		p := n
		if flow == 0 {
			for len(indents) > 0 && indents[len(indents)-1] > n {
				indents = indents[:len(indents)-1]
			}
			if len(indents) == 0 || indents[len(indents)-1] < n {
				indents = append(indents, n)
			}
			// Entries opening collections on the same line: "- - x",
			// "- key: value", "? key".
			for p+1 < len(line) && (line[p] == '-' || line[p] == '?' || line[p] == ':') && (line[p+1] == ' ' || line[p+1] == '\t') {
				q := p + 2
				for q < len(line) && (line[q] == ' ' || line[q] == '\t') {
					q++
				}
				p = q
				if q >= len(line) || line[q] == '#' || !(startsEntry(line[q:]) || yamlKey(line[q:])) {
					break
				}
				if indents[len(indents)-1] < q {
					indents = append(indents, q)
				}
				if len(indents) > MaxNesting {
					return off + q
				}
			}
			if len(indents) > MaxNesting {
				return off + p
			}
		}
		// The rest of the line, and of the lines a quoted string goes on
		// to: keys, values, flow collections.
		valueStart := true // where a quote or a bracket starts a node
		k := off + p
	scan:
		for ; k < len(text) && text[k] != '\n'; k++ {
			c := text[k]
			switch {
			case c == '#' && (k == off || text[k-1] == ' ' || text[k-1] == '\t'):
				k = lineEnd(text, k)
				break scan
			case (c == '"' || c == '\'') && (valueStart || flow > 0):
				k = skipYAMLString(text, k) - 1
				valueStart = false
			case (c == '[' || c == '{') && (valueStart || flow > 0):
				flow++
				if len(indents)+flow > MaxNesting {
					return k
				}
				valueStart = true
			case (c == ']' || c == '}') && flow > 0:
				flow--
				valueStart = false
			case c == ',' && flow > 0:
				valueStart = true
			case c == ':' && (k+1 == len(text) || text[k+1] == ' ' || text[k+1] == '\t' || text[k+1] == '\n' || text[k+1] == '\r' || flow > 0):
				valueStart = true
			case (c == '|' || c == '>') && valueStart && flow == 0 && blockScalarHeader(text[k+1:lineEnd(text, k)]):
				scalarAbove = indents[len(indents)-1]
				k = lineEnd(text, k)
				break scan
			case c == '&' || c == '!':
				// An anchor or a tag before the node: skip it.
				for k+1 < len(text) && text[k+1] != ' ' && text[k+1] != '\t' && text[k+1] != '\n' {
					k++
				}
			case c == ' ' || c == '\t' || c == '\r':
			default:
				valueStart = false
			}
		}
		off = k + 1
	}
	return -1
}

// lineEnd returns the offset of the line feed that ends the line at off,
// or len(text).
func lineEnd(text []byte, off int) int {
	if i := bytes.IndexByte(text[off:], '\n'); i >= 0 {
		return off + i
	}
	return len(text)
}

// startsEntry reports whether s starts a block sequence entry or a complex
// key.
func startsEntry(s []byte) bool {
	return len(s) >= 2 && (s[0] == '-' || s[0] == '?') && (s[1] == ' ' || s[1] == '\t') ||
		len(s) == 1 && s[0] == '-'
}

// yamlKey reports whether s, a line's rest, holds a key: a colon followed
// by a space or the end of the line, outside quotes and brackets.
func yamlKey(s []byte) bool {
	if len(s) > 0 && (s[0] == '[' || s[0] == '{' || s[0] == '"' || s[0] == '\'') {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] == ':' && (i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\t' || s[i+1] == '\r') {
			return true
		}
		if s[i] == '#' && i > 0 && (s[i-1] == ' ' || s[i-1] == '\t') {
			return false
		}
	}
	return false
}

// blockScalarHeader reports whether rest, what follows | or >, is the rest
// of a block scalar's header: chomping and indentation indicators, then
// nothing but a comment.
func blockScalarHeader(rest []byte) bool {
	i := 0
	for i < len(rest) && (rest[i] == '+' || rest[i] == '-' || '1' <= rest[i] && rest[i] <= '9') {
		i++
	}
	rest = bytes.TrimLeft(rest[i:], " \t\r")
	return len(rest) == 0 || rest[0] == '#'
}

// skipYAMLString returns the offset after the quoted string that starts at
// i, or len(text) when it is never closed.
func skipYAMLString(text []byte, i int) int {
	q := text[i]
	for j := i + 1; j < len(text); j++ {
		switch {
		case q == '"' && text[j] == '\\':
			j++
		case text[j] == q:
			if q == '\'' && j+1 < len(text) && text[j+1] == '\'' {
				j++ // '' is a quote inside
				continue
			}
			return j + 1
		}
	}
	return len(text)
}
