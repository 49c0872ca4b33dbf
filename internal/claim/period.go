package claim

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Period is the time a value is for, as precise as the text gives it: a
// year (2014), a quarter (2015-Q1), a month (2015-02) or a day
// (2015-02-12). A quarter may be given without its year (Q1), as when an
// article speaks of "the first quarter" and never says of which year.
// Zero fields are not given; the zero Period is no period.
type Period struct {
	Year    int
	Quarter int // 1 to 4
	Month   int // 1 to 12
	Day     int
}

// IsZero reports whether no period is given.
func (p Period) IsZero() bool { return p == Period{} }

// String writes the period as content writes it: "2014", "2015-Q1",
// "Q1", "2015-02", "2015-02-12".
func (p Period) String() string {
	var s string
	if p.Year != 0 {
		s = fmt.Sprintf("%04d", p.Year)
	}
	switch {
	case p.Quarter != 0 && s == "":
		return fmt.Sprintf("Q%d", p.Quarter)
	case p.Quarter != 0:
		return fmt.Sprintf("%s-Q%d", s, p.Quarter)
	case p.Day != 0:
		return fmt.Sprintf("%s-%02d-%02d", s, p.Month, p.Day)
	case p.Month != 0:
		return fmt.Sprintf("%s-%02d", s, p.Month)
	}
	return s
}

var quarterWords = []string{"", "first", "second", "third", "fourth"}

// Label names the period for readers: "2014", "first quarter of 2015",
// "first quarter, year not given", "February 2015", "12 February 2015".
func (p Period) Label() string {
	switch {
	case p.Quarter != 0 && p.Year == 0:
		return quarterWords[p.Quarter] + " quarter, year not given"
	case p.Quarter != 0:
		return fmt.Sprintf("%s quarter of %d", quarterWords[p.Quarter], p.Year)
	case p.Day != 0:
		return fmt.Sprintf("%d %s %d", p.Day, time.Month(p.Month), p.Year)
	case p.Month != 0:
		return fmt.Sprintf("%s %d", time.Month(p.Month), p.Year)
	case p.Year != 0:
		return strconv.Itoa(p.Year)
	}
	return ""
}

// Same reports whether two reports' periods may be the same time: they
// are equal, or either is not given, or one gives no year and is the
// same quarter as the other. Periods of different precision (2015 and
// 2015-Q1) are different periods: a year's figure is not a quarter's.
func (p Period) Same(o Period) bool {
	if p.IsZero() || o.IsZero() || p == o {
		return true
	}
	if p.Year == 0 || o.Year == 0 {
		p.Year, o.Year = 0, 0
		return p == o
	}
	return false
}

// Compare orders periods by when they start, then the longer first; a
// period without a year comes first.
func (p Period) Compare(o Period) int {
	start := func(p Period) int {
		m := p.Month
		if p.Quarter != 0 {
			m = (p.Quarter-1)*3 + 1
		}
		return (p.Year*13+max(m, 0))*32 + p.Day
	}
	length := func(p Period) int {
		switch {
		case p.Day != 0:
			return 0
		case p.Month != 0:
			return 1
		case p.Quarter != 0:
			return 2
		}
		return 3
	}
	if c := start(p) - start(o); c != 0 {
		return c
	}
	return length(o) - length(p)
}

// periodForms says how periods are written, for messages.
const periodForms = "a year (2015), a quarter (2015-Q1, or Q1 when the text gives no year), a month (2015-02) or a day (2015-02-12)"

// ParsePeriod reads a period written as String writes it ("q1" may be
// lowercase). Anything else is an error, with the period meant when it can
// be told: "2015Q1", "Q1 2015" and "first quarter of 2015" → "2015-Q1";
// "Feb 2015" and "2015/02" → "2015-02"; "12 February 2015" → "2015-02-12".
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(s)
	if p, ok, err := parseCanonical(s); ok {
		return p, err
	}
	if p, ok := guessPeriod(s); ok {
		return Period{}, fmt.Errorf("period %q does not parse; did you mean %q?", s, p.String())
	}
	return Period{}, fmt.Errorf("period %q does not parse: write %s", s, periodForms)
}

