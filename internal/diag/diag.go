// Package diag holds the positions and messages that every stage of the
// pipeline reports problems with.
//
// A problem is reported once, at the place in the content where an editor can
// fix it, in the form editors jump to: FILE:LINE:COL: message. Stages collect
// every problem of a run in a List rather than stopping at the first, so one
// build shows them all.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Pos is a place in a content file. Line and Col count from 1 and refer to the
// file as the editor sees it (front matter included); Col counts characters,
// not bytes. A zero Line means the whole file.
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string {
	f := File(p.File)
	switch {
	case p.Line == 0:
		return f
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", f, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", f, p.Line, p.Col)
}

// File returns a file name as messages print it: as it is, unless it holds
// a control character (a line break, an escape sequence), a character that
// prints nothing, or bytes that are not UTF-8, which are then shown quoted
// and escaped, Go-style ("content/articles/a\nb.md"). A name is otherwise
// printed raw to a terminal, where it could move the cursor, change
// colours or forge a line of another FILE:LINE:COL message.
func File(name string) string {
	if !utf8.ValidString(name) || strings.ContainsFunc(name, func(r rune) bool { return !unicode.IsPrint(r) && r != ' ' }) {
		return strconv.Quote(name)
	}
	return name
}

// Severity tells an error, which fails a build, from a warning, which does not.
type Severity int

const (
	Error Severity = iota
	Warning
)

// Diagnostic is one problem at one place.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	Msg      string
}

func (d Diagnostic) String() string {
	if d.Severity == Warning {
		return d.Pos.String() + ": warning: " + d.Msg
	}
	return d.Pos.String() + ": " + d.Msg
}

// List collects the diagnostics of a run. The zero value is ready to use.
type List []Diagnostic

// Errorf adds an error at pos.
func (l *List) Errorf(pos Pos, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Severity: Error, Msg: fmt.Sprintf(format, args...)})
}

// Warnf adds a warning at pos.
func (l *List) Warnf(pos Pos, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Severity: Warning, Msg: fmt.Sprintf(format, args...)})
}

// Add appends other lists.
func (l *List) Add(others ...List) {
	for _, o := range others {
		*l = append(*l, o...)
	}
}

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	return slices.ContainsFunc(l, func(d Diagnostic) bool { return d.Severity == Error })
}

// Errors returns the errors only, sorted.
func (l List) Errors() List {
	return l.filter(Error)
}

// Warnings returns the warnings only, sorted.
func (l List) Warnings() List {
	return l.filter(Warning)
}

func (l List) filter(s Severity) List {
	var out List
	for _, d := range l {
		if d.Severity == s {
			out = append(out, d)
		}
	}
	out.Sort()
	return out
}

// Sort orders the list by file, line and column, then message, so that
// output is the same from run to run whatever order the work was done in.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
}

// Err returns the list's errors as an error, or nil if there are none.
func (l List) Err() error {
	errs := l.Errors()
	if len(errs) == 0 {
		return nil
	}
	return &ErrorList{List: errs}
}

// ErrorList is the error a stage returns when content has problems. Callers
// that print problems one per line range over List.
type ErrorList struct {
	List List
}

func (e *ErrorList) Error() string {
	var b strings.Builder
	for i, d := range e.List {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}
