package content

import (
	"fmt"
	"testing"
	"time"
)

// TestDateFormats checks String and ISO against the fmt formats they
// spell out by hand.
func TestDateFormats(t *testing.T) {
	for _, d := range []Date{{Year: 2015}, {Year: 2015, Month: 2}, {Year: 2015, Month: 2, Day: 12}, {Year: 987, Month: 11, Day: 3}, {Year: 12345, Month: 1, Day: 1}, {Year: 5, Month: 3}} {
		var iso, str string
		switch {
		case d.Month == 0:
			iso, str = fmt.Sprintf("%04d", d.Year), fmt.Sprint(d.Year)
		case d.Day == 0:
			iso, str = fmt.Sprintf("%04d-%02d", d.Year, d.Month), fmt.Sprintf("%s %d", time.Month(d.Month), d.Year)
		default:
			iso, str = fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day), fmt.Sprintf("%d %s %d", d.Day, time.Month(d.Month), d.Year)
		}
		if got := d.ISO(); got != iso {
			t.Errorf("%#v.ISO() = %q; want %q", d, got, iso)
		}
		if got := d.String(); got != str {
			t.Errorf("%#v.String() = %q; want %q", d, got, str)
		}
	}
}
