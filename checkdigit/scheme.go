// Package checkdigit checks the check character of account references (council tax account
// numbers, penalty charge notices, library cards) and matches references against input masks.
//
// A check digit scheme is data, not code: councils describe their back-office systems' schemes in
// YAML (name, type, modulus, weights, substitutions), so a new scheme needs no new release. The
// package is pure: it knows nothing of funds, databases or the ims error type; configuration
// problems come back as a *ConfigError naming each field, for the caller to wrap.
package checkdigit

import (
	"fmt"
	"sort"
	"strings"
)

// Type is the algorithm a scheme uses.
type Type string

// The algorithms. Weighted sum and Dynix take their modulus and weights from the scheme; Luhn and
// modulus 11 are fixed algorithms that take neither (see Luhn and Mod11).
const (
	// WeightedSum sums digit × weight over the (source-substituted) reference, check position
	// included, takes the remainder modulo the modulus and optionally subtracts it from the modulus.
	WeightedSum Type = "weighted_sum"
	// Dynix is the library-card scheme: alternate positions are added plainly or weighted, with the
	// adjustments described on Scheme.Check.
	Dynix Type = "dynix"
	// LuhnType is the Luhn (modulus 10, "double every second digit") algorithm used by payment cards.
	LuhnType Type = "luhn"
	// Mod11Type is modulus 11 with weights 2, 3, 4, … from the right of the body, the check character
	// being 11 − (sum mod 11), as in ISBN-10 and NHS numbers.
	Mod11Type Type = "mod11"
)

// Scheme is a check digit scheme as a council configures it. The check character is always the last
// character of the reference.
type Scheme struct {
	// Name identifies the scheme; reference validators refer to it by name.
	Name string `json:"name" yaml:"name"`
	Type Type   `json:"type" yaml:"type"`
	// Modulus is m in "sum mod m". Luhn and modulus-11 schemes may leave it 0.
	Modulus int `json:"modulus,omitempty" yaml:"modulus,omitempty"`
	// Weights are applied by position from the left of the reference. Weighted sum and Dynix need
	// them; Luhn and modulus 11 must leave them empty.
	Weights []int `json:"weights,omitempty" yaml:"weights,omitempty"`
	// SourceSubstitution replaces the leading characters of the reference before a weighted sum, so
	// a fixed letter prefix ("AB") can count as digits ("98"). Digits only.
	SourceSubstitution string `json:"source_substitution,omitempty" yaml:"source_substitution,omitempty"`
	// ResultSubstitutions map a computed result to the check character printed for it, typically
	// 10 → "X", "A" or "0" for a modulus-11 scheme.
	ResultSubstitutions Substitutions `json:"result_substitutions,omitempty" yaml:"result_substitutions,omitempty"`
	// Subtract makes a weighted-sum result m − (sum mod m) instead of sum mod m.
	Subtract bool `json:"subtract,omitempty" yaml:"subtract,omitempty"`
}

// Luhn returns the Luhn (modulus 10) preset, which payment card numbers use.
func Luhn() Scheme {
	return Scheme{Name: "Luhn", Type: LuhnType, Modulus: 10}
}

// Mod11 returns the modulus 11 preset: weights 2, 3, 4, … from the rightmost body digit, check
// character 11 − (sum mod 11), where 10 is written "X" and 11 is written "0" (the ISBN-10 rule).
func Mod11() Scheme {
	return Scheme{Name: "Modulus 11", Type: Mod11Type, Modulus: 11,
		ResultSubstitutions: Substitutions{10: "X", 11: "0"}}
}

// ConfigError reports what is wrong with a scheme's configuration. Fields maps each field, named as
// in the scheme's YAML or JSON form ("weights", "modulus"), to a sentence saying what is wrong,
// written for the administrator who configured it.
type ConfigError struct {
	Scheme string
	Fields map[string]string
}

func (e *ConfigError) Error() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + e.Fields[k]
	}
	return fmt.Sprintf("check digit scheme %q is not valid: %s", e.Scheme, strings.Join(parts, "; "))
}

// Validate returns nil when the scheme can be used, or a *ConfigError listing every problem.
func (s Scheme) Validate() error {
	problems := map[string]string{}
	if strings.TrimSpace(s.Name) == "" {
		problems["name"] = "Enter a name for the scheme"
	}
	switch s.Type {
	case WeightedSum, Dynix:
		if s.Modulus < 2 {
			problems["modulus"] = "Modulus must be 2 or more"
		}
		if len(s.Weights) == 0 {
			problems["weights"] = "The weights list is empty; give one weight per character position"
		}
		for _, w := range s.Weights {
			if w < 0 {
				problems["weights"] = "Weights must not be negative"
				break
			}
		}
	case LuhnType, Mod11Type:
		if fixed := fixedModulus(s.Type); s.Modulus != 0 && s.Modulus != fixed {
			problems["modulus"] = fmt.Sprintf("A %s scheme always uses modulus %d", s.Type, fixed)
		}
		if len(s.Weights) != 0 {
			problems["weights"] = fmt.Sprintf("A %s scheme has fixed weights; leave the list empty", s.Type)
		}
	case "":
		problems["type"] = "Choose a type: weighted_sum, dynix, luhn or mod11"
	default:
		problems["type"] = fmt.Sprintf("Unknown type %q; use weighted_sum, dynix, luhn or mod11", s.Type)
	}
	if s.SourceSubstitution != "" {
		if s.Type != WeightedSum {
			problems["source_substitution"] = "Only weighted-sum schemes use a source substitution"
		} else if strings.Trim(s.SourceSubstitution, "0123456789") != "" {
			problems["source_substitution"] = "The source substitution must contain only digits"
		}
	}
	if s.Subtract && s.Type != WeightedSum {
		// Dynix, Luhn and modulus 11 define their own subtraction; a flag that did nothing would mislead.
		problems["subtract"] = "Only weighted-sum schemes use the subtract setting"
	}
	if msg := s.ResultSubstitutions.problem(s.modulus()); msg != "" {
		problems["result_substitutions"] = msg
	}
	if len(problems) > 0 {
		return &ConfigError{Scheme: s.Name, Fields: problems}
	}
	return nil
}

// modulus returns the modulus the scheme computes with: the configured one, or the fixed one of the
// Luhn and modulus-11 algorithms.
func (s Scheme) modulus() int {
	if m := fixedModulus(s.Type); m != 0 {
		return m
	}
	return s.Modulus
}

func fixedModulus(t Type) int {
	switch t {
	case LuhnType:
		return 10
	case Mod11Type:
		return 11
	}
	return 0
}
