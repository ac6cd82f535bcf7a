package checkdigit

import "strings"

// MatchMask reports whether reference fits the input mask position by position. Both are compared
// upper-cased. Mask characters:
//
//	$  a letter
//	#  a digit
//	?  a letter or a digit
//	*  a letter, a digit, a space, "/" or "-"
//	@  the check character position: a letter or a digit
//	   anything else stands for itself
//
// Letters and digits are ASCII ones. A mask describes the whole reference, so a reference longer or
// shorter than its mask does not match; references of several lengths need a regex instead. An
// empty mask matches only the empty reference: callers skip the mask step when none is configured.
func MatchMask(mask, reference string) bool {
	m := []rune(strings.ToUpper(mask))
	r := []rune(strings.ToUpper(reference))
	if len(m) != len(r) {
		return false
	}
	for i, want := range m {
		if !maskAllows(want, r[i]) {
			return false
		}
	}
	return true
}

func maskAllows(mask, c rune) bool {
	letter := 'A' <= c && c <= 'Z'
	digit := '0' <= c && c <= '9'
	switch mask {
	case '$':
		return letter
	case '#':
		return digit
	case '?', '@':
		return letter || digit
	case '*':
		return letter || digit || c == ' ' || c == '/' || c == '-'
	default:
		return c == mask
	}
}
