package receiptno

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"
)

// seeded returns a deterministic stand-in for crypto/rand.Reader.
func seeded(seed byte) *rand.ChaCha8 {
	return rand.NewChaCha8([32]byte{seed})
}

// Receipt numbers already printed on receipts must stay valid, so the algorithm is pinned by vectors.
func TestNewPinnedVectors(t *testing.T) {
	tests := []struct {
		random []byte
		want   string
	}{
		{[]byte{0, 1, 2, 3, 4, 5, 6, 7, 8}, "0123456789"},
		{[]byte{0, 0, 0, 0, 0, 0, 0, 0, 0}, "0000000000"},
		{[]byte{255, 255, 255, 255, 255, 255, 255, 255, 255}, "ZZZZZZZZZX"},
		{[]byte{31, 32, 33, 100, 200, 7, 8, 9, 10}, "Z0148789AA"},
	}
	for _, tt := range tests {
		got, err := New(bytes.NewReader(tt.random))
		if err != nil || got != tt.want {
			t.Errorf("New(%v) = %q, %v; want %q", tt.random, got, err, tt.want)
		}
	}
}

func TestNewMakesValidDistinctNumbers(t *testing.T) {
	r := seeded(1)
	seen := map[string]bool{}
	for range 10000 {
		n, err := New(r)
		if err != nil {
			t.Fatal(err)
		}
		if !Valid(n) {
			t.Fatalf("New returned %q, which Valid rejects", n)
		}
		if strings.ContainsAny(n, "ILOU") {
			t.Fatalf("New returned %q, which holds a character easily misread", n)
		}
		if seen[n] {
			t.Fatalf("New returned %q twice in 10,000 numbers", n)
		}
		seen[n] = true
	}
}

func TestNewReportsAFailingRandomSource(t *testing.T) {
	if n, err := New(bytes.NewReader([]byte{1, 2, 3})); err == nil {
		t.Errorf("New with 3 random bytes = %q, want an error", n)
	}
	if n, err := New(iotest.ErrReader(iotest.ErrTimeout)); err == nil {
		t.Errorf("New with a failing reader = %q, want an error", n)
	}
}

// TestEveryTypingMistakeIsCaught tries, on many numbers, every single wrong character (any of the 32)
// and every swap of two neighbouring different characters.
func TestEveryTypingMistakeIsCaught(t *testing.T) {
	r := seeded(2)
	for range 300 {
		n, err := New(r)
		if err != nil {
			t.Fatal(err)
		}
		for i := range Length {
			for j := range len(alphabet) {
				if alphabet[j] == n[i] {
					continue
				}
				changed := n[:i] + alphabet[j:j+1] + n[i+1:]
				if Valid(changed) {
					t.Fatalf("%q with position %d changed to %q is still valid", n, i, changed)
				}
			}
		}
		for i := range Length - 1 {
			if n[i] == n[i+1] {
				continue
			}
			swapped := n[:i] + n[i+1:i+2] + n[i:i+1] + n[i+2:]
			if Valid(swapped) {
				t.Fatalf("%q with positions %d and %d swapped (%q) is still valid", n, i, i+1, swapped)
			}
		}
	}
}

func TestValidRejectsMalformedNumbers(t *testing.T) {
	for _, s := range []string{"", "012345678", "01234567890", "0123456789 ", "O123456789", "0123456789"[:9] + "U", "abcdefghjk"} {
		if Valid(s) {
			t.Errorf("Valid(%q) = true", s)
		}
	}
}

// TestNormalizeAcceptsWhatPeopleRead checks that numbers read out or typed loosely — lower case,
// with spaces or hyphens, O for zero, I or L for one — come back to the number issued.
func TestNormalizeAcceptsWhatPeopleRead(t *testing.T) {
	tests := []struct{ typed, want string }{
		{"01234-56789", "0123456789"},
		{"o l 2 3 4 5 6 7 8 9", "0123456789"},
		{"OI234-56789", "0123456789"},
		{" z0148789aa ", "Z0148789AA"},
		{"zo14-8789-aa", "Z0148789AA"},
		{"Z0I48789AA", "Z0148789AA"},
	}
	for _, tt := range tests {
		got := Normalize(tt.typed)
		if got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.typed, got, tt.want)
		}
		if !Valid(got) {
			t.Errorf("Valid(Normalize(%q)) = false", tt.typed)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Z0148789AA", "Z0148-789AA"},
		{"z0148-789aa", "Z0148-789AA"},
		{"abc", "ABC"},
	}
	for _, tt := range tests {
		if got := Format(tt.in); got != tt.want {
			t.Errorf("Format(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	n, _ := New(seeded(3))
	if got := Normalize(Format(n)); got != n {
		t.Errorf("Normalize(Format(%q)) = %q", n, got)
	}
}

// FuzzNormalize checks that whatever a member of the public types into a receipt look-up, Normalize
// and Valid do not panic, and a valid number survives formatting.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Z0148-789AA", "o l 2 3 4 5 6 7 8 9", "", "ÿ\x00-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if Valid(n) && Normalize(Format(n)) != n {
			t.Fatalf("Normalize(Format(%q)) = %q", n, Normalize(Format(n)))
		}
	})
}
