package demo

import (
	_ "embed"
	"fmt"
	"io"
	"strings"

	"github.com/ims-council/ims/internal/auth"
)

//go:embed words.txt
var wordsText string

// passphraseWords is how many words a demo passphrase has: 5 words of 8 bits each give 40 random
// bits, enough behind the login lockout, and are easy to type from a printed table.
const passphraseWords = 5

// wordList returns the embedded words, which must number exactly 256 so that one random byte picks
// one word without bias.
func wordList() ([]string, error) {
	var words []string
	for line := range strings.Lines(wordsText) {
		w := strings.TrimSpace(line)
		if w != "" && !strings.HasPrefix(w, "#") {
			words = append(words, w)
		}
	}
	if len(words) != 256 {
		return nil, fmt.Errorf("demo word list has %d words, not 256", len(words))
	}
	return words, nil
}

// passphrase returns words drawn from rand joined with hyphens ("maple-otter-quill-cedar-lotus"),
// one that passes the password rules for a user with the given email and name. It draws again in
// the rare case the rules refuse one (say, words that spell the user's name).
func passphrase(rand io.Reader, words []string, context ...string) (string, error) {
	for range 10 {
		var b [passphraseWords]byte
		if _, err := io.ReadFull(rand, b[:]); err != nil {
			return "", fmt.Errorf("drawing a demo password: %w", err)
		}
		parts := make([]string, len(b))
		for i, n := range b {
			parts[i] = words[n]
		}
		pw := strings.Join(parts, "-")
		if auth.CheckPasswordRules(pw, context...) == nil {
			return pw, nil
		}
	}
	return "", fmt.Errorf("drawing a demo password: ten passphrases in a row broke the password rules")
}
