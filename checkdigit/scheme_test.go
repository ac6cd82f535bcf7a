package checkdigit

import (
	"errors"
	"strings"
	"testing"
)

func TestValidateAcceptsDemoSchemesAndPresets(t *testing.T) {
	for _, s := range []Scheme{parking, fixedPenalty, councilTax, housingRents, library, Luhn(), Mod11(),
		{Name: "Luhn without modulus", Type: LuhnType}} {
		if err := s.Validate(); err != nil {
			t.Errorf("Validate(%s) = %v", s.Name, err)
		}
	}
}

func TestValidateReportsEachProblem(t *testing.T) {
	tests := []struct {
		name   string
		scheme Scheme
		field  string
		says   string
	}{
		{"empty weights", Scheme{Name: "x", Type: WeightedSum, Modulus: 10}, "weights", "empty"},
		{"empty Dynix weights", Scheme{Name: "x", Type: Dynix, Modulus: 10, Weights: []int{}}, "weights", "empty"},
		{"negative weight", Scheme{Name: "x", Type: WeightedSum, Modulus: 10, Weights: []int{1, -1}}, "weights", "negative"},
		{"modulus 1", Scheme{Name: "x", Type: WeightedSum, Modulus: 1, Weights: []int{1}}, "modulus", "2 or more"},
		{"modulus 0", Scheme{Name: "x", Type: Dynix, Weights: []int{1}}, "modulus", "2 or more"},
		{"Luhn modulus", Scheme{Name: "x", Type: LuhnType, Modulus: 11}, "modulus", "10"},
		{"Mod11 weights", Scheme{Name: "x", Type: Mod11Type, Weights: []int{1}}, "weights", "fixed"},
		{"no type", Scheme{Name: "x", Modulus: 10, Weights: []int{1}}, "type", "Choose"},
		{"unknown type", Scheme{Name: "x", Type: "mod97", Modulus: 10, Weights: []int{1}}, "type", "mod97"},
		{"no name", Scheme{Type: LuhnType}, "name", "name"},
		{"letters in source substitution", Scheme{Name: "x", Type: WeightedSum, Modulus: 10, Weights: []int{1}, SourceSubstitution: "AB"}, "source_substitution", "digits"},
		{"source substitution on Dynix", Scheme{Name: "x", Type: Dynix, Modulus: 10, Weights: []int{1}, SourceSubstitution: "12"}, "source_substitution", "weighted-sum"},
		{"subtract on Dynix", Scheme{Name: "x", Type: Dynix, Modulus: 10, Weights: []int{1}, Subtract: true}, "subtract", "weighted-sum"},
		{"two-character result", Scheme{Name: "x", Type: WeightedSum, Modulus: 11, Weights: []int{1}, ResultSubstitutions: Substitutions{10: "AB"}}, "result_substitutions", "single"},
		{"impossible result", Scheme{Name: "x", Type: WeightedSum, Modulus: 10, Weights: []int{1}, ResultSubstitutions: Substitutions{11: "A"}}, "result_substitutions", "never"},
	}
	for _, tt := range tests {
		err := tt.scheme.Validate()
		var ce *ConfigError
		if !errors.As(err, &ce) {
			t.Errorf("%s: Validate() = %v, want a *ConfigError", tt.name, err)
			continue
		}
		if msg := ce.Fields[tt.field]; !strings.Contains(msg, tt.says) {
			t.Errorf("%s: Fields[%q] = %q, want it to say %q (all: %v)", tt.name, tt.field, msg, tt.says, ce.Fields)
		}
	}
}

func TestValidateListsEveryProblemAtOnce(t *testing.T) {
	err := Scheme{Type: WeightedSum, SourceSubstitution: "x"}.Validate()
	var ce *ConfigError
	if !errors.As(err, &ce) {
		t.Fatalf("Validate() = %v, want a *ConfigError", err)
	}
	for _, field := range []string{"name", "modulus", "weights", "source_substitution"} {
		if ce.Fields[field] == "" {
			t.Errorf("no problem reported for %s: %v", field, err)
		}
	}
	if !strings.Contains(err.Error(), "weights: The weights list is empty") {
		t.Errorf("Error() = %q, want it to name the field and the problem", err)
	}
}
