package totp

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
)

// cheapParams keep the tests fast; the hashes record their parameters, so verifying needs no change.
var cheapParams = auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestNewRecoveryCodes(t *testing.T) {
	rc, err := NewRecoveryCodes(RecoveryCodeCount, cheapParams, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rc.Codes) != RecoveryCodeCount || len(rc.Hashes) != RecoveryCodeCount {
		t.Fatalf("%d codes and %d hashes, want %d of each", len(rc.Codes), len(rc.Hashes), RecoveryCodeCount)
	}
	seen := map[string]bool{}
	for i, c := range rc.Codes {
		if len(c) != 9 || c[4] != '-' {
			t.Errorf("code %q is not xxxx-xxxx", c)
		}
		for _, r := range strings.ReplaceAll(c, "-", "") {
			if !strings.ContainsRune(recoveryAlphabet, r) {
				t.Errorf("code %q has %q, outside the alphabet", c, r)
			}
		}
		if seen[c] {
			t.Errorf("code %q given twice", c)
		}
		seen[c] = true
		if strings.Contains(rc.Hashes[i], strings.ReplaceAll(c, "-", "")) || !strings.HasPrefix(rc.Hashes[i], "$argon2id$") {
			t.Errorf("hash %q of %q is not an argon2id hash hiding the code", rc.Hashes[i], c)
		}
		got, err := VerifyRecoveryCode(c, rc.Hashes)
		if err != nil || got != i {
			t.Errorf("VerifyRecoveryCode(%q) = %d, %v; want %d", c, got, err, i)
		}
	}
}

// TestRecoveryCodesAreDistinctUnderRepeatingRandomness feeds a generator that repeats itself every
// code: the set must still hold distinct codes (or fail), never two equal ones.
func TestRecoveryCodesAreDistinctUnderRepeatingRandomness(t *testing.T) {
	r := &cycleReader{pattern: []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}}
	_, err := NewRecoveryCodes(2, cheapParams, r)
	if err == nil {
		t.Fatal("a generator that can only make one code gave two distinct codes?")
	}
}

// cycleReader returns its pattern over and over, but only so many bytes, so a loop waiting for a
// new code ends.
type cycleReader struct {
	pattern []byte
	read    int
}

func (c *cycleReader) Read(p []byte) (int, error) {
	if c.read > 1<<16 {
		return 0, errors.New("randomness exhausted")
	}
	for i := range p {
		p[i] = c.pattern[(c.read+i)%len(c.pattern)]
	}
	c.read += len(p)
	return len(p), nil
}

