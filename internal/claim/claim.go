// Package claim reads and compares the figures claims report: the numbers
// articles give (as figures or words, "13.1 percent", "fifth", "$1.1
// billion"), their units and periods, and whether the reports of one claim
// agree. It is the part of building the model (content → model) that knows
// what a figure is; content decodes the annotations' keys with it, and the
// dossier model compares a claim's appearances with it.
//
// # Numbers
//
// A Number keeps the precision it was written with: "13.1" is known to a
// tenth, "61.1 million" to a hundred thousand, "45 billion" to a billion.
// Reports agree when their values are equal at the precision of the less
// precise of them (13.1 and 13 agree; 13.1 and 14 do not), or within a
// claim's tolerance when it sets one.
//
// # Text
//
// Find reads the quantities of a passage: figures ("13.1", "1,000",
// "1.1bn"), number words ("zero", "one", "twenty-one", "five hundred"),
// magnitudes (thousand, million, billion, trillion, and the abbreviations
// bn, mn, tn, m, k attached to a figure), percentages ("%", "percent",
// "per cent", "pct"), currencies (the signs $, US$, HK$, €, £, ¥ before the
// number, ISO codes before or after it, and the words yuan, renminbi,
// dollars, euros, pounds, yen, rupees after it), and ranks: ordinals
// ("fifth", "twenty-first", "2nd") and the superlatives "biggest" and
// "largest" (see Find for when a superlative is a rank).
package claim

import (
	"strconv"
	"strings"
)

// And joins items as English lists them: "a", "a and b", "a, b and c".
func And(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// count says how many of a thing there are: "1 report", "3 reports".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
