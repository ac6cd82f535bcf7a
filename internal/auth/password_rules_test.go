package auth

import (
	"strings"
	"testing"

	"github.com/ims-council/ims"
)

func TestPasswordRulesAccept(t *testing.T) {
	for _, pw := range []string{
		"correct horse battery staple",
		"purple elephant kettle",
		"TeaCupGiraffeWindow",
		"wibble7!Qz@trampoline",
		"Ñandú pingüino café",             // accented letters count as one character each
		strings.Repeat("abcdefghij ", 23), // 253 characters: long passphrases are welcome
		"zq8#Lm2$vP9!",                    // a short random one from a password manager
	} {
		if err := CheckPasswordRules(pw, "jane.smith@example.gov.uk", "Jane Smith"); err != nil {
			t.Errorf("CheckPasswordRules(%q) = %v; want accepted", pw, err)
		}
	}
}

func TestPasswordRulesRefuse(t *testing.T) {
	tests := []struct {
		pw     string
		reason string // a word the reason shown to the person must contain
	}{
		{"", "12 characters"},
		{"short pw 1!", "12 characters"},
		{"Ñandú pingü", "12 characters"}, // 11 characters, though more bytes
		{strings.Repeat("x", 100) + strings.Repeat("abcdefghij", 16), "256"},
		{"password1234", "common"},
		{"Password1234!", "common"},
		{"P@ssw0rd2024!!", "common"},
		{"pass word 1234", "common"},
		{"qwertyuiop12", "common"},
		{"1q2w3e4r5t6y", "common"},
		{"iloveyou123456", "common"},
		{"Summer2024!!!", "common"},
		{"F00tball19999", "common"},
		{"He11oW0rld2024", "common"},
		{"Liverpool1892", "common"},
		{"aaaaaaaaaaaa", "repeated"},
		{"abababababab", "repeated"},
		{"123456789012", "sequence"},
		{"9876543210987", "sequence"},
		{"abcdefghijklm", "sequence"},
		{"asdfghjklzxcv", "sequence"},
		{"janesmith2024", "name"},
		{"Jane.Smith@example.gov.uk", "email"},
		{"my name is JANE SMITH ok", "name"},
		{"xx jane.smith xx", "email"},
	}
	for _, tt := range tests {
		err := CheckPasswordRules(tt.pw, "jane.smith@example.gov.uk", "Jane Smith")
		if ims.ErrorCode(err) != ims.Invalid {
			t.Errorf("CheckPasswordRules(%q) = %v; want Invalid", tt.pw, err)
			continue
		}
		if reason := ims.ErrorFields(err)["password"]; !strings.Contains(reason, tt.reason) {
			t.Errorf("CheckPasswordRules(%q) reason %q; want it to mention %q", tt.pw, reason, tt.reason)
		}
	}
}

func TestPasswordRulesIgnoreShortContext(t *testing.T) {
	// A two-letter name must not refuse every password that happens to contain those letters.
	if err := CheckPasswordRules("alpine meadow walking", "Al", ""); err != nil {
		t.Errorf("refused because of a two-letter name: %v", err)
	}
}

func TestCommonPasswordsFileIsFolded(t *testing.T) {
	// The rules compare folded passwords with the entries, so an entry with capitals, spaces or
	// symbols could never match and would give false comfort.
	n := 0
	for line := range strings.Lines(commonPasswords) {
		entry := strings.TrimSuffix(line, "\n")
		if entry == "" || strings.HasPrefix(entry, "#") {
			continue
		}
		n++
		if fold(entry) != entry {
			t.Errorf("deny list entry %q is not folded; write it as %q", entry, fold(entry))
		}
	}
	if n < 100 {
		t.Errorf("deny list has %d entries; want at least 100", n)
	}
}
