package demo

import (
	"bytes"
	"strings"
	"testing"
)

func TestWordListIsDistinct(t *testing.T) {
	words, err := wordList()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, w := range words {
		if seen[w] {
			t.Errorf("%q is listed twice, so passphrases are weaker than they look", w)
		}
		seen[w] = true
	}
}

func TestPassphraseDrawsAgainWhenTheRulesRefuse(t *testing.T) {
	words, err := wordList()
	if err != nil {
		t.Fatal(err)
	}
	// The first draw is five times the first word, which the rules refuse for a user of that name.
	rand := bytes.NewReader([]byte{0, 0, 0, 0, 0, 1, 2, 3, 4, 5})
	got, err := passphrase(rand, words, "x@demo.example", words[0])
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Join(words[1:6], "-"); got != want {
		t.Errorf("passphrase = %q; want the second draw %q", got, want)
	}
	if _, err := passphrase(bytes.NewReader(nil), words); err == nil {
		t.Error("passphrase without randomness succeeded")
	}
}
