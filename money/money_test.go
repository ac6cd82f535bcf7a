package money

import (
	"errors"
	"math"
	"testing"
	"unicode"

	"pgregory.net/rapid"
)

func TestParse(t *testing.T) {
	good := map[string]Pence{
		"12.34": 1234, "12.3": 1230, "12": 1200, "0": 0, "-12.34": -1234, "£1,234.56": 123456,
		"-£5": -500, " 7.05 ": 705, ".5": 50, "1,000,000.00": 100000000, "+3.00": 300, "0.01": 1,
	}
	for in, want := range good {
		got, err := Parse(in)
		if err != nil || got != want {
			t.Errorf("Parse(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	bad := []string{"", "12.345", "abc", "1,23.00", "12,34", "£", "-", "1.2.3", "12.", "1e3", "0x10",
		"99999999999999999999", "£-5", ",100", "١٢"}
	for _, in := range bad {
		if got, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) = %d; want an error", in, got)
		}
	}
}

// IMS takes pounds only: an amount in another currency is refused, never read as pounds ("€5.00"
// and "$5.00" were once taken as £5.00).
func TestParseRefusesOtherCurrencies(t *testing.T) {
	for _, in := range []string{"€5.00", "$5.00", "-$5", "US$5.00", "¥500", "₹5", "5.00€", "5 €", "€ 5",
		"EUR 5.00", "5.00 USD", "usd5", "5.00EUR", "CHF 1,000.00"} {
		got, err := Parse(in)
		if !errors.Is(err, ErrNotPounds) {
			t.Errorf("Parse(%q) = %d, %v; want ErrNotPounds", in, got, err)
		}
		if _, err := ParseMinor(in, 2); !errors.Is(err, ErrNotPounds) {
			t.Errorf("ParseMinor(%q, 2) = %v; want ErrNotPounds", in, err)
		}
	}
	if _, err := Parse("€5.00"); err == nil || err.Error() != `"€5.00" is not in pounds: only pounds (£) are accepted` {
		t.Errorf("Parse(€5.00) error = %v; want one that says only pounds are accepted", err)
	}
	for in, want := range map[string]Pence{"£5.00": 500, "5.00": 500, "-£5": -500, " £1,234.56 ": 123456} {
		if got, err := Parse(in); err != nil || got != want {
			t.Errorf("Parse(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	// Words that are not currency codes stay plain malformed amounts.
	for _, in := range []string{"five", "5 quid", "GBP", "abc"} {
		if _, err := Parse(in); err == nil || errors.Is(err, ErrNotPounds) {
			t.Errorf("Parse(%q) = %v; want a malformed-amount error", in, err)
		}
	}
}

// Any amount written with a currency sign other than £, before or after it, is refused.
func TestOtherCurrencySignsProperty(t *testing.T) {
	signs := []string{"$", "€", "¥", "₹", "₩", "₽", "¢", "₿", "US$", "C$", "A$"}
	rapid.Check(t, func(t *rapid.T) {
		p := Pence(rapid.Int64Range(0, 1e15).Draw(t, "p"))
		sign := rapid.SampledFrom(signs).Draw(t, "sign")
		text := rapid.SampledFrom([]string{p.String(), p.Display()[len("£"):]}).Draw(t, "text")
		for _, s := range []string{sign + text, text + sign, "-" + sign + text} {
			if got, err := Parse(s); !errors.Is(err, ErrNotPounds) {
				t.Fatalf("Parse(%q) = %d, %v; want ErrNotPounds", s, got, err)
			}
		}
	})
}

func TestParseMinorExponents(t *testing.T) {
	if v, err := ParseMinor("1500", 0); err != nil || v != 1500 {
		t.Errorf("JPY 1500 = %d, %v", v, err)
	}
	if _, err := ParseMinor("15.5", 0); err == nil {
		t.Error("JPY with decimals accepted")
	}
	if v, err := ParseMinor("1.234", 3); err != nil || v != 1234 {
		t.Errorf("BHD 1.234 = %d, %v", v, err)
	}
	if _, err := ParseMinor("1.2345", 3); err == nil {
		t.Error("BHD with 4 decimals accepted")
	}
}

func TestFormat(t *testing.T) {
	cases := []struct {
		p             Pence
		plain, people string
	}{
		{0, "0.00", "£0.00"}, {5, "0.05", "£0.05"}, {-5, "-0.05", "-£0.05"}, {123456, "1234.56", "£1,234.56"},
		{100000000, "1000000.00", "£1,000,000.00"}, {-99, "-0.99", "-£0.99"},
		{math.MinInt64, "-92233720368547758.08", "-£92,233,720,368,547,758.08"},
	}
	for _, c := range cases {
		if got := c.p.String(); got != c.plain {
			t.Errorf("%d.String() = %q, want %q", c.p, got, c.plain)
		}
		if got := c.p.Display(); got != c.people {
			t.Errorf("%d.Display() = %q, want %q", c.p, got, c.people)
		}
	}
}

func TestFormatParseRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := Pence(rapid.Int64Range(-1e17, 1e17).Draw(t, "p"))
		for _, s := range []string{p.String(), p.Display()} {
			got, err := Parse(s)
			if err != nil || got != p {
				t.Fatalf("Parse(%q) = %d, %v; want %d", s, got, err, p)
			}
		}
	})
}

