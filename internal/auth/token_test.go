package auth

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

func TestNewToken(t *testing.T) {
	shape := regexp.MustCompile(`^ims_[a-z2-7]{40}$`)
	seen := make(map[string]bool)
	for range 100 {
		tok, err := NewToken(nil)
		if err != nil {
			t.Fatal(err)
		}
		if !shape.MatchString(tok) || !ValidTokenFormat(tok) {
			t.Fatalf("NewToken() = %q; want ims_ and 40 base32 characters", tok)
		}
		if seen[TokenPrefix(tok)] {
			t.Fatalf("two of 100 tokens share the prefix %q: tokens are not random", TokenPrefix(tok))
		}
		seen[TokenPrefix(tok)] = true
	}
}

func TestNewTokenFailsWithoutRandomness(t *testing.T) {
	if tok, err := NewToken(bytes.NewReader(make([]byte, 10))); err == nil {
		t.Errorf("NewToken with 10 random bytes = %q; want an error", tok)
	}
}

func TestTokenPrefix(t *testing.T) {
	tok, err := NewToken(bytes.NewReader(bytes.Repeat([]byte{0xff}, 25)))
	if err != nil {
		t.Fatal(err)
	}
	if tok != "ims_"+strings.Repeat("7", 40) {
		t.Fatalf("NewToken(all ones) = %q", tok)
	}
	if got := TokenPrefix(tok); got != "ims_77777777" {
		t.Errorf("TokenPrefix = %q, want ims_77777777", got)
	}
	for _, bad := range []string{"", "ims_", "ims_7777777", tok + "7", "IMS_" + tok[4:], tok[:43] + "1", "Bearer " + tok} {
		if ValidTokenFormat(bad) || TokenPrefix(bad) != "" {
			t.Errorf("malformed token %q accepted", bad)
		}
	}
}

func TestTokenMatches(t *testing.T) {
	tok, err := NewToken(nil)
	if err != nil {
		t.Fatal(err)
	}
	stored := HashToken(tok)
	if bytes.Contains(stored, []byte(tok)) || len(stored) != 32 {
		t.Fatalf("HashToken = %x; want a 32-byte digest", stored)
	}
	if !TokenMatches(tok, stored) {
		t.Error("a token does not match its own hash")
	}
	other, _ := NewToken(nil)
	last := "a"
	if tok[len(tok)-1] == 'a' {
		last = "b"
	}
	for _, wrong := range []string{other, tok[:len(tok)-1] + last, "", TokenPrefix(tok)} {
		if TokenMatches(wrong, stored) {
			t.Errorf("token %q matched another token's hash", wrong)
		}
	}
	if TokenMatches(tok, stored[:16]) || TokenMatches(tok, nil) {
		t.Error("a token matched a truncated or empty hash")
	}
}
