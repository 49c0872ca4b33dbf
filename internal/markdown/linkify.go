package markdown

import (
	"bytes"
	"encoding/binary"
	"math/bits"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// GFM is goldmark's extension.GFM (tables, strikethrough, task lists and
// bare URLs and e-mail addresses made links) with a faster Linkify.
var GFM = goldmark.Extender(gfm{})

type gfm struct{}

func (gfm) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		// Linkify's own priority.
		util.Prioritized(&linkify{extension.NewLinkifyParser()}, 999),
	))
	extension.Table.Extend(m)
	extension.Strikethrough.Extend(m)
	extension.TaskList.Extend(m)
}

// linkify is goldmark's Linkify parser behind a quick test. Goldmark calls
// it at every space of every paragraph, and it then reads the next word as
// a possible e-mail address; in prose that is most of the time spent
// parsing. The test rules out what the parser would not link anyway: a
// link starts with http:, https:, ftp: or www. (the parser's default
// protocols), or is an e-mail address, whose @ comes before any space and
// within its first 65 bytes (the parser reads at most 64 before it).
type linkify struct {
	parser.InlineParser
}

func (l *linkify) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	rest := line
	if len(rest) > 0 {
		switch rest[0] {
		case ' ', '*', '_', '~', '(': // the triggers, skipped by the parser
			rest = rest[1:]
		}
	}
	if len(rest) > 0 && (rest[0] == 'h' || rest[0] == 'f' || rest[0] == 'w') && hasLinkPrefix(rest) || atInWord(rest) {
		return l.InlineParser.Parse(parent, block, pc)
	}
	return nil
}

// atInWord reports whether b starts with an @ after at most 64 bytes that
// are not spaces: the parser's e-mail addresses start with up to 64 of
// fewer characters (letters, digits and some punctuation) and an @.
func atInWord(b []byte) bool {
	n := min(len(b), 65)
	i := 0
	// Eight bytes at a time: flag the bytes below '!' (the spaces among
	// them) and the '@'s, with Bit Twiddling Hacks' hasless and haszero.
	// A flag above another may be false, but the lowest is exact: it is
	// the first such byte.
	const ones, high = 0x0101010101010101, 0x8080808080808080
	for i+8 <= n {
		x := binary.LittleEndian.Uint64(b[i:])
		at := x ^ ones*'@'
		flags := ((x-ones*'!')&^x | (at-ones)&^at) & high
		if flags == 0 {
			i += 8
			continue
		}
		i += bits.TrailingZeros64(flags) / 8
		if k := wordEnd[b[i]]; k != 0 {
			return k == '@'
		}
		i++ // a control character that is not a space
	}
	for ; i < n; i++ {
		if k := wordEnd[b[i]]; k != 0 {
			return k == '@'
		}
	}
	return false
}

// wordEnd tells the bytes atInWord stops at: '@', and the spaces.
var wordEnd = [256]byte{'@': '@', ' ': ' ', '\t': ' ', '\n': ' ', '\r': ' '}

func hasLinkPrefix(b []byte) bool {
	if len(b) < 4 {
		return false
	}
	switch b[0] {
	case 'h':
		return bytes.HasPrefix(b, []byte("http:")) || bytes.HasPrefix(b, []byte("https:"))
	case 'f':
		return bytes.HasPrefix(b, []byte("ftp:"))
	case 'w':
		return bytes.HasPrefix(b, []byte("www."))
	}
	return false
}