func TestVerifyRecoveryCodeTolerance(t *testing.T) {
	rc, err := NewRecoveryCodes(3, cheapParams, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := rc.Codes[1]
	plain := strings.ReplaceAll(c, "-", "")
	for _, typed := range []string{
		c,
		strings.ToUpper(c),
		plain,
		strings.ToUpper(plain),
		" " + c + " ",
		plain[:4] + " " + plain[4:],
		plain[:2] + "-" + plain[2:5] + " - " + plain[5:],
		"\t" + strings.ToUpper(plain[:4]) + "--" + plain[4:] + "\n",
	} {
		got, err := VerifyRecoveryCode(typed, rc.Hashes)
		if err != nil || got != 1 {
			t.Errorf("VerifyRecoveryCode(%q) = %d, %v; want 1", typed, got, err)
		}
	}
}

func TestVerifyRecoveryCodeRefusals(t *testing.T) {
	rc, err := NewRecoveryCodes(3, cheapParams, nil)
	if err != nil {
		t.Fatal(err)
	}
	plain := strings.ReplaceAll(rc.Codes[0], "-", "")
	// A code made of valid characters but in none of the hashes: change one character.
	wrong := []byte(plain)
	if wrong[0] == '2' {
		wrong[0] = '3'
	} else {
		wrong[0] = '2'
	}
	for _, tc := range []struct {
		typed string
		code  ims.Code
	}{
		{string(wrong), ims.Unauthorized},
		{"", ims.Invalid},
		{plain[:7], ims.Invalid},
		{plain + "2", ims.Invalid},
		{plain[:7] + "0", ims.Invalid}, // 0 is not in the alphabet
		{plain[:7] + "_", ims.Invalid},
		{plain[:7] + "é", ims.Invalid},
		{"123456", ims.Invalid}, // a TOTP code typed in the wrong box
	} {
		got, err := VerifyRecoveryCode(tc.typed, rc.Hashes)
		if ims.ErrorCode(err) != tc.code || got != -1 {
			t.Errorf("VerifyRecoveryCode(%q) = %d, %v; want -1 and %s", tc.typed, got, err, tc.code)
		}
	}
	if _, err := VerifyRecoveryCode(string(wrong), rc.Hashes); !errors.Is(err, ErrWrongRecoveryCode) {
		t.Errorf("wrong code: %v, want ErrWrongRecoveryCode", err)
	}
}

// TestRecoveryCodeWorksOnce follows the caller: the matched hash is removed, and the same code is then
// refused while the others still work.
func TestRecoveryCodeWorksOnce(t *testing.T) {
	rc, err := NewRecoveryCodes(3, cheapParams, nil)
	if err != nil {
		t.Fatal(err)
	}
	hashes := append([]string(nil), rc.Hashes...)
	i, err := VerifyRecoveryCode(rc.Codes[2], hashes)
	if err != nil {
		t.Fatal(err)
	}
	hashes = append(hashes[:i], hashes[i+1:]...)
	if _, err := VerifyRecoveryCode(rc.Codes[2], hashes); !errors.Is(err, ErrWrongRecoveryCode) {
		t.Errorf("a used recovery code: %v, want ErrWrongRecoveryCode", err)
	}
	if _, err := VerifyRecoveryCode(rc.Codes[0], hashes); err != nil {
		t.Errorf("an unused recovery code after another was used: %v", err)
	}
	if _, err := VerifyRecoveryCode(rc.Codes[0], nil); !errors.Is(err, ErrWrongRecoveryCode) {
		t.Errorf("a code when none are left: %v, want ErrWrongRecoveryCode", err)
	}
}

func TestVerifyRecoveryCodeReportsDamagedHash(t *testing.T) {
	rc, err := NewRecoveryCodes(2, cheapParams, nil)
	if err != nil {
		t.Fatal(err)
	}
	hashes := []string{"not a hash", rc.Hashes[1]}
	if _, err := VerifyRecoveryCode(rc.Codes[1], hashes); ims.ErrorCode(err) != ims.Internal {
		t.Errorf("with a damaged stored hash: %v, want an internal error", err)
	}
}

func TestNewRecoveryCodesRefusals(t *testing.T) {
	for _, n := range []int{0, -1, 101} {
		if _, err := NewRecoveryCodes(n, cheapParams, nil); ims.ErrorCode(err) != ims.Invalid {
			t.Errorf("NewRecoveryCodes(%d): %v, want invalid", n, err)
		}
	}
	if _, err := NewRecoveryCodes(1, cheapParams, bytes.NewReader(nil)); ims.ErrorCode(err) != ims.Internal {
		t.Errorf("NewRecoveryCodes with no randomness: %v, want internal", err)
	}
}

// TestRandomCodeIsUniform checks that every character of the alphabet turns up, at about the rate
// it should, so the codes carry the entropy the documentation claims.
func TestRandomCodeIsUniform(t *testing.T) {
	counts := map[rune]int{}
	const codes = 4000
	for range codes {
		c, err := randomCode(randOrDefault(nil))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range c {
			counts[r]++
		}
	}
	want := codes * recoveryCodeLength / len(recoveryAlphabet) // about 1032
	for _, r := range recoveryAlphabet {
		if n := counts[r]; n < want*3/4 || n > want*5/4 {
			t.Errorf("%q drawn %d times in %d characters, want about %d", r, n, codes*recoveryCodeLength, want)
		}
	}
	if len(counts) != len(recoveryAlphabet) {
		t.Errorf("%d distinct characters drawn, want %d", len(counts), len(recoveryAlphabet))
	}
}

// FuzzNormaliseRecoveryCode feeds the recovery code reader arbitrary typed input: what it accepts is
// exactly the typed characters, lower-cased, without spaces and hyphens, eight of the alphabet.
func FuzzNormaliseRecoveryCode(f *testing.F) {
	for _, s := range []string{"abcd-2345", "ABCD 2345", "abcd2345", "", "abcd-234", "abcd-23450", "ǅ", "\u212a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, typed string) {
		got, ok := normaliseRecoveryCode(typed)
		if !ok {
			return
		}
		if len(got) != recoveryCodeLength {
			t.Fatalf("normaliseRecoveryCode(%q) = %q, not %d characters", typed, got, recoveryCodeLength)
		}
		var want strings.Builder
		for _, r := range strings.ToLower(typed) {
			if r != '-' && !unicode.IsSpace(r) {
				want.WriteRune(r)
			}
		}
		if got != want.String() || strings.Trim(got, recoveryAlphabet) != "" {
			t.Fatalf("normaliseRecoveryCode(%q) = %q, want %q from the alphabet only", typed, got, want.String())
		}
	})
}
