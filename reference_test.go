package ims

import (
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/ims-council/ims/checkdigit"
)

// The demo check digit schemes and validators of SPEC §14.
var (
	parkingScheme      = checkdigit.Scheme{Name: "Parking", Type: checkdigit.WeightedSum, Modulus: 11, SourceSubstitution: "05", Weights: []int{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, ResultSubstitutions: checkdigit.Substitutions{10: "A"}}
	fixedPenaltyScheme = checkdigit.Scheme{Name: "Fixed penalty", Type: checkdigit.WeightedSum, Modulus: 11, SourceSubstitution: "12", Weights: []int{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, ResultSubstitutions: checkdigit.Substitutions{10: "A"}}
	councilTaxScheme   = checkdigit.Scheme{Name: "Council tax", Type: checkdigit.WeightedSum, Modulus: 10, Weights: []int{3, 7, 1, 3, 7, 1, 3, 7, 0}, ResultSubstitutions: checkdigit.Substitutions{10: "0"}, Subtract: true}
	housingRentsScheme = checkdigit.Scheme{Name: "Housing rents", Type: checkdigit.WeightedSum, Modulus: 10, Weights: []int{0, 0, 9, 7, 1, 4, 6, 3, 2, 8, 0}, ResultSubstitutions: checkdigit.Substitutions{10: "0"}, Subtract: true}
	libraryScheme      = checkdigit.Scheme{Name: "Library", Type: checkdigit.Dynix, Modulus: 10, Weights: []int{2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0}, ResultSubstitutions: checkdigit.Substitutions{10: "0"}}

	parkingValidator      = ReferenceValidator{Code: "PARK", Name: "Parking fines", MinLength: 10, MaxLength: 10, CharClass: CharClassAlphanumeric, InputMask: "BJ#######@", CheckDigitScheme: "Parking"}
	fixedPenaltyValidator = ReferenceValidator{Code: "FPN", Name: "Fixed penalty", MinLength: 10, MaxLength: 10, CharClass: CharClassAlphanumeric, InputMask: "FP#######@", CheckDigitScheme: "Fixed penalty"}
	councilTaxValidator   = ReferenceValidator{Code: "CTAX", Name: "Council tax and business rates", MinLength: 9, MaxLength: 9, CharClass: CharClassNumeric, InputMask: "########@", CheckDigitScheme: "Council tax"}
	housingRentsValidator = ReferenceValidator{Code: "RENT", Name: "Housing rents", MinLength: 11, MaxLength: 11, CharClass: CharClassNumeric, InputMask: "##########@", CheckDigitScheme: "Housing rents", MustExist: true}
	libraryValidator      = ReferenceValidator{Code: "LIB", Name: "Library", MinLength: 14, MaxLength: 14, CharClass: CharClassNumeric, InputMask: "#############@", CheckDigitScheme: "Library"}
	openValidator         = ReferenceValidator{Code: "OPEN", Name: "Open", MinLength: 1, MaxLength: 30}
)

// withCheckChar completes a reference body with the check character of scheme.
func withCheckChar(t *testing.T, s checkdigit.Scheme, body string) string {
	t.Helper()
	c, err := s.CheckChar(body)
	if err != nil {
		t.Fatalf("%s: CheckChar(%q): %v", s.Name, body, err)
	}
	return body + c
}

func TestCheckFormat(t *testing.T) {
	ctax := withCheckChar(t, councilTaxScheme, "12345678")
	rent := withCheckChar(t, housingRentsScheme, "0112345678")
	card := withCheckChar(t, libraryScheme, "2123456789012")
	// A different last digit: the check digit of each demo scheme catches it.
	wrong := func(ref string) string {
		last := ref[len(ref)-1]
		return ref[:len(ref)-1] + string('0'+(last-'0'+1)%10)
	}
	invoices := ReferenceValidator{Code: "INV", Name: "Invoices", MinLength: 4, MaxLength: 12, CharClass: CharClassAlphanumeric, Regex: `^INV\d+$`}
	tests := []struct {
		v      ReferenceValidator
		scheme *checkdigit.Scheme
		ref    string
		want   string
	}{
		{parkingValidator, &parkingScheme, "BJ99518409", ""},
		{parkingValidator, &parkingScheme, "BJ99514805", ""},
		{parkingValidator, &parkingScheme, "BJ9951434A", ""},
		{parkingValidator, &parkingScheme, " bj9951434a ", ""},
		{parkingValidator, &parkingScheme, "", "Enter a reference"},
		{parkingValidator, &parkingScheme, "   ", "Enter a reference"},
		{parkingValidator, &parkingScheme, "BJ9951840", "Reference must be 10 characters long"},
		{parkingValidator, &parkingScheme, "BJ 9951840", "Reference must contain only letters and digits"},
		{parkingValidator, &parkingScheme, "BK99518409", "Reference does not match the format BJ#######@"},
		{parkingValidator, &parkingScheme, "BJ99518408", "Reference check digit is wrong"},
		{parkingValidator, &parkingScheme, "BJ9951840A", "Reference check digit is wrong"},
		{fixedPenaltyValidator, &fixedPenaltyScheme, "FP20000050", ""},
		{fixedPenaltyValidator, &fixedPenaltyScheme, "FP2000012A", ""},
		{fixedPenaltyValidator, &fixedPenaltyScheme, "FP20352091", ""},
		{fixedPenaltyValidator, &fixedPenaltyScheme, "AB12345678", "Reference does not match the format FP#######@"},
		{councilTaxValidator, &councilTaxScheme, ctax, ""},
		{councilTaxValidator, &councilTaxScheme, wrong(ctax), "Reference check digit is wrong"},
		{councilTaxValidator, &councilTaxScheme, "12345678X", "Reference must contain only digits"},
		{councilTaxValidator, &councilTaxScheme, "1234 5678", "Reference must contain only digits"},
		{councilTaxValidator, &councilTaxScheme, "ABC", "Reference must be 9 characters long"}, // length comes first
		{housingRentsValidator, &housingRentsScheme, rent, ""},
		{housingRentsValidator, &housingRentsScheme, wrong(rent), "Reference check digit is wrong"},
		{libraryValidator, &libraryScheme, card, ""},
		{libraryValidator, &libraryScheme, wrong(card), "Reference check digit is wrong"},
		{openValidator, nil, "Invoice 123/45 (March)", ""},
		{openValidator, nil, strings.Repeat("A", 31), "Reference must be 30 characters or fewer"},
		{openValidator, nil, "A\tB", "Reference must not contain tabs, line breaks or other invisible characters"},
		{invoices, nil, "inv123", ""},
		{invoices, nil, "INV12A", "Reference is not in the right format"},
		{invoices, nil, "INV-12", "Reference must contain only letters and digits"}, // class comes before regex
		{invoices, nil, "INV", "Reference must be between 4 and 12 characters long"},
		{ReferenceValidator{Code: "X", Name: "x", Regex: `^A`, InputMask: "$$"}, nil, "B1", "Reference is not in the right format"}, // regex before mask
		{ReferenceValidator{Code: "X", Name: "x", InputMask: "$$"}, nil, "B1", "Reference does not match the format $$"},
		{ReferenceValidator{Code: "X", Name: "x", MinLength: 5}, nil, "ABCD", "Reference must be at least 5 characters long"},
		{ReferenceValidator{Code: "X", Name: "x", MinLength: 1, MaxLength: 1}, nil, "AB", "Reference must be 1 character long"},
		{ReferenceValidator{Code: "X", Name: "x", CharClass: CharClassAlphaSpace}, nil, "MR J SMITH", ""},
		{ReferenceValidator{Code: "X", Name: "x", CharClass: CharClassAlphaSpace}, nil, "FLAT 1", "Reference must contain only letters and spaces"},
		{ReferenceValidator{Code: "X", Name: "x", CharClass: CharClassAlpha}, nil, "MR SMITH", "Reference must contain only letters"},
		{ReferenceValidator{Code: "X", Name: "x", CharClass: CharClassNumericSpace}, nil, "12 34", ""},
		{ReferenceValidator{Code: "X", Name: "x", CharClass: CharClassNumericSpace}, nil, "12 3A", "Reference must contain only digits and spaces"},
		{ReferenceValidator{Code: "X", Name: "x", CharClass: CharClassAlphanumericSpace}, nil, "AB 12", ""},
		{ReferenceValidator{Code: "X", Name: "x", CharClass: CharClassAlphanumericSpace}, nil, "AB-12", "Reference must contain only letters, digits and spaces"},
		{ReferenceValidator{Code: "X", Name: "x", CharClass: CharClassNumeric}, nil, "١٢٣", "Reference must contain only digits"},
	}
	for _, tt := range tests {
		if got := tt.v.CheckFormat(tt.ref, tt.scheme); got != tt.want {
			t.Errorf("%s.CheckFormat(%q) = %q, want %q", tt.v.Code, tt.ref, got, tt.want)
		}
	}
}

func TestCheckFormatFailsClosedWhenMisconfigured(t *testing.T) {
	broken := councilTaxScheme
	broken.Weights = nil
	tests := []struct {
		name   string
		v      ReferenceValidator
		scheme *checkdigit.Scheme
	}{
		{"scheme not given", parkingValidator, nil},
		{"another scheme given", parkingValidator, &fixedPenaltyScheme},
		{"scheme given to a validator without one", openValidator, &parkingScheme},
		{"scheme misconfigured", councilTaxValidator, &broken},
		{"validator misconfigured", ReferenceValidator{Code: "X", Name: "x", Regex: "("}, nil},
	}
	for _, tt := range tests {
		if _, err := tt.v.Checker(tt.scheme); ErrorCode(err) != Invalid {
			t.Errorf("%s: Checker error = %v, want an Invalid error", tt.name, err)
		}
		// BJ99518409 is a valid parking reference, and would pass the other validators' rules.
		if got := tt.v.CheckFormat("BJ99518409", tt.scheme); !strings.Contains(got, "cannot be checked") {
			t.Errorf("%s: CheckFormat = %q, want a refusal saying the reference cannot be checked", tt.name, got)
		}
	}
}

func TestReferenceValidatorValidate(t *testing.T) {
	for _, v := range []ReferenceValidator{parkingValidator, fixedPenaltyValidator, councilTaxValidator,
		housingRentsValidator, libraryValidator, openValidator} {
		if err := v.Validate(); err != nil {
			t.Errorf("Validate(%s) = %v", v.Code, err)
		}
	}
	tests := []struct {
		name  string
		v     ReferenceValidator
		field string
	}{
		{"no code", ReferenceValidator{Name: "x"}, "code"},
		{"no name", ReferenceValidator{Code: "X"}, "name"},
		{"minimum over maximum", ReferenceValidator{Code: "X", Name: "x", MinLength: 11, MaxLength: 10}, "min_length"},
		{"negative minimum", ReferenceValidator{Code: "X", Name: "x", MinLength: -1}, "min_length"},
		{"negative maximum", ReferenceValidator{Code: "X", Name: "x", MaxLength: -1}, "max_length"},
		{"unknown class", ReferenceValidator{Code: "X", Name: "x", CharClass: "digits"}, "char_class"},
		{"bad regex", ReferenceValidator{Code: "X", Name: "x", Regex: "[A-Z"}, "regex"},
		{"Perl-only regex", ReferenceValidator{Code: "X", Name: "x", Regex: `^(?=A)`}, "regex"},
		{"mask shorter than the minimum", ReferenceValidator{Code: "X", Name: "x", MinLength: 10, MaxLength: 10, InputMask: "BJ######@"}, "input_mask"},
		{"mask longer than the maximum", ReferenceValidator{Code: "X", Name: "x", MaxLength: 3, InputMask: "####"}, "input_mask"},
	}
	for _, tt := range tests {
		err := tt.v.Validate()
		if ErrorCode(err) != Invalid || ErrorFields(err)[tt.field] == "" {
			t.Errorf("%s: Validate() = %v, want an Invalid error about %s", tt.name, err, tt.field)
		}
	}
}

func TestValidateCheckDigitScheme(t *testing.T) {
	if err := ValidateCheckDigitScheme(parkingScheme); err != nil {
		t.Errorf("ValidateCheckDigitScheme(Parking) = %v", err)
	}
	err := ValidateCheckDigitScheme(checkdigit.Scheme{Name: "Rents", Type: checkdigit.WeightedSum, Modulus: 10})
	if ErrorCode(err) != Invalid || !strings.Contains(ErrorFields(err)["weights"], "empty") {
		t.Errorf("ValidateCheckDigitScheme(no weights) = %v, want Invalid with a weights field saying the list is empty", err)
	}
}

func TestNormalizeReference(t *testing.T) {
	tests := map[string]string{
		" bj99518409\t":    "BJ99518409",
		"ab 12 cd":         "AB 12 CD",
		"\u00a0fp20000050": "FP20000050",
		"":                 "",
		// Full-width forms, as Japanese and Chinese keyboards and some PDFs type them, are the
		// same reference as the ASCII one (Unicode NFKC).
		"ＳＩ／２６／００４１２": "SI/26/00412",
		"ｂｊ９９５１８４０９":  "BJ99518409",
		"ﬁne\u3000":   "FINE", // a ligature, and an ideographic space at the end
	}
	for in, want := range tests {
		if got := NormalizeReference(in); got != want {
			t.Errorf("NormalizeReference(%q) = %q, want %q", in, got, want)
		}
	}
}

// Normalising a normalised reference changes nothing, so a stored reference is always found again.
func TestNormalizeReferenceIsIdempotent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.String().Draw(t, "s")
		once := NormalizeReference(s)
		if twice := NormalizeReference(once); twice != once {
			t.Fatalf("NormalizeReference(%q) = %q, and again %q", s, once, twice)
		}
	})
}