// parseCanonical reads the forms String writes. ok is false when s is not
// in one of them; err is set when it is but names no real time (month 13,
// 30 February).
func parseCanonical(s string) (p Period, ok bool, err error) {
	if len(s) == 2 && (s[0] == 'Q' || s[0] == 'q') {
		q, ok := quarterDigit(s[1:])
		if !ok {
			return Period{}, true, fmt.Errorf("period %q: a quarter is Q1, Q2, Q3 or Q4", s)
		}
		return Period{Quarter: q}, true, nil
	}
	if len(s) < 4 || !digits(s[:4]) {
		return Period{}, false, nil
	}
	p.Year, _ = strconv.Atoi(s[:4])
	rest := s[4:]
	switch {
	case p.Year == 0 && (rest == "" || rest[0] == '-'):
		return Period{}, true, fmt.Errorf("period %q: there is no year 0", s)
	case rest == "":
		return p, true, nil
	case len(rest) == 3 && rest[0] == '-' && (rest[1] == 'Q' || rest[1] == 'q'):
		q, ok := quarterDigit(rest[2:])
		if !ok {
			return Period{}, true, fmt.Errorf("period %q: a quarter is Q1, Q2, Q3 or Q4", s)
		}
		p.Quarter = q
		return p, true, nil
	case len(rest) == 3 && rest[0] == '-' && digits(rest[1:]):
		p.Month, _ = strconv.Atoi(rest[1:])
	case len(rest) == 6 && rest[0] == '-' && digits(rest[1:3]) && rest[3] == '-' && digits(rest[4:]):
		p.Month, _ = strconv.Atoi(rest[1:3])
		p.Day, _ = strconv.Atoi(rest[4:])
	default:
		return Period{}, false, nil
	}
	if p.Month < 1 || p.Month > 12 {
		return Period{}, true, fmt.Errorf("period %q: there is no month %d", s, p.Month)
	}
	if p.Day != 0 || len(rest) == 6 {
		if last := daysIn(p.Year, p.Month); p.Day < 1 || p.Day > last {
			return Period{}, true, fmt.Errorf("period %q: %s %d has %d days", s, time.Month(p.Month), p.Year, last)
		}
	}
	return p, true, nil
}

func quarterDigit(s string) (int, bool) {
	if len(s) == 1 && s[0] >= '1' && s[0] <= '4' {
		return int(s[0] - '0'), true
	}
	return 0, false
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

var monthNames = func() map[string]int {
	m := map[string]int{}
	for i := 1; i <= 12; i++ {
		name := strings.ToLower(time.Month(i).String())
		m[name] = i
		m[name[:3]] = i
	}
	m["sept"] = 9
	return m
}()

// guessPeriod tells what period a period written another way means, when
// it can: the words and numbers of s, whatever separates them, read as a
// year, a quarter or a month name, and a day.
func guessPeriod(s string) (Period, bool) {
	// Runs of letters and runs of digits: "2015Q1" is 2015, Q, 1.
	var toks []string
	start := -1
	kind := func(r rune) int {
		switch {
		case unicode.IsLetter(r):
			return 1
		case unicode.IsDigit(r):
			return 2
		}
		return 0
	}
	prev := 0
	for i, r := range s + " " {
		k := kind(r)
		if k != prev && start >= 0 {
			toks = append(toks, strings.ToLower(s[start:i]))
			start = -1
		}
		if k != 0 && start < 0 {
			start = i
		}
		prev = k
	}
	var p Period
	var nums []int
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case digits(t) && len(t) == 4:
			if p.Year != 0 {
				return Period{}, false // a range of years, or two
			}
			p.Year, _ = strconv.Atoi(t)
		case digits(t):
			n, _ := strconv.Atoi(t)
			nums = append(nums, n)
		case t == "q" || t == "quarter":
			// Q1, 1Q: the number next to the Q; "first quarter": the
			// ordinal before it.
			if t == "q" && i+1 < len(toks) && digits(toks[i+1]) && len(toks[i+1]) == 1 {
				p.Quarter, _ = strconv.Atoi(toks[i+1])
				i++
			} else if len(nums) > 0 && nums[len(nums)-1] <= 4 {
				p.Quarter = nums[len(nums)-1]
				nums = nums[:len(nums)-1]
			}
		case slices.Index(quarterWords, t) > 0 && i+1 < len(toks) && toks[i+1] == "quarter":
			p.Quarter = slices.Index(quarterWords, t)
			i++
		case monthNames[t] != 0:
			p.Month = monthNames[t]
		case t == "of" || t == "the":
		default:
			return Period{}, false
		}
	}
	switch {
	case p.Quarter != 0:
		if p.Month != 0 || len(nums) > 0 {
			return Period{}, false
		}
	case p.Month != 0:
		// "12 February 2015", "February 12, 2015": the number is the day.
		if len(nums) > 1 || p.Year == 0 {
			return Period{}, false
		}
		if len(nums) == 1 {
			p.Day = nums[0]
		}
	case p.Year != 0:
		// Figures only: "2015/02", "2015-2-12", "02/2015". Which of two
		// small numbers is the month and which the day cannot be told
		// unless the year comes first.
		switch {
		case len(nums) == 1:
			p.Month = nums[0]
		case len(nums) == 2 && strings.HasPrefix(strings.TrimLeft(s, " "), fmt.Sprintf("%04d", p.Year)):
			p.Month, p.Day = nums[0], nums[1]
		default:
			return Period{}, false
		}
	default:
		return Period{}, false
	}
	if _, ok, err := parseCanonical(p.String()); !ok || err != nil {
		return Period{}, false
	}
	return p, true
}
