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
