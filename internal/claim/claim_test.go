package claim

import (
	"fmt"
	"strings"
	"testing"
)

// quantity writes a found quantity compactly: its text, value and what
// the text says of its unit.
func quantity(q Quantity) string {
	s := q.Text + "=" + q.Number.String()
	if u := q.Unit(); u != "" {
		s += " " + string(u)
	}
	return s
}

func TestFind(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		// Figures, decimals, thousands.
		{"Xiaomi held a 13.1 percent share", []string{"13.1 percent=13.1 percent"}},
		{"a 14% share", []string{"14%=14 percent"}},
		{"15.7 per cent", []string{"15.7 per cent=15.7 percent"}},
		{"up 3 pct", []string{"3 pct=3 percent"}},
		{"1,000,000 phones", []string{"1,000,000=1 million"}},
		{"1,200 stores", []string{"1,200=1,200"}},
		{"in less than 90 seconds", []string{"90=90"}},
		{"doubled its revenue to $12 billion in 2014", []string{"$12 billion=12 billion USD", "2014=2,014"}},
		// Magnitudes, as words and against figures.
		{"has sold 61.1 million smartphones", []string{"61.1 million=61.1 million"}},
		{"raised $1.1 billion in December", []string{"$1.1 billion=1.1 billion USD"}},
		{"raised $1.1bn", []string{"$1.1bn=1.1 billion USD"}},
		{"61.1m phones", []string{"61.1m=61.1 million"}},
		{"a valuation of $45 billion", []string{"$45 billion=45 billion USD"}},
		{"2 trillion", []string{"2 trillion=2 trillion"}},
		// Number words.
		{"one million were sold in India alone", []string{"one million=1 million"}},
		{"a million users", []string{"a million=1 million"}},
		{"zero presence in the United States", []string{"zero=0"}},
		{"twenty-one stores", []string{"twenty-one=21"}},
		{"five hundred staff", []string{"five hundred=500"}},
		{"two hundred and fifty staff", []string{"two hundred and fifty=250"}},
		{"probably 20 or 30 things", []string{"20=20", "30=30"}},
		{"a share of the market", nil},
		// Currencies before and after.
		{"CNY 12 billion", []string{"CNY 12 billion=12 billion CNY"}},
		{"12 billion yuan", []string{"12 billion yuan=12 billion CNY"}},
		{"12 billion renminbi", []string{"12 billion renminbi=12 billion CNY"}},
		{"HK$3 billion", []string{"HK$3 billion=3 billion HKD"}},
		{"US$5", []string{"US$5=5 USD"}},
		{"€20 million", []string{"€20 million=20 million EUR"}},
		{"£2", []string{"£2=2 GBP"}},
		{"¥500", []string{"¥500=500 CNY/JPY"}},
		{"3 billion dollars", []string{"3 billion dollars=3 billion USD"}},
		{"USD 7", []string{"USD 7=7 USD"}},
		// Ranks: ordinals.
		{"the fifth most popular smartphone manufacturer in China", []string{"fifth=5 rank"}},
		{"the country's second largest smartphone vendor behind Apple", []string{"second largest=2 rank"}},
		{"its first major press event", []string{"first=1 rank"}},
		{"the twenty-first century", []string{"twenty-first=21 rank"}},
		{"ranked 2nd", []string{"2nd=2 rank"}},
		{"the 3rd-biggest", []string{"3rd-biggest=3 rank"}},
		{"the fifth-biggest maker", []string{"fifth-biggest=5 rank"}},
		// Ranks: superlatives, only where the text says first.
		{"China's biggest smartphone maker", []string{"biggest=1 rank"}},
		{"the largest vendor", []string{"largest=1 rank"}},
		{"one of the biggest smartphone makers in the world", []string{"one=1"}},
		{"one of its largest markets", []string{"one=1"}},
		{"among the biggest", nil},
		{"the most popular phone", nil},
		{"a leading vendor", nil},
		// Not numbers.
		{"the Mi3 and the Mi4", nil},
		{"4G phones in Q1", nil},
		{"the U.S. market", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, q := range Find(tt.text) {
			got = append(got, quantity(q))
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Find(%q) = %q; want %q", tt.text, got, tt.want)
		}
	}
}