func TestVATExamples(t *testing.T) {
	cases := []struct {
		amount, want string
		rate         Rate
		mode         Rounding
	}{
		{"10.00", "1.67", 2000, HalfUp}, {"100.00", "16.67", 2000, HalfUp}, {"12.50", "2.08", 2000, HalfUp},
		{"-10.00", "-1.67", 2000, HalfUp}, {"10.00", "0.00", 0, HalfUp}, {"0.00", "0.00", 2000, HalfUp},
		// 0.03 × 0.2/1.2 = 0.005 exactly: the two modes differ on a true half.
		{"0.03", "0.01", 2000, HalfUp}, {"0.03", "0.00", 2000, HalfEven}, {"-0.03", "-0.01", 2000, HalfUp},
		{"0.09", "0.02", 2000, HalfEven}, // 0.015 → even 0.02
		{"11.75", "1.75", 1750, HalfUp}, {"1.05", "0.05", 500, HalfUp},
	}
	for _, c := range cases {
		got, err := VAT(MustParse(c.amount), c.rate, c.mode)
		if err != nil || got != MustParse(c.want) {
			t.Errorf("VAT(%s, %d, %v) = %s, %v; want %s", c.amount, c.rate, c.mode, got, err, c.want)
		}
	}
	if _, err := VAT(100, -1, HalfUp); !errors.Is(err, ErrBadRate) {
		t.Errorf("negative rate: %v", err)
	}
}

func TestVATProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := Pence(rapid.Int64Range(-1e15, 1e15).Draw(t, "amount"))
		r := Rate(rapid.Int64Range(0, 10000).Draw(t, "rate"))
		mode := Rounding(rapid.IntRange(0, 1).Draw(t, "mode"))
		net, vat, err := Split(a, r, mode)
		if err != nil {
			t.Fatal(err)
		}
		if net+vat != a {
			t.Fatalf("net %d + vat %d != %d", net, vat, a)
		}
		neg, _ := VAT(-a, r, mode)
		if neg != -vat {
			t.Fatalf("VAT(-a) = %d, want %d", neg, -vat)
		}
		// The VAT is within half a penny of the exact value: |vat·(10000+r) − a·r| ≤ (10000+r)/2.
		diff := int64(vat)*(10000+int64(r)) - int64(a)*int64(r)
		if diff < 0 {
			diff = -diff
		}
		if 2*diff > 10000+int64(r) {
			t.Fatalf("VAT(%d, %d) = %d is not the nearest penny", a, r, vat)
		}
	})
}

func TestRate(t *testing.T) {
	for in, want := range map[string]Rate{"20": 2000, "17.5": 1750, "0": 0, "5%": 500, "100": 10000} {
		got, err := ParseRate(in)
		if err != nil || got != want {
			t.Errorf("ParseRate(%q) = %d, %v", in, got, err)
		}
		if got.Percent() != trimPercent(in) {
			t.Errorf("%d.Percent() = %q", got, got.Percent())
		}
	}
	for _, in := range []string{"-1", "101", "17.555", "x"} {
		if _, err := ParseRate(in); err == nil {
			t.Errorf("ParseRate(%q) accepted", in)
		}
	}
}

func trimPercent(s string) string {
	if s[len(s)-1] == '%' {
		return s[:len(s)-1]
	}
	return s
}

func TestSumOverflow(t *testing.T) {
	if _, err := Sum(math.MaxInt64, 1); !errors.Is(err, ErrOverflow) {
		t.Errorf("overflow not reported: %v", err)
	}
	if s, err := Sum(1, 2, -3, 10); err != nil || s != 10 {
		t.Errorf("Sum = %d, %v", s, err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"12.34", "£1,234.56", "-0.01", "1,000", "12.345", "", ".", "-£9,999,999.99", "€5.00", "$5", "5.00 EUR"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		if err != nil {
			return
		}
		for _, r := range s {
			if r != '£' && unicode.Is(unicode.Sc, r) {
				t.Fatalf("%q, with the currency sign %q, parsed to %d", s, r, p)
			}
		}
		again, err := Parse(p.String())
		if err != nil || again != p {
			t.Fatalf("%q parsed to %d, whose String %q reparses to %d, %v", s, p, p.String(), again, err)
		}
	})
}
