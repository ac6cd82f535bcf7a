package ims

import (
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/ims-council/ims/checkdigit"
)

// stepsText writes steps as "Name:pass" / "Name:FAIL(found)" for compact comparison.
func stepsText(steps []ReferenceStep) string {
	parts := make([]string, len(steps))
	for i, s := range steps {
		if s.Passed {
			parts[i] = s.Name + ":pass"
		} else {
			parts[i] = s.Name + ":FAIL(" + s.Found + ")"
		}
	}
	return strings.Join(parts, " ")
}

func TestReferenceSteps(t *testing.T) {
	parking := Fund{Code: "90", Validator: "PARK"}
	invoices := ReferenceValidator{Code: "INV", Name: "Invoices", MinLength: 4, MaxLength: 12, CharClass: CharClassAlphanumeric, Regex: `^INV\d+$`}
	tests := []struct {
		name   string
		fund   Fund
		v      ReferenceValidator
		scheme *checkdigit.Scheme
		ref    string
		want   string
	}{
		{"good parking reference", parking, parkingValidator, &parkingScheme, "bj99518409",
			"Readable characters:pass Length:pass Characters:pass Input mask:pass Check digit:pass"},
		{"wrong check digit shows the computed one", parking, parkingValidator, &parkingScheme, "BJ99518408",
			"Readable characters:pass Length:pass Characters:pass Input mask:pass Check digit:FAIL(computed 9, given 8)"},
		{"every broken rule is shown, not only the first", parking, parkingValidator, &parkingScheme, "BK-9951840",
			"Readable characters:pass Length:pass Characters:FAIL(not allowed: '-') Input mask:FAIL(does not match) Check digit:FAIL(computed 6, given 0)"},
		{"too short", parking, parkingValidator, &parkingScheme, "BJ9951840",
			"Readable characters:pass Length:FAIL(9 characters) Characters:pass Input mask:FAIL(does not match) Check digit:FAIL(no check character makes BJ995184 valid, given 0)"},
		{"blank", parking, parkingValidator, &parkingScheme, "  ",
			`Readable characters:FAIL("") Length:FAIL(0 characters) Characters:pass Input mask:FAIL(does not match) Check digit:FAIL(no reference)`},
		{"regex", Fund{Code: "INV", Validator: "INV"}, invoices, nil, "INV12A",
			"Not a card number:pass Readable characters:pass Length:pass Characters:pass Format:FAIL(does not match)"},
		{"card number in a fund without a scheme", Fund{Code: "INV", Validator: "INV"}, invoices, nil, "4111111111111111",
			"Not a card number:FAIL(yes) Readable characters:pass Length:FAIL(16 characters) Characters:pass Format:FAIL(does not match)"},
		{"fund without a validator", Fund{Code: "S"}, ReferenceValidator{}, nil, "A\tB",
			`Not a card number:pass Readable characters:FAIL("A\tB")`},
	}
	for _, tt := range tests {
		steps, err := ReferenceSteps(tt.fund, tt.v, tt.scheme, tt.ref)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := stepsText(steps); got != tt.want {
			t.Errorf("%s: steps\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

func TestReferenceStepsRefuseAMisconfiguredValidator(t *testing.T) {
	if _, err := ReferenceSteps(Fund{Code: "90", Validator: "PARK"}, parkingValidator, nil, "BJ99518409"); ErrorCode(err) != Invalid {
		t.Errorf("steps without the validator's scheme: err = %v, want Invalid", err)
	}
}

// The tester must never disagree with the portal and API: the first failed step is the reason
// CheckReference gives, and all steps pass exactly when it accepts the reference.
func TestReferenceStepsAgreeWithCheckReference(t *testing.T) {
	type setup struct {
		v      ReferenceValidator
		scheme *checkdigit.Scheme
	}
	setups := []setup{{parkingValidator, &parkingScheme}, {fixedPenaltyValidator, &fixedPenaltyScheme},
		{councilTaxValidator, &councilTaxScheme}, {libraryValidator, &libraryScheme}, {openValidator, nil},
		{ReferenceValidator{Code: "INV", Name: "Invoices", MinLength: 4, MaxLength: 12, CharClass: CharClassAlphanumeric, Regex: `^INV\d+$`}, nil},
		{ReferenceValidator{}, nil}}
	rapid.Check(t, func(t *rapid.T) {
		s := setups[rapid.IntRange(0, len(setups)-1).Draw(t, "setup")]
		ref := rapid.OneOf(rapid.String(), rapid.StringMatching(`[A-Z]{0,2}[0-9]{6,14}[A-Z]?`),
			rapid.StringMatching(`BJ[0-9]{7}[0-9A]`)).Draw(t, "ref")
		fund := Fund{Code: "F", Name: "F", VATCode: "N0", Validator: s.v.Code}
		steps, err := ReferenceSteps(fund, s.v, s.scheme, ref)
		if err != nil {
			t.Fatal(err)
		}
		res, err := CheckReference(ReferenceCheck{Fund: "F", Reference: ref}, ReferenceFacts{Fund: &fund, Validator: s.v, Scheme: s.scheme}, Principal{})
		if err != nil {
			t.Fatal(err)
		}
		want := ""
		if !res.Valid {
			want = res.Errors[0]
		}
		if got := FirstProblem(steps); got != want {
			t.Fatalf("validator %q, reference %q: first failed step %q, CheckReference %q (%s)", s.v.Code, ref, got, want, fmt.Sprint(stepsText(steps)))
		}
	})
}