func TestParseValue(t *testing.T) {
	tests := []struct {
		in   string
		want string // Format of the value in the unit it implies
		unit Unit
		err  string
	}{
		{in: "13.1", want: "13.1"},
		{in: "13.10", want: "13.10"},
		{in: "2", want: "two"},
		{in: "0", want: "zero"},
		{in: "zero", want: "zero"},
		{in: "61100000", want: "61.1 million"},
		{in: "61.1 million", want: "61.1 million"},
		{in: "one million", want: "1 million"},
		{in: "1,000", want: "1,000"},
		{in: "13.1 percent", want: "13.1 percent", unit: Percent},
		{in: "14%", want: "14 percent", unit: Percent},
		{in: "$1.1 billion", want: "$1.1 billion", unit: "USD"},
		{in: "12 billion yuan", want: "CNY 12 billion", unit: "CNY"},
		{in: "fifth", want: "fifth", unit: Rank},
		{in: "first", want: "first", unit: Rank},
		{in: "21st", want: "twenty-first", unit: Rank},
		{in: "¥5", want: "five"},
		{in: "biggest", err: `"biggest" is not a number`},
		{in: "a dozen", err: `"a dozen" is not a number`},
		{in: "13.1 or 14", err: `"13.1 or 14" is not a number`},
		{in: "about 14", err: `"about 14" is not a number`},
		{in: "1e9", err: `"1e9" is not a number`},
		{in: "", err: `"" is not a number`},
	}
	for _, tt := range tests {
		n, u, err := ParseValue(tt.in)
		if tt.err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
				t.Errorf("ParseValue(%q) error = %v; want %s…", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseValue(%q): %v", tt.in, err)
			continue
		}
		if got := Format(n, u); got != tt.want || u != tt.unit {
			t.Errorf("ParseValue(%q) = %s in %q; want %s in %q", tt.in, got, u, tt.want, tt.unit)
		}
	}
}

