package claim

import (
	"math/big"
	"strconv"
	"strings"
)

// Number is a figure as it was written: its value, mant × 10^exp, and its
// precision, the place of the last digit written (10^exp). "13.1" is 131 ×
// 10⁻¹, "61.1 million" 611 × 10⁵, "45 billion" 45 × 10⁹, "five hundred"
// 5 × 10², "61100000" 61100000 × 10⁰. The zero Number is 0, known to the
// unit.
type Number struct {
	mant int64
	exp  int
}

// Decimal returns the Number mant × 10^exp, known to its last digit: the
// round values an axis is labelled with.
func Decimal(mant int64, exp int) Number { return Number{mant, exp} }

// scaled is n times 10^by: "61.1" made "61.1 million".
func (n Number) scaled(by int) Number { return Number{n.mant, n.exp + by} }

func pow10(e int) *big.Rat {
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(e))), nil)
	if e < 0 {
		return new(big.Rat).SetFrac(big.NewInt(1), p)
	}
	return new(big.Rat).SetInt(p)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// rat is n's value, exactly.
func (n Number) rat() *big.Rat {
	return new(big.Rat).Mul(new(big.Rat).SetInt64(n.mant), pow10(n.exp))
}

// Float64 is n's value, for placing it on an axis.
func (n Number) Float64() float64 {
	f, _ := n.rat().Float64()
	return f
}

// Equal reports whether n and o have the same value, whatever their
// precision: "61.1 million" equals 61100000.
func (n Number) Equal(o Number) bool { return n.rat().Cmp(o.rat()) == 0 }

// Int returns n's value as a whole number, and whether it is one that fits.
func (n Number) Int() (int64, bool) {
	r := n.rat()
	if !r.IsInt() || !r.Num().IsInt64() {
		return 0, false
	}
	return r.Num().Int64(), true
}

// Agree reports whether two reported values agree: their difference is at
// most tolerance, or, without one, they are equal at the precision of the
// less precise, that is within half its last digit (13.1 and 13 agree, for
// 13 stands for anything from 12.5 to 13.5; 13.1 and 14 do not).
func Agree(a, b Number, tolerance *Number) bool {
	diff := new(big.Rat).Sub(a.rat(), b.rat())
	diff.Abs(diff)
	if tolerance != nil {
		return diff.Cmp(tolerance.rat()) <= 0
	}
	half := pow10(max(a.exp, b.exp))
	half.Quo(half, big.NewRat(2, 1))
	return diff.Cmp(half) <= 0
}

// magnitudes are the words large numbers are shown with, largest first.
var magnitudes = []struct {
	name string
	exp  int
}{{"trillion", 12}, {"billion", 9}, {"million", 6}}

// String writes n as figures, as precisely as it was written: "13.1",
// "1,200", "61.1 million", "45 billion". From a million up the largest
// magnitude word that leaves a whole part is used.
func (n Number) String() string {
	r := n.rat()
	a := new(big.Rat).Abs(r)
	for _, m := range magnitudes {
		if a.Cmp(pow10(m.exp)) >= 0 {
			s := decimal(n.mant, n.exp-m.exp)
			if strings.Contains(s, ".") {
				// Digits written as figures ("61100000") are not shown
				// as "61.100000 million".
				s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
			}
			return s + " " + m.name
		}
	}
	return groupThousands(decimal(n.mant, n.exp))
}

// decimal writes mant × 10^exp in plain figures.
func decimal(mant int64, exp int) string {
	neg := mant < 0
	digits := strconv.FormatInt(mant, 10)
	if neg {
		digits = digits[1:]
	}
	switch {
	case exp >= 0:
		digits += strings.Repeat("0", exp)
	default:
		point := len(digits) + exp
		if point <= 0 {
			digits = strings.Repeat("0", 1-point) + digits
			point = 1
		}
		digits = digits[:point] + "." + digits[point:]
	}
	if neg {
		return "-" + digits
	}
	return digits
}

// groupThousands puts commas between the thousands of the whole part of a
// plain decimal of a thousand or more: "1200" → "1,200".
func groupThousands(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	if len(whole) < 4 {
		return sign + s
	}
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return sign + b.String()
}
