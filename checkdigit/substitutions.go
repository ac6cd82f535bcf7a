package checkdigit

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Substitutions map a computed check result to the character written for it, e.g. 10 → "Z". In YAML
// and JSON they may be written either as a mapping ({10: Z, 11: "0"}) or in the textual form councils
// know from their back-office systems, "10:Z,11:0"; they are always written out in the textual form.
type Substitutions map[int]string

// ParseSubstitutions reads the textual form "10:Z,11:0": comma-separated result:character pairs,
// spaces around items ignored. The empty string is no substitutions. Each result may appear once and
// each character must be a single letter or digit.
func ParseSubstitutions(text string) (Substitutions, error) {
	subs := Substitutions{}
	if strings.TrimSpace(text) == "" {
		return subs, nil
	}
	for _, item := range strings.Split(text, ",") {
		item = strings.TrimSpace(item)
		key, value, ok := strings.Cut(item, ":")
		if !ok {
			return nil, fmt.Errorf("%q is not a result:character pair such as 10:Z", item)
		}
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		n, err := strconv.Atoi(key)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("in %q, %q is not a result (a whole number such as 10)", item, key)
		}
		if !isSingleAlnum(value) {
			return nil, fmt.Errorf("in %q, %q is not a single letter or digit", item, value)
		}
		if _, dup := subs[n]; dup {
			return nil, fmt.Errorf("result %d is substituted twice", n)
		}
		subs[n] = value
	}
	return subs, nil
}

// String returns the textual form, results in ascending order: "10:Z,11:0".
func (s Substitutions) String() string {
	keys := make([]int, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = strconv.Itoa(k) + ":" + s[k]
	}
	return strings.Join(parts, ",")
}

// MarshalText returns the textual form, so YAML and JSON files show what councils are used to.
func (s Substitutions) MarshalText() ([]byte, error) {
	return []byte(s.String()), nil
}

// UnmarshalText reads the textual form (see ParseSubstitutions).
func (s *Substitutions) UnmarshalText(text []byte) error {
	parsed, err := ParseSubstitutions(string(text))
	if err != nil {
		return err
	}
	*s = parsed
	return nil
}

// UnmarshalJSON accepts the textual form as a JSON string or a JSON object {"10": "Z"}. (The YAML
// decoder needs no equivalent: it uses UnmarshalText for strings and fills the map for mappings.)
func (s *Substitutions) UnmarshalJSON(data []byte) error {
	var text string
	if err := json.Unmarshal(data, &text); err == nil {
		return s.UnmarshalText([]byte(text))
	}
	var m map[int]string
	if err := json.Unmarshal(data, &m); err != nil {
		return errors.New("result substitutions must be text such as \"10:Z\" or an object such as {\"10\": \"Z\"}")
	}
	*s = m
	return nil
}

// problem returns what is wrong with the substitutions for a scheme of modulus m, or "".
func (s Substitutions) problem(m int) string {
	keys := make([]int, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	for _, k := range keys {
		if !isSingleAlnum(s[k]) {
			return fmt.Sprintf("Result %d must be replaced by a single letter or digit, not %q", k, s[k])
		}
		// Results run from 0 to m − 1, or 1 to m when subtracted from the modulus.
		if m >= 2 && (k < 0 || k > m) {
			return fmt.Sprintf("Result %d can never occur with modulus %d", k, m)
		}
	}
	return ""
}

func isSingleAlnum(s string) bool {
	return len(s) == 1 && (isDigit(s[0]) || isLetter(s[0]))
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isLetter reports an ASCII letter of either case: references are ASCII, and callers upper-case them.
func isLetter(c byte) bool { return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' }
