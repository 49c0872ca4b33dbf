package claim

import (
	"regexp"
	"strings"
	"testing"
)

// FuzzFind checks that reading the quantities of any text never fails,
// that each is a piece of the text, and that the text of each, read as a
// value, is the same number.
func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"Xiaomi held a 13.1 percent share", "$1.1bn", "one of the biggest", "the fifth-biggest", "twenty-first",
		"two hundred and fifty", "US$5 and HK$3", "1,000,000.5 yuan", "¥500", "99999999999999999999", "0.000001%",
		"9,999,999,999,999,999,999", "a million billion", "1e9", "-3", "12.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, q := range Find(s) {
			if q.Text == "" || !strings.Contains(s, q.Text) {
				t.Fatalf("Find(%q): %q is not a piece of the text", s, q.Text)
			}
			_ = Format(q.Number, q.Unit())
			if q.Rank && !isOrdinal(q.Text) {
				continue // a superlative, which is no value
			}
			n, _, err := ParseValue(q.Text)
			if err != nil || !n.Equal(q.Number) {
				t.Fatalf("Find(%q) gives %q = %s; ParseValue reads %s, %v", s, q.Text, q.Number, n, err)
			}
		}
	})
}

var suggested = regexp.MustCompile(`did you mean "([^"]*)"\?$`)

// FuzzParsePeriod checks that a period read is written back as it was
// read, and that a period suggested for one that is not is one.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2015", "2015-Q1", "Q1", "2015-02", "2015-02-12", "2015Q1", "Feb 2015", "12 February 2015", "2015-02-30", "2015/2/12"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s)
		if err != nil {
			if m := suggested.FindStringSubmatch(err.Error()); m != nil {
				if _, err := ParsePeriod(m[1]); err != nil {
					t.Fatalf("ParsePeriod(%q) suggests %q, which is not a period: %v", s, m[1], err)
				}
			}
			return
		}
		back, err := ParsePeriod(p.String())
		if err != nil || back != p || p.Label() == "" {
			t.Fatalf("ParsePeriod(%q) = %+v, written %q, read back %+v, %v", s, p, p.String(), back, err)
		}
	})
}
