package claim

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"dossier/internal/diag"
)

// Unit is what a value counts, as content writes it: "percent", "rank",
// "units", "users", an ISO 4217 currency code ("USD", "CNY"), or a word
// or few of free text ("seconds", "stores"). Units are compatible when
// they are the same.
type Unit string

// The units dossier knows by name.
const (
	Percent Unit = "percent"
	Rank    Unit = "rank"
	Units   Unit = "units"
	Users   Unit = "users"
)

// named are the units known by name, for suggestions.
var named = []string{string(Percent), string(Rank), string(Units), string(Users)}

// Currency reports whether u is a currency code.
func (u Unit) Currency() bool { return currencies[string(u)] }

// currencies are the ISO 4217 codes of the currencies in use.
var currencies = func() map[string]bool {
	const codes = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD " +
		"CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD " +
		"HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD " +
		"MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG " +
		"QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD " +
		"TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL"
	m := map[string]bool{}
	for _, c := range strings.Fields(codes) {
		m[c] = true
	}
	return m
}()

// unitAliases are what editors may write for a known unit: read as a
// mistake, with the unit meant as the suggestion, so that one claim is
// never in "$" in one article and "USD" in another.
var unitAliases = map[string]string{
	"%": "percent", "pct": "percent", "per cent": "percent", "percentage": "percent", "percents": "percent",
	"$": "USD", "us$": "USD", "dollar": "USD", "dollars": "USD", "us dollars": "USD",
	"yuan": "CNY", "rmb": "CNY", "renminbi": "CNY",
	"€": "EUR", "euro": "EUR", "euros": "EUR",
	"£": "GBP", "pound": "GBP", "pounds": "GBP", "sterling": "GBP",
	"yen": "JPY", "rupee": "INR", "rupees": "INR", "hk$": "HKD", "nt$": "TWD",
	"ranking": "rank", "ranked": "rank", "place": "rank", "position": "rank", "ordinal": "rank",
	"unit": "units", "user": "users",
}

// ParseUnit reads a unit. A known unit written another way ("pct", "$",
// "yuan", "usd") or a near miss of one ("percnet") is an error that
// suggests it; so is a code of three capitals that is no currency's, and
// free text that does not start with a letter.
func ParseUnit(s string) (Unit, error) {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "", fmt.Errorf("unit is empty")
	}
	if u := Unit(s); u == Percent || u == Rank || u == Units || u == Users || u.Currency() {
		return u, nil
	}
	lower := strings.ToLower(s)
	if meant, ok := unitAliases[lower]; ok {
		return "", fmt.Errorf("unit %q is written otherwise here; did you mean %q?", s, meant)
	}
	if s == "¥" {
		return "", fmt.Errorf("unit %q is either yuan or yen; write CNY or JPY", s)
	}
	if len(s) == 3 && currencies[strings.ToUpper(s)] {
		return "", fmt.Errorf("unit %q: currency codes are written in capitals; did you mean %q?", s, strings.ToUpper(s))
	}
	if len(s) == 3 && s == strings.ToUpper(s) && isLetters(s) {
		return "", fmt.Errorf("unit %q is not an ISO 4217 currency code such as USD, CNY or EUR", s)
	}
	if r, _ := utf8.DecodeRuneInString(s); !unicode.IsLetter(r) {
		return "", fmt.Errorf("unit %q does not start with a letter: write percent, rank, units, users, a currency code such as USD, or a word", s)
	}
	if meant := diag.Suggest(lower, named); meant != "" {
		return "", fmt.Errorf("unit %q is not a unit dossier knows; did you mean %q?", s, meant)
	}
	return Unit(s), nil
}

func isLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// currencySigns are how Format writes the currencies that have a sign
// everyone reads the same way; other currencies are written with their
// code.
var currencySigns = map[Unit]string{"USD": "$", "EUR": "€", "GBP": "£"}

// Format writes a value in its unit as pages show it: a rank as an
// ordinal word ("fifth", "twenty-first", "101st"), a percentage as "13.1
// percent", money with its sign or code ("$1.1 billion", "CNY 12
// billion"), anything else as the number and the unit ("100 million
// users"), whole numbers below ten in words ("zero presence").
func Format(n Number, u Unit) string {
	switch {
	case u == Rank:
		if v, ok := n.Int(); ok && v > 0 {
			return Ordinal(v)
		}
		return "rank " + n.String()
	case u == Percent:
		return n.String() + " percent"
	case u.Currency():
		if sign, ok := currencySigns[u]; ok {
			return sign + n.String()
		}
		return string(u) + " " + n.String()
	}
	s := n.String()
	if v, ok := n.Int(); ok && v >= 0 && v < 10 && n.exp == 0 {
		s = smallWords[v]
	}
	if u == "" {
		return s
	}
	return s + " " + string(u)
}

var smallWords = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}

var ordinalWords = []string{"", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
	"tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth"}

var tensWords = []string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}

// Ordinal writes a rank: in words up to the ninety-ninth, in figures with
// a suffix beyond ("100th", "101st").
func Ordinal(n int64) string {
	switch {
	case n <= 0:
		return fmt.Sprint(n)
	case n < 20:
		return ordinalWords[n]
	case n < 100:
		if n%10 == 0 {
			return strings.TrimSuffix(tensWords[n/10], "y") + "ieth"
		}
		return tensWords[n/10] + "-" + ordinalWords[n%10]
	}
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprint(n) + suffix
}
