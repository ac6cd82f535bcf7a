package auth

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ims-council/ims"
)

// The length limits of a staff password, in characters. NCSC guidance favours length (three random
// words) over composition rules, so length is the only shape we ask for. The upper limit is generous
// for passphrases and password managers while keeping hashing work bounded.
const (
	MinPasswordLength = 12
	MaxPasswordLength = 256
)

// minDistinctCharacters is the fewest different characters a password may have: below it,
// "aaaaaaaaaaaa" or "abababababab" would pass on length alone.
const minDistinctCharacters = 5

// minContextLength is the shortest name or address the rules look for inside a password; shorter
// ones ("Al") would refuse good passwords by accident while adding nothing.
const minContextLength = 4

// commonPasswords is the deny list, one folded password per line (see the file's header).
//
//go:embed common_passwords.txt
var commonPasswords string

// CheckPasswordRules returns nil when pw is acceptable as a new staff password, and otherwise an
// Invalid *ims.Error with Fields{"password": reason}, the reason written for the person choosing it.
// Following NCSC guidance it asks for no mix of character classes; it refuses passwords shorter than
// MinPasswordLength or longer than MaxPasswordLength characters, common passwords and simple variations
// of them ("Password1234!", "F00tball2024"), sequences and repeated characters, and passwords that
// contain any of context: pass the user's email address, name, and anything else specific to them or
// to the service, such as the council's name.
func CheckPasswordRules(pw string, context ...string) error {
	if reason := passwordProblem(pw, context); reason != "" {
		return ims.FieldError("password", "%s", reason)
	}
	return nil
}

// passwordProblem returns why pw is refused, or "" when it is acceptable.
func passwordProblem(pw string, context []string) string {
	if !utf8.ValidString(pw) {
		return "Password contains characters that could not be read"
	}
	switch n := utf8.RuneCountInString(pw); {
	case n < MinPasswordLength:
		return "Password must be 12 characters or more"
	case n > MaxPasswordLength:
		return "Password must be 256 characters or fewer"
	}
	if distinctRunes(pw) < minDistinctCharacters || isSequence(fold(pw)) {
		return "Password must not be a sequence or a repeated character, like 123456789012 or aaaaaaaaaaaa"
	}
	if isCommon(pw) {
		return "Password must not be a common password or a simple variation of one"
	}
	if containsContext(pw, context) {
		return "Password must not contain your name or email address"
	}
	return ""
}

// fold reduces s to its lower-case letters and digits, so that spacing and punctuation do not make a
// weak password look different: "Pass word 1234!" folds to "password1234".
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isCommon reports whether pw, or pw with digits taken off its ends and common symbol-for-letter swaps
// undone, is on the deny list.
func isCommon(pw string) bool {
	folded := fold(pw)
	// '@' and '$' stand for letters only inside words, so they are swapped back before folding
	// removes them; digits are swapped back only after the digits at the ends are taken off, since
	// "1234" at the end of "password1234" is a suffix, not a disguise.
	stem := strings.TrimFunc(fold(strings.NewReplacer("@", "a", "$", "s").Replace(pw)), unicode.IsDigit)
	candidates := []string{
		folded,
		strings.TrimFunc(folded, unicode.IsDigit),
		strings.NewReplacer("0", "o", "1", "i", "3", "e", "4", "a", "5", "s", "7", "t").Replace(stem),
		strings.NewReplacer("0", "o", "1", "l", "3", "e", "4", "a", "5", "s", "7", "t").Replace(stem),
	}
	for line := range strings.Lines(commonPasswords) {
		entry := strings.TrimSpace(line)
		if entry == "" || strings.HasPrefix(entry, "#") {
			continue
		}
		for _, c := range candidates {
			if c == entry {
				return true
			}
		}
	}
	return false
}

// keyboardSequences are runs people type instead of choosing a password. A folded password that is
// part of one of them repeated, forwards or backwards, is refused.
var keyboardSequences = [...]string{
	"0123456789",
	"abcdefghijklmnopqrstuvwxyz",
	"qwertyuiopasdfghjklzxcvbnm",
}

// isSequence reports whether folded is a stretch of a repeated keyboard sequence, such as
// "345678901234" or "zyxwvutsrqpo".
func isSequence(folded string) bool {
	if folded == "" {
		return false
	}
	for _, seq := range keyboardSequences {
		repeated := strings.Repeat(seq, len(folded)/len(seq)+2)
		if strings.Contains(repeated, folded) || strings.Contains(repeated, reverse(folded)) {
			return true
		}
	}
	return false
}

// containsContext reports whether pw contains any of context (ignoring case, spacing and
// punctuation), or the part before the @ of an email address among them.
func containsContext(pw string, context []string) bool {
	folded := fold(pw)
	for _, c := range context {
		words := []string{c}
		if local, _, isEmail := strings.Cut(c, "@"); isEmail {
			words = append(words, local)
		}
		for _, w := range words {
			if fw := fold(w); utf8.RuneCountInString(fw) >= minContextLength && strings.Contains(folded, fw) {
				return true
			}
		}
	}
	return false
}

// distinctRunes counts the different characters in s.
func distinctRunes(s string) int {
	seen := make(map[rune]bool)
	for _, r := range s {
		seen[r] = true
	}
	return len(seen)
}

// reverse returns s with its characters in reverse order.
func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}