// Some characters no reference may hold, whatever its fund's rules: they are invisible, would
// corrupt exported files, or (U+FFFD) mark where text could not be decoded.
func TestReferencesRefuseUnreadableCharacters(t *testing.T) {
	const invisible = "Reference must not contain tabs, line breaks or other invisible characters"
	const unreadable = "Reference contains a character that cannot be read (�): type the reference again"
	tests := []struct{ ref, want string }{
		{"SI/26/00412", ""},
		{"ＳＩ／２６／００４１２", ""},
		{"", "Enter a reference"},
		{"\u3000", "Enter a reference"},
		{"SI/26\x00/00412", invisible},
		{"SI/26\n00412", invisible},
		{"SI/26\u0085/00412", invisible}, // next line (C1 control)
		{"SI/26\u200b/00412", invisible}, // zero-width space
		{"SI/26\u202e/00412", invisible}, // right-to-left override
		{"SI/26/\ufffd0412", unreadable},
		{"SI/26/\xff0412", unreadable}, // not UTF-8
	}
	for _, tt := range tests {
		// A fund without a validator checks only this; with the open validator, it comes first.
		if got := CheckReferenceText(NormalizeReference(tt.ref)); got != tt.want {
			t.Errorf("CheckReferenceText(%q) = %q, want %q", tt.ref, got, tt.want)
		}
		if got := openValidator.CheckFormat(tt.ref, nil); got != tt.want {
			t.Errorf("open validator: CheckFormat(%q) = %q, want %q", tt.ref, got, tt.want)
		}
	}
	// Under a character class, the reason is still the unreadable character, not the class.
	strict := ReferenceValidator{Code: "X", Name: "x", CharClass: CharClassAlphanumeric}
	if got := strict.CheckFormat("AB\ufffd12", nil); got != unreadable {
		t.Errorf("alphanumeric validator: CheckFormat(AB\\ufffd12) = %q, want %q", got, unreadable)
	}
	// A full-width reference passes the parking validator's mask and check digit as its ASCII form.
	if got := parkingValidator.CheckFormat("ＢＪ９９５１８４０９", &parkingScheme); got != "" {
		t.Errorf("full-width parking reference: %q, want it valid", got)
	}
}
