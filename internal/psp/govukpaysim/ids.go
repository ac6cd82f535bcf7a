package govukpaysim

import (
	"fmt"
	"io"
)

// idAlphabet is the alphabet of GOV.UK Pay's payment and refund ids, such as
// "hu20sqlact5260q2nanm0q8u93".
const idAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// The lengths of the ids the simulator makes.
const (
	idLength    = 26 // payment and refund ids, as GOV.UK Pay's
	tokenLength = 32 // card page tokens: 165 bits, not guessable
)

// randomID returns n characters of idAlphabet drawn from r. A byte is used only when it falls in
// the largest multiple of the alphabet's size, so every character is equally likely. It panics when
// r fails (see Options.Rand).
func randomID(r io.Reader, n int) string {
	const limit = 256 - 256%len(idAlphabet)
	out := make([]byte, 0, n)
	buf := make([]byte, n)
	for len(out) < n {
		if _, err := io.ReadFull(r, buf); err != nil {
			panic(fmt.Sprintf("govukpaysim: reading randomness: %v", err))
		}
		for _, b := range buf {
			if int(b) < limit && len(out) < n {
				out = append(out, idAlphabet[int(b)%len(idAlphabet)])
			}
		}
	}
	return string(out)
}

// newID returns a fresh payment, refund or message id. The caller holds s.mu, which also keeps
// reads from Options.Rand in sequence.
func (s *Simulator) newID() string { return randomID(s.opts.Rand, idLength) }

// newToken returns a fresh card page token. The caller holds s.mu.
func (s *Simulator) newToken() string { return randomID(s.opts.Rand, tokenLength) }