func TestParseUnit(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{in: "percent", want: "percent"},
		{in: "rank", want: "rank"},
		{in: "units", want: "units"},
		{in: "users", want: "users"},
		{in: "USD", want: "USD"},
		{in: "CNY", want: "CNY"},
		{in: "seconds", want: "seconds"},
		{in: " smartphones  sold ", want: "smartphones sold"},
		{in: "pct", err: `unit "pct" is written otherwise here; did you mean "percent"?`},
		{in: "%", err: `unit "%" is written otherwise here; did you mean "percent"?`},
		{in: "$", err: `unit "$" is written otherwise here; did you mean "USD"?`},
		{in: "yuan", err: `unit "yuan" is written otherwise here; did you mean "CNY"?`},
		{in: "RMB", err: `unit "RMB" is written otherwise here; did you mean "CNY"?`},
		{in: "usd", err: `unit "usd": currency codes are written in capitals; did you mean "USD"?`},
		{in: "¥", err: `unit "¥" is either yuan or yen; write CNY or JPY`},
		{in: "XYZ", err: `unit "XYZ" is not an ISO 4217 currency code such as USD, CNY or EUR`},
		{in: "percnet", err: `unit "percnet" is not a unit dossier knows; did you mean "percent"?`},
		{in: "user", err: `unit "user" is written otherwise here; did you mean "users"?`},
		{in: "2015Q1", err: `unit "2015Q1" does not start with a letter`},
		{in: "", err: `unit is empty`},
	}
	for _, tt := range tests {
		got, err := ParseUnit(tt.in)
		if tt.err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
				t.Errorf("ParseUnit(%q) error = %v; want %s", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || string(got) != tt.want {
			t.Errorf("ParseUnit(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in, want, label, err string
	}{
		{in: "2014", want: "2014", label: "2014"},
		{in: "2015-Q1", want: "2015-Q1", label: "first quarter of 2015"},
		{in: "2015-q4", want: "2015-Q4", label: "fourth quarter of 2015"},
		{in: "Q1", want: "Q1", label: "first quarter, year not given"},
		{in: "2015-02", want: "2015-02", label: "February 2015"},
		{in: "2015-02-12", want: "2015-02-12", label: "12 February 2015"},
		{in: "2016-02-29", want: "2016-02-29", label: "29 February 2016"},
		{in: "2015Q1", err: `period "2015Q1" does not parse; did you mean "2015-Q1"?`},
		{in: "Q1 2015", err: `period "Q1 2015" does not parse; did you mean "2015-Q1"?`},
		{in: "1Q2015", err: `period "1Q2015" does not parse; did you mean "2015-Q1"?`},
		{in: "first quarter of 2015", err: `period "first quarter of 2015" does not parse; did you mean "2015-Q1"?`},
		{in: "first quarter", err: `period "first quarter" does not parse; did you mean "Q1"?`},
		{in: "Feb 2015", err: `period "Feb 2015" does not parse; did you mean "2015-02"?`},
		{in: "February, 2015", err: `period "February, 2015" does not parse; did you mean "2015-02"?`},
		{in: "2015/02", err: `period "2015/02" does not parse; did you mean "2015-02"?`},
		{in: "2015-2", err: `period "2015-2" does not parse; did you mean "2015-02"?`},
		{in: "02/2015", err: `period "02/2015" does not parse; did you mean "2015-02"?`},
		{in: "12 February 2015", err: `period "12 February 2015" does not parse; did you mean "2015-02-12"?`},
		{in: "February 12, 2015", err: `period "February 12, 2015" does not parse; did you mean "2015-02-12"?`},
		{in: "2015/2/12", err: `period "2015/2/12" does not parse; did you mean "2015-02-12"?`},
		{in: "2015-Q5", err: `period "2015-Q5": a quarter is Q1, Q2, Q3 or Q4`},
		{in: "2015-13", err: `period "2015-13": there is no month 13`},
		{in: "2015-02-30", err: `period "2015-02-30": February 2015 has 28 days`},
		{in: "0000-01", err: `period "0000-01": there is no year 0`},
		{in: "2014-2015", err: `period "2014-2015" does not parse: write a year (2015)`},
		{in: "12/02/2015", err: `period "12/02/2015" does not parse: write a year`},
		{in: "last year", err: `period "last year" does not parse: write a year`},
	}
	for _, tt := range tests {
		got, err := ParsePeriod(tt.in)
		if tt.err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
				t.Errorf("ParsePeriod(%q) error = %v; want %s", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got.String() != tt.want || got.Label() != tt.label {
			t.Errorf("ParsePeriod(%q) = %q (%q), %v; want %q (%q)", tt.in, got, got.Label(), err, tt.want, tt.label)
		}
	}
}

func TestPeriodSame(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"2014", "2014", true},
		{"", "2014", true},
		{"Q1", "2015-Q1", true},
		{"Q1", "2015-Q2", false},
		{"Q1", "2015-02", false},
		{"2015", "2015-Q1", false},
		{"2014", "2015", false},
		{"2015-02", "2015-02-12", false},
	}
	for _, tt := range tests {
		var a, b Period
		if tt.a != "" {
			a, _ = ParsePeriod(tt.a)
		}
		b, _ = ParsePeriod(tt.b)
		if got := a.Same(b); got != tt.want || b.Same(a) != tt.want {
			t.Errorf("Period(%q).Same(%q) = %v; want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestFormat(t *testing.T) {
	num := func(s string) Number {
		n, _, err := ParseValue(s)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	tests := []struct {
		n    string
		u    Unit
		want string
	}{
		{"2", Rank, "second"},
		{"20", Rank, "twentieth"},
		{"42", Rank, "forty-second"},
		{"101", Rank, "101st"},
		{"112", Rank, "112th"},
		{"13.1", Percent, "13.1 percent"},
		{"1.1 billion", "USD", "$1.1 billion"},
		{"12 billion", "CNY", "CNY 12 billion"},
		{"100 million", Users, "100 million users"},
		{"61.1 million", Units, "61.1 million units"},
		{"0", "presence", "zero presence"},
		{"90", "seconds", "90 seconds"},
		{"1 million", Units, "1 million units"},
		{"12345.5", "", "12,345.5"},
		{"0.05", Percent, "0.05 percent"},
	}
	for _, tt := range tests {
		if got := Format(num(tt.n), tt.u); got != tt.want {
			t.Errorf("Format(%s, %q) = %q; want %q", tt.n, tt.u, got, tt.want)
		}
	}
}

// TestInText covers the passage check: a value must be one of the
// passage's quantities, read as figures or words, of a kind its unit
// allows.
func TestInText(t *testing.T) {
	tests := []struct {
		value   string
		unit    Unit
		passage string
		want    bool
	}{
		{"13.1", Percent, "Xiaomi held a 13.1 percent share of China's smartphone market", true},
		{"13.1 percent", "", "Xiaomi held a 13.1 percent share", true},
		{"14", Percent, "Xiaomi held a 13.1 percent share", false},
		{"13", Percent, "Xiaomi held a 13.1 percent share", false},
		{"15.7", Percent, "which held a 15.7 percent share", true},
		{"5", Rank, "the fifth most popular smartphone manufacturer in China", true},
		{"fifth", "", "the fifth most popular smartphone manufacturer in China", true},
		{"2", Rank, "the country's second largest smartphone vendor behind Apple", true},
		{"1", Rank, "the country's second largest smartphone vendor behind Apple", false},
		{"1", Rank, "China's biggest smartphone maker", true},
		{"1", Rank, "one of the biggest smartphone makers in the world", false},
		{"1", Units, "one of the biggest smartphone makers in the world", true},
		{"5", Units, "the fifth most popular", false},
		{"61.1 million", Units, "Xiaomi has sold 61.1 million smartphones in the last year", true},
		{"61100000", Units, "Xiaomi has sold 61.1 million smartphones in the last year", true},
		{"61 million", Units, "Xiaomi has sold 61.1 million smartphones in the last year", false},
		{"1 million", Units, "one million were sold in India alone", true},
		{"1.1 billion", "USD", "the company raised $1.1 billion in December last year", true},
		{"1.1 billion", "CNY", "the company raised $1.1 billion in December last year", false},
		{"1.1 billion", Percent, "the company raised $1.1 billion in December last year", false},
		{"12 billion", "CNY", "revenue of 12 billion yuan", true},
		{"500", "JPY", "¥500", true},
		{"45 billion", "USD", "its total valuation close to $45 billion", true},
		{"12 billion", "USD", "The company doubled its revenue to $12 billion in 2014", true},
		{"0", "presence", "despite having zero presence in the United States", true},
		{"100 million", Users, "its custom MIUI software has now gained 100 million users", true},
		{"90", "seconds", "sold out of its new flagship, the Mi3, in less than 90 seconds", true},
		{"3", "", "sold out of its new flagship, the Mi3", false},
		{"14", Percent, "a 14% share", true},
	}
	for _, tt := range tests {
		v, implied, err := ParseValue(tt.value)
		if err != nil {
			t.Fatal(err)
		}
		u := tt.unit
		if u == "" {
			u = implied
		}
		if got, _ := InText(v, u, tt.passage); got != tt.want {
			t.Errorf("InText(%s, %q, %q) = %v; want %v", tt.value, u, tt.passage, got, tt.want)
		}
	}
}

func TestAgree(t *testing.T) {
	num := func(s string) Number {
		n, _, err := ParseValue(s)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	tests := []struct {
		a, b, tol string
		want      bool
	}{
		{"13.1", "13.1", "", true},
		{"13.1", "13.10", "", true},
		{"13.1", "13", "", true},
		{"13.1", "14", "", false},
		{"13.6", "13", "", false},
		{"13.5", "13", "", true},
		{"61.1 million", "61 million", "", true},
		{"61.1 million", "61100000", "", true},
		{"61.1 million", "62 million", "", false},
		{"1", "2", "", false},
		{"13.1", "14", "1", true},
		{"13.1", "14.2", "1", false},
		{"45 billion", "46 billion", "1 billion", true},
	}
	for _, tt := range tests {
		var tol *Number
		if tt.tol != "" {
			n := num(tt.tol)
			tol = &n
		}
		if got := Agree(num(tt.a), num(tt.b), tol); got != tt.want || Agree(num(tt.b), num(tt.a), tol) != tt.want {
			t.Errorf("Agree(%s, %s, tolerance %q) = %v; want %v", tt.a, tt.b, tt.tol, got, tt.want)
		}
	}
}

func TestCompare(t *testing.T) {
	// report is "value unit [period] [/ measure]", the value in one word
	// ("61.1m"), or "-" for a report that gives no figure; a "?" after
	// the value or period marks it the editors' inference.
	report := func(s string) Report {
		if s == "-" {
			return Report{}
		}
		s, measure, _ := strings.Cut(s, " / ")
		f := strings.Fields(s)
		var r Report
		f[0], r.ValueInferred = strings.CutSuffix(f[0], "?")
		v, _, err := ParseValue(f[0])
		if err != nil {
			t.Fatal(err)
		}
		r.Valued, r.Value, r.Unit, r.Measure = true, v, Unit(f[1]), measure
		if len(f) > 2 {
			f[2], r.PeriodInferred = strings.CutSuffix(f[2], "?")
			if r.Period, err = ParsePeriod(f[2]); err != nil {
				t.Fatal(err)
			}
		}
		return r
	}
	tests := []struct {
		name      string
		reports   []string
		tolerance string
		status    Status
		summary   string
		apart     string
		differs   string
	}{
		{
			name:    "three ranks, one of them not compared with another",
			reports: []string{"5 rank / popularity in surveys", "1 rank", "2 rank Q1 / share of China's smartphone market"},
			status:  Contested,
			summary: "3 reports, 3 different ranks: fifth, first and second",
			apart:   "Reports of different measures are not compared with each other: fifth (popularity in surveys) and second (share of China's smartphone market)",
			differs: "0:[1] 1:[0 2] 2:[1]",
		},
		{
			name:    "three ranks, all compared",
			reports: []string{"5 rank", "1 rank", "2 rank"},
			status:  Contested,
			summary: "3 reports, 3 different ranks: fifth, first and second",
			differs: "0:[1 2] 1:[0 2] 2:[0 1]",
		},
		{
			name:    "two shares that differ at the precision given",
			reports: []string{"13.1 percent 2015-Q1", "14 percent 2015-Q1"},
			status:  Contested,
			summary: "2 reports, 2 different figures: 13.1 percent and 14 percent",
			differs: "0:[1] 1:[0]",
		},
		{
			name:    "a figure given twice, another once, and a report without one",
			reports: []string{"13.1 percent", "14 percent", "13.1 percent", "-"},
			status:  Contested,
			summary: "4 reports, 2 different figures: 13.1 percent (2 reports) and 14 percent; 1 gives no figure",
			differs: "0:[1] 1:[0 2] 2:[1]",
		},
		{
			name:      "within the tolerance",
			reports:   []string{"13.1 percent", "14 percent"},
			tolerance: "1",
			status:    Agreeing,
			summary:   "2 reports agree within 1 percent: 13.1 percent and 14 percent",
		},
		{
			name:    "agreeing at the precision given",
			reports: []string{"61.1m units 2014", "61m units 2014"},
			status:  Agreeing,
			summary: "2 reports agree at the precision given: 61.1 million units and 61 million units",
		},
		{
			name:    "agreeing exactly",
			reports: []string{"1.1bn USD", "1.1bn USD"},
			status:  Agreeing,
			summary: "2 reports agree: $1.1 billion",
		},
		{
			name:    "a series over periods",
			reports: []string{"12bn USD 2014", "5bn USD 2013", "20bn USD 2015"},
			status:  Series,
			summary: "3 reports for 3 periods: 2013: $5 billion; 2014: $12 billion; 2015: $20 billion",
		},
		{
			name:    "a series with a period that disagrees",
			reports: []string{"12bn USD 2014", "13bn USD 2014", "20bn USD 2015"},
			status:  Contested,
			summary: "3 reports, 3 different figures: $12 billion (2014), $13 billion (2014) and $20 billion (2015)",
			differs: "0:[1] 1:[0]",
		},
		{
			name:    "a report without a period is compared with every period",
			reports: []string{"12bn USD 2014", "20bn USD 2015", "12bn USD"},
			status:  Contested,
			summary: "3 reports, 3 different figures: $12 billion (2014), $20 billion (2015) and $12 billion",
			differs: "1:[2] 2:[1]",
		},
		{
			name:    "what the editors inferred",
			reports: []string{"12bn USD 2014?", "5bn? USD 2013"},
			status:  Series,
			summary: "2 reports for 2 periods: 2013: $5 billion (the editors’ inference); 2014, by the editors’ dating: $12 billion",
		},
		{
			name:    "one figure, its period inferred",
			reports: []string{"1.1bn USD 2014-12?"},
			status:  OneFigure,
			summary: "1 report: $1.1 billion (December 2014, by the editors’ dating)",
		},
		{
			name:    "different measures",
			reports: []string{"5 rank / popularity in surveys", "2 rank / share of the market"},
			status:  Measures,
			summary: "2 reports of different measures: fifth (popularity in surveys) and second (share of the market)",
		},
		{
			name:    "one figure",
			reports: []string{"100m users 2015-02"},
			status:  OneFigure,
			summary: "1 report: 100 million users (February 2015)",
		},
		{
			name:    "one figure of several reports",
			reports: []string{"-", "100m users", "-"},
			status:  OneFigure,
			summary: "3 reports, of which one gives a figure: 100 million users",
		},
		{
			name:    "no figures",
			reports: []string{"-", "-"},
			status:  NoFigures,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rs []Report
			for _, s := range tt.reports {
				rs = append(rs, report(s))
			}
			var tol *Number
			if tt.tolerance != "" {
				n, _, _ := ParseValue(tt.tolerance)
				tol = &n
			}
			a := Compare(rs, tol)
			var differs []string
			for i, d := range a.Differs {
				if len(d) > 0 {
					differs = append(differs, fmt.Sprintf("%d:%v", i, d))
				}
			}
			if a.Status != tt.status || a.Summary != tt.summary || a.Apart != tt.apart || strings.Join(differs, " ") != tt.differs {
				t.Errorf("Compare(%q) =\n  %v, %q,\n  apart %q, differs %q;\nwant\n  %v, %q,\n  apart %q, differs %q",
					tt.reports, a.Status, a.Summary, a.Apart, strings.Join(differs, " "), tt.status, tt.summary, tt.apart, tt.differs)
			}
		})
	}
}

func TestAnd(t *testing.T) {
	for in, want := range map[string]string{"": "", "a": "a", "a b": "a and b", "a b c": "a, b and c"} {
		if got := And(strings.Fields(in)); got != want {
			t.Errorf("And(%q) = %q; want %q", in, got, want)
		}
	}
}
