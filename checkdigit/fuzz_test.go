package checkdigit

import "testing"

// FuzzCheck feeds arbitrary schemes and references to Check and CheckChar: neither may panic, a
// scheme that fails Validate must make them fail, and a check character CheckChar gives must pass.
func FuzzCheck(f *testing.F) {
	f.Add("weighted_sum", 10, []byte{2, 0, 3, 0, 4, 0, 5, 0, 0, 0}, "98", "10:Z", true, "AB1234562")
	f.Add("dynix", 10, []byte{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, "", "10:Z", false, "963456138Z")
	f.Add("luhn", 0, []byte{}, "", "", false, "79927398713")
	f.Add("mod11", 11, []byte{}, "", "10:X,11:0", false, "080442957X")
	f.Add("weighted_sum", 11, []byte{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, "05", "10:A", false, "bj9951434a")
	f.Fuzz(func(t *testing.T, typ string, modulus int, weights []byte, src, subs string, subtract bool, ref string) {
		s := Scheme{Name: "fuzz", Type: Type(typ), Modulus: modulus, SourceSubstitution: src, Subtract: subtract}
		for _, w := range weights {
			s.Weights = append(s.Weights, int(w))
		}
		if parsed, err := ParseSubstitutions(subs); err == nil {
			s.ResultSubstitutions = parsed
		}
		configErr := s.Validate()
		_, err := s.Check(ref)
		if (err == nil) != (configErr == nil) {
			t.Fatalf("Validate() = %v but Check error = %v", configErr, err)
		}
		if configErr != nil || len(ref) == 0 {
			return
		}
		body := ref[:len(ref)-1]
		if c, err := s.CheckChar(body); err == nil {
			if ok, _ := s.Check(body + c); !ok {
				t.Fatalf("CheckChar(%q) = %q but Check(%q) = false", body, c, body+c)
			}
		}
	})
}
