package currency

import "testing"

func TestExponent(t *testing.T) {
	t.Parallel()
	// Every code the file parsers must handle, with the exponent ISO 4217 gives it.
	want := map[string]int{
		"GBP": 2, "EUR": 2, "USD": 2, "CHF": 2, "JPY": 0, "BHD": 3, "KWD": 3, "OMR": 3, "JOD": 3,
		"TND": 3, "PLN": 2, "SEK": 2, "NOK": 2, "DKK": 2, "CAD": 2, "AUD": 2, "HKD": 2, "SGD": 2,
		"NZD": 2, "ZAR": 2, "ISK": 0, "CLP": 0, "KRW": 0, "CLF": 4, "DEM": 2,
	}
	for code, exp := range want {
		got, ok := Exponent(code)
		if !ok || got != exp {
			t.Errorf("Exponent(%q) = %d, %v; want %d, true", code, got, ok, exp)
		}
	}
}

func TestExponentUnknown(t *testing.T) {
	t.Parallel()
	for _, code := range []string{"", "gbp", "GB", "GBPX", "XAU", "XXX", "£"} {
		if exp, ok := Exponent(code); ok {
			t.Errorf("Exponent(%q) = %d, true; want unknown", code, exp)
		}
	}
}
