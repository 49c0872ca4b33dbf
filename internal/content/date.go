package content

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a publication date as precise as the editor knows it: a year, a
// month of a year, a day, or an instant. Month and Day are 0 when unknown, so
// that a date known only to the month is never shown with an invented day.
type Date struct {
	Year, Month, Day int
	// Time is the instant when the front matter gave a time of day
	// (RFC 3339); zero otherwise.
	Time time.Time
}

// ParseDate reads the forms the front matter accepts: 2015, 2015-02,
// 2015-02-12 and RFC 3339 (2015-02-12T09:30:00Z, also without zone or with a
// space for the T). An impossible date is an error that says why.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, fmt.Errorf("date is empty")
	}
	if len(s) > 10 {
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999", "2006-01-02 15:04"} {
			if t, err := time.Parse(layout, s); err == nil {
				if t.Year() == 0 {
					// Year 0 is how an unset Date reads.
					return Date{}, fmt.Errorf("impossible date %q: there is no year 0", s)
				}
				return Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day(), Time: t}, nil
			}
		}
		// Report what is wrong with the date part if it is the culprit.
		if _, err := parseDay(s[:10]); err != nil && len(s) > 10 && (s[10] == 'T' || s[10] == ' ') {
			return Date{}, err
		}
		return Date{}, fmt.Errorf("date %q is not a date: use 2015-02-12, 2015-02, 2015 or RFC 3339", s)
	}
	return parseDay(s)
}

func parseDay(s string) (Date, error) {
	bad := func() (Date, error) {
		return Date{}, fmt.Errorf("date %q is not a date: use 2015-02-12, 2015-02, 2015 or RFC 3339", s)
	}
	// The parts between '-', at most three.
	var parts [3]string
	count := 0
	for rest := s; ; {
		p, after, more := strings.Cut(rest, "-")
		if count == len(parts) {
			return bad()
		}
		parts[count] = p
		count++
		if !more {
			break
		}
		rest = after
	}
	if len(parts[0]) != 4 {
		return bad()
	}
	var n [3]int
	for i, p := range parts[:count] {
		if p == "" || len(p) > 4 || (i > 0 && len(p) != 2) {
			return bad()
		}
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return bad()
		}
		n[i] = v
	}
	d := Date{Year: n[0], Month: n[1], Day: n[2]}
	if d.Year == 0 {
		return Date{}, fmt.Errorf("impossible date %q: there is no year 0", s)
	}
	if count >= 2 && (d.Month < 1 || d.Month > 12) {
		return Date{}, fmt.Errorf("impossible date %q: month must be 01 to 12", s)
	}
	if count == 3 {
		last := daysIn(d.Year, d.Month)
		if d.Day < 1 || d.Day > last {
			return Date{}, fmt.Errorf("impossible date %q: %s %d has %d days", s, time.Month(d.Month), d.Year, last)
		}
	}
	return d, nil
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.Year == 0 }

// String shows the date to readers: "12 February 2015", "February 2015" or
// "2015".
func (d Date) String() string {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return strconv.Itoa(d.Year)
	case d.Day == 0:
		return time.Month(d.Month).String() + " " + strconv.Itoa(d.Year)
	}
	return strconv.Itoa(d.Day) + " " + time.Month(d.Month).String() + " " + strconv.Itoa(d.Year)
}

// ISO returns the date as HTML's <time datetime> and feeds want it, no more
// precise than it is known: "2015-02-12", "2015-02", "2015", or an RFC 3339
// instant.
func (d Date) ISO() string {
	switch {
	case d.Year == 0:
		return ""
	case !d.Time.IsZero():
		// Nano: fractions of a second, when written, are kept.
		return d.Time.Format(time.RFC3339Nano)
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// MonthName is the month for timeline headings, or "" when unknown.
func (d Date) MonthName() string {
	if d.Month == 0 {
		return ""
	}
	return time.Month(d.Month).String()
}

// Compare orders dates chronologically. A date known only to the month sorts
// before the days of that month, and a year before its months: the
// imprecise date is taken as the start of its period, where it is sure to be.
func (d Date) Compare(o Date) int {
	if c := cmp.Or(cmp.Compare(d.Year, o.Year), cmp.Compare(d.Month, o.Month), cmp.Compare(d.Day, o.Day)); c != 0 {
		return c
	}
	switch {
	case d.Time.IsZero() && o.Time.IsZero():
		return 0
	case d.Time.IsZero():
		return -1
	case o.Time.IsZero():
		return 1
	}
	return d.Time.Compare(o.Time)
}
