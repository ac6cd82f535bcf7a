package checkdigit

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// ErrNoCheckCharacter is returned by CheckChar for a body no check character can complete, e.g. a
// modulus-11 body whose result is 10 when the scheme has no substitution for 10. Back-office systems
// never issue such references.
var ErrNoCheckCharacter = errors.New("no check character makes this reference valid")

// Check reports whether the last character of reference is the check character the scheme computes
// for it. Letters are compared without regard to case. The error is non-nil only when the scheme
// itself is misconfigured (a *ConfigError); a malformed reference is simply not valid.
//
// The algorithms, for a reference of n characters whose last is the check character:
//   - Weighted sum: the leading characters are replaced by the source substitution; then
//     sum = Σ digit × weight over every position holding a digit, check position included (its weight
//     is normally 0); r = sum mod m, or m − (sum mod m) with Subtract. The weights list must cover all
//     n positions: a longer reference is not valid, rather than being checked on a prefix. So is a
//     reference no longer than the source substitution.
//   - Dynix: over positions 0 … n−2 of the reference as written (letters keep their positions but add
//     nothing), a digit d at an odd position adds d; at an even position p it adds d × weight[p],
//     less 10 if that product is over 10, plus 1 if d is over 4; r = m − (sum mod m). The weights
//     list must cover positions 0 … n−2.
//   - Luhn: the digits before the check character, from the right, alternately doubled (the first
//     doubled) with 9 taken off doubles over 9; r = (10 − sum mod 10) mod 10.
//   - Modulus 11: the digits before the check character, from the right, weighted 2, 3, … 10 and
//     then 2 again; r = 11 − (sum mod 11), from 1 to 11.
//
// The result r is written as its result substitution if it has one, else as a digit when below 10;
// a result of 10 or more without a substitution matches no character.
func (s Scheme) Check(reference string) (bool, error) {
	if err := s.Validate(); err != nil {
		return false, err
	}
	return s.check(strings.ToUpper(reference)), nil
}

// CheckChar returns the check character to append to body to make a valid reference, for demo data
// and tests. It returns ErrNoCheckCharacter when none does, or a *ConfigError.
func (s Scheme) CheckChar(body string) (string, error) {
	if err := s.Validate(); err != nil {
		return "", err
	}
	body = strings.ToUpper(body)
	// Trying each character the scheme can produce, rather than solving for it, works for every type
	// and for weighted sums that (unusually) give the check position a weight.
	for _, c := range s.candidates() {
		if s.check(body + c) {
			return c, nil
		}
	}
	return "", fmt.Errorf("%w: %q under scheme %q", ErrNoCheckCharacter, body, s.Name)
}

// check is Check for a valid scheme and an upper-cased reference.
func (s Scheme) check(ref string) bool {
	if ref == "" || !isASCII(ref) {
		return false
	}
	var r int
	var ok bool
	switch s.Type {
	case WeightedSum:
		r, ok = s.weightedSum(ref)
	case Dynix:
		r, ok = s.dynix(ref[:len(ref)-1])
	case LuhnType:
		r, ok = luhn(ref[:len(ref)-1]), true
	case Mod11Type:
		r, ok = mod11(ref[:len(ref)-1]), true
	}
	if !ok {
		return false
	}
	want, ok := s.result(r)
	return ok && want == ref[len(ref)-1:]
}

func (s Scheme) weightedSum(ref string) (int, bool) {
	if len(ref) <= len(s.SourceSubstitution) || len(ref) > len(s.Weights) {
		return 0, false
	}
	m := s.Modulus
	sum := 0
	for i := range len(ref) {
		c := ref[i]
		if i < len(s.SourceSubstitution) {
			c = s.SourceSubstitution[i]
		}
		if isDigit(c) {
			// Reducing as we go keeps the sum from overflowing whatever weights are configured.
			sum = (sum + int(c-'0')*(s.Weights[i]%m)) % m
		}
	}
	if s.Subtract {
		return m - sum, true
	}
	return sum, true
}

func (s Scheme) dynix(body string) (int, bool) {
	if len(body) > len(s.Weights) {
		return 0, false
	}
	m := s.Modulus
	sum := 0
	for i := range len(body) {
		if !isDigit(body[i]) {
			continue
		}
		d := int(body[i] - '0')
		term := d
		if i%2 == 0 {
			term = d * s.Weights[i]
			if term > 10 {
				term -= 10
			}
			if d > 4 {
				term++
			}
		}
		sum = (sum + term%m) % m
	}
	return m - sum, true
}

func luhn(body string) int {
	sum, double := 0, true
	for i := len(body) - 1; i >= 0; i-- {
		if !isDigit(body[i]) {
			continue
		}
		d := int(body[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return (10 - sum%10) % 10
}

func mod11(body string) int {
	sum, weight := 0, 2
	for i := len(body) - 1; i >= 0; i-- {
		if !isDigit(body[i]) {
			continue
		}
		sum = (sum + int(body[i]-'0')*weight) % 11
		// Weight 11 would be 0 modulo 11 and leave a digit unchecked, so the weights cycle 2 … 10.
		if weight++; weight > 10 {
			weight = 2
		}
	}
	return 11 - sum
}

// result returns the character written for result r, and false when r cannot be written.
func (s Scheme) result(r int) (string, bool) {
	if sub, ok := s.ResultSubstitutions[r]; ok {
		return strings.ToUpper(sub), true
	}
	if 0 <= r && r <= 9 {
		return strconv.Itoa(r), true
	}
	return "", false
}

// candidates returns every character the scheme can produce: the digits, then the substitutions.
func (s Scheme) candidates() []string {
	out := []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}
	var extra []string
	for _, sub := range s.ResultSubstitutions {
		sub = strings.ToUpper(sub)
		if !isDigit(sub[0]) {
			extra = append(extra, sub)
		}
	}
	sort.Strings(extra)
	return append(out, extra...)
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
