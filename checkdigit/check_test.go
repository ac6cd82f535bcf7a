package checkdigit

import (
	"errors"
	"testing"
)

func weightedSum(m int, src string, weights []int, subs Substitutions, subtract bool) Scheme {
	return Scheme{Name: "test", Type: WeightedSum, Modulus: m, Weights: weights,
		SourceSubstitution: src, ResultSubstitutions: subs, Subtract: subtract}
}

func dynix(m int, weights []int, subs Substitutions) Scheme {
	return Scheme{Name: "test", Type: Dynix, Modulus: m, Weights: weights, ResultSubstitutions: subs}
}

// The demo schemes of SPEC §14.
var (
	parking      = Scheme{Name: "Parking", Type: WeightedSum, Modulus: 11, SourceSubstitution: "05", Weights: []int{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, ResultSubstitutions: Substitutions{10: "A"}}
	fixedPenalty = Scheme{Name: "Fixed penalty", Type: WeightedSum, Modulus: 11, SourceSubstitution: "12", Weights: []int{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, ResultSubstitutions: Substitutions{10: "A"}}
	councilTax   = Scheme{Name: "Council tax", Type: WeightedSum, Modulus: 10, Weights: []int{3, 7, 1, 3, 7, 1, 3, 7, 0}, ResultSubstitutions: Substitutions{10: "0"}, Subtract: true}
	housingRents = Scheme{Name: "Housing rents", Type: WeightedSum, Modulus: 10, Weights: []int{0, 0, 9, 7, 1, 4, 6, 3, 2, 8, 0}, ResultSubstitutions: Substitutions{10: "0"}, Subtract: true}
	library      = Scheme{Name: "Library", Type: Dynix, Modulus: 10, Weights: []int{2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0}, ResultSubstitutions: Substitutions{10: "0"}}
)

func TestCheckSpecVectors(t *testing.T) {
	z := Substitutions{10: "Z"}
	wsExample := weightedSum(10, "98", []int{2, 0, 3, 0, 4, 0, 5, 0, 0, 0}, z, true)
	ws9 := []int{9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0}
	tests := []struct {
		name   string
		scheme Scheme
		ref    string
		valid  bool
	}{
		// The worked example: AB1234562 → 981234562 → 58 → 8 → 10 − 8 = 2.
		{"worked example", wsExample, "AB1234562", true},
		{"worked example, lower case", wsExample, "ab1234562", true},
		{"worked example, wrong check", wsExample, "AB1234566", false},
		{"WS subtract, result 10 written Z", weightedSum(10, "", ws9, z, true), "963456138Z", true},
		{"WS subtract, digit where Z is due", weightedSum(10, "", ws9, z, true), "9634561384", false},
		{"WS no subtract", weightedSum(10, "", ws9, z, false), "9634561380", true},
		{"WS no subtract, wrong check", weightedSum(10, "", ws9, z, false), "9634561381", false},
		// Dynix positions are positions in the reference as written: in AB1234567 the digit 1 is at
		// position 2 (weight 3), not at position 0 among the digits. Counting among digits gives 6.
		{"Dynix with letters", dynix(10, []int{2, 0, 3, 0, 4, 0, 5, 0, 6}, z), "AB1234567", true},
		{"Dynix, products over 10", dynix(10, []int{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, z), "963456138Z", true},
		{"Dynix, wrong check", dynix(10, []int{2, 0, 3, 0, 4, 0, 5, 0, 0, 0}, z), "AB1234566", false},
		{"Dynix, right check for the line above", dynix(10, []int{2, 0, 3, 0, 4, 0, 5, 0, 0, 0}, z), "AB1234567", true},
	}
	for _, ref := range []string{"FP20000050", "FP20000061", "FP20000083", "FP20000108", "FP20000119",
		"FP2000012A", "FP20000607", "FP2000101A", "FP20352091"} {
		tests = append(tests, struct {
			name   string
			scheme Scheme
			ref    string
			valid  bool
		}{"fixed penalty", fixedPenalty, ref, true})
	}
	for _, ref := range []string{"BJ99518409", "BJ99514805", "BJ9951434A"} {
		tests = append(tests, struct {
			name   string
			scheme Scheme
			ref    string
			valid  bool
		}{"parking", parking, ref, true})
	}
	for _, tt := range tests {
		got, err := tt.scheme.Check(tt.ref)
		if err != nil {
			t.Fatalf("%s: Check(%q): %v", tt.name, tt.ref, err)
		}
		if got != tt.valid {
			t.Errorf("%s: Check(%q) = %v, want %v", tt.name, tt.ref, got, tt.valid)
		}
	}
}

func TestCheckRejectsReferencesTheSchemeCannotCover(t *testing.T) {
	tests := []struct {
		name   string
		scheme Scheme
		ref    string
	}{
		// 9634561380 is valid (see above); with two zeros more, the last position has no weight.
		{"longer than the weights", weightedSum(10, "", []int{9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0}, nil, false), "963456138000"},
		{"no longer than the source substitution", parking, "05"},
		{"empty", councilTax, ""},
		{"Dynix body longer than the weights", dynix(10, []int{2, 0, 3}, nil), "12340"},
		{"non-ASCII", councilTax, "1000000É4"},
	}
	for _, tt := range tests {
		got, err := tt.scheme.Check(tt.ref)
		if err != nil || got {
			t.Errorf("%s: Check(%q) = %v, %v; want false, nil", tt.name, tt.ref, got, err)
		}
	}
}

func TestPresets(t *testing.T) {
	tests := []struct {
		scheme Scheme
		ref    string
		valid  bool
	}{
		{Luhn(), "79927398713", true},
		{Luhn(), "79927398710", false},
		{Luhn(), "4111111111111111", true},
		{Luhn(), "4111 1111 1111 1111", true},
		{Luhn(), "4111111111111112", false},
		{Luhn(), "0", true},
		{Mod11(), "0306406152", true}, // ISBN-10
		{Mod11(), "0-306-40615-2", true},
		{Mod11(), "080442957X", true}, // result 10 is written X
		{Mod11(), "080442957x", true},
		{Mod11(), "0804429570", false},
		{Mod11(), "9434765919", true}, // an NHS number
		{Mod11(), "9434765918", false},
		{Mod11(), "0000000000", true}, // result 11 is written 0
	}
	for _, tt := range tests {
		got, err := tt.scheme.Check(tt.ref)
		if err != nil {
			t.Fatalf("%s: Check(%q): %v", tt.scheme.Name, tt.ref, err)
		}
		if got != tt.valid {
			t.Errorf("%s: Check(%q) = %v, want %v", tt.scheme.Name, tt.ref, got, tt.valid)
		}
	}
}

func TestCheckReportsMisconfiguredScheme(t *testing.T) {
	s := weightedSum(10, "", nil, nil, false)
	ok, err := s.Check("123")
	var ce *ConfigError
	if ok || !errors.As(err, &ce) || ce.Fields["weights"] == "" {
		t.Fatalf("Check with no weights = %v, %v; want a ConfigError about weights", ok, err)
	}
	if _, err := s.CheckChar("12"); !errors.As(err, &ce) {
		t.Fatalf("CheckChar with no weights: err = %v, want a ConfigError", err)
	}
}

// TestDemoWeightedSumSchemes issues references for the demo council tax and housing rents schemes and
// shows exactly which one-digit typing mistakes each scheme catches: a change of δ at a position of
// weight w goes unnoticed only when w × δ is a multiple of the modulus (a zero weight, or 5 × an even
// change under modulus 10), and a wrong check digit is always caught.
func TestDemoWeightedSumSchemes(t *testing.T) {
	bodies := map[string][]string{
		councilTax.Name:   {"10000001", "12345678", "50012345", "99999999", "00000000"},
		housingRents.Name: {"1000000001", "0112345678", "9945612307", "0000000000"},
	}
	for _, s := range []Scheme{councilTax, housingRents} {
		for _, body := range bodies[s.Name] {
			c, err := s.CheckChar(body)
			if err != nil {
				t.Fatalf("%s: CheckChar(%q): %v", s.Name, body, err)
			}
			ref := body + c
			if ok, _ := s.Check(ref); !ok {
				t.Fatalf("%s: Check(%q) = false for a reference CheckChar completed", s.Name, ref)
			}
			for pos := range len(ref) {
				for d := byte('0'); d <= '9'; d++ {
					if d == ref[pos] {
						continue
					}
					changed := ref[:pos] + string(d) + ref[pos+1:]
					got, _ := s.Check(changed)
					delta := int(d) - int(ref[pos])
					caught := pos == len(ref)-1 || (s.Weights[pos]*delta)%s.Modulus != 0
					if got == caught {
						t.Errorf("%s: %q → %q: Check = %v, want caught = %v", s.Name, ref, changed, got, caught)
					}
				}
			}
		}
	}
}

// TestDemoLibraryScheme shows that under the demo Dynix scheme every one-digit change of a library
// card number is caught: odd positions add the digit, and at even positions weight 2 with the
// Dynix adjustments maps the digits 0–9 onto ten different remainders.
func TestDemoLibraryScheme(t *testing.T) {
	for _, body := range []string{"2000000000001", "2123456789012", "2999999999999", "0000000000000"} {
		c, err := library.CheckChar(body)
		if err != nil {
			t.Fatalf("CheckChar(%q): %v", body, err)
		}
		ref := body + c
		if ok, _ := library.Check(ref); !ok {
			t.Fatalf("Check(%q) = false for a reference CheckChar completed", ref)
		}
		for pos := range len(ref) {
			for d := byte('0'); d <= '9'; d++ {
				if d == ref[pos] {
					continue
				}
				changed := ref[:pos] + string(d) + ref[pos+1:]
				if ok, _ := library.Check(changed); ok {
					t.Errorf("Check(%q) = true after changing one digit of %q", changed, ref)
				}
			}
		}
	}
}

func TestCheckCharRoundTrips(t *testing.T) {
	tests := []struct {
		scheme Scheme
		body   string
		want   string
	}{
		{parking, "BJ9951840", "9"},
		{parking, "BJ9951434", "A"},
		{fixedPenalty, "FP2000012", "A"},
		{fixedPenalty, "fp2035209", "1"},
		{weightedSum(10, "", []int{9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0}, Substitutions{10: "Z"}, true), "963456138", "Z"},
		{dynix(10, []int{2, 0, 3, 0, 4, 0, 5, 0, 6}, Substitutions{10: "Z"}), "AB123456", "7"},
		{Luhn(), "7992739871", "3"},
		{Mod11(), "080442957", "X"},
		// A check position with a weight: (12 + 3d) mod 10 must be d itself, so d is 4 (24) or 9 (39);
		// CheckChar returns the first.
		{weightedSum(10, "", []int{1, 1, 3}, nil, false), "57", "4"},
	}
	for _, tt := range tests {
		got, err := tt.scheme.CheckChar(tt.body)
		if err != nil || got != tt.want {
			t.Errorf("%s: CheckChar(%q) = %q, %v; want %q", tt.scheme.Name, tt.body, got, err, tt.want)
			continue
		}
		if ok, _ := tt.scheme.Check(tt.body + got); !ok {
			t.Errorf("%s: Check(%q) = false", tt.scheme.Name, tt.body+got)
		}
	}
}

func TestCheckCharWhenNoCharacterFits(t *testing.T) {
	// Modulus 11 without a substitution for 10: FP2000012's result is 10, which has no character.
	s := fixedPenalty
	s.ResultSubstitutions = nil
	if c, err := s.CheckChar("FP2000012"); !errors.Is(err, ErrNoCheckCharacter) {
		t.Fatalf("CheckChar = %q, %v; want ErrNoCheckCharacter", c, err)
	}
}
