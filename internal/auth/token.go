package auth

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"fmt"
	"io"
	"strings"
)

// An API client token is TokenMarker followed by tokenBodyLength characters of lower-case base32:
// 25 random bytes, 200 bits. The marker lets secret scanners (and people) recognise a leaked IMS
// token in a repository or log, and the fixed shape lets them match it without false alarms.
const (
	TokenMarker       = "ims_"
	tokenRandomBytes  = 25
	tokenBodyLength   = 40 // base32 spends 8 characters on every 5 bytes
	TokenLength       = len(TokenMarker) + tokenBodyLength
	TokenPrefixLength = 12
	tokenAlphabet     = "abcdefghijklmnopqrstuvwxyz234567"
)

// NewToken returns a fresh API client token such as "ims_" followed by 40 characters of a–z and 2–7,
// reading its randomness from rand (crypto/rand when rand is nil). Show it to the person once and
// store only TokenPrefix and HashToken of it.
func NewToken(rand io.Reader) (token string, err error) {
	secret := make([]byte, tokenRandomBytes)
	if _, err := io.ReadFull(randOrDefault(rand), secret); err != nil {
		return "", fmt.Errorf("auth.NewToken: %w", err)
	}
	return TokenMarker + base32.NewEncoding(tokenAlphabet).EncodeToString(secret), nil
}

// ValidTokenFormat reports whether token has the shape NewToken gives, so a request carrying anything
// else can be refused without a database look-up.
func ValidTokenFormat(token string) bool {
	body, ok := strings.CutPrefix(token, TokenMarker)
	if !ok || len(body) != tokenBodyLength {
		return false
	}
	for i := range len(body) {
		if strings.IndexByte(tokenAlphabet, body[i]) < 0 {
			return false
		}
	}
	return true
}

// TokenPrefix returns the first TokenPrefixLength characters of a well-formed token, which are stored
// in clear to find the client's row: the marker and 40 of the 200 random bits, too few to help anyone
// guess the rest. It returns "" for a malformed token, which matches no row.
func TokenPrefix(token string) string {
	if !ValidTokenFormat(token) {
		return ""
	}
	return token[:TokenPrefixLength]
}

// HashToken returns the SHA-256 of token, the form in which tokens are stored.
//
// A fast unsalted hash is right here, unlike for passwords: a token carries 200 random bits, so
// nobody can guess it or precompute hashes for it however cheap each guess is, while a slow hash would
// cost every API call tens of milliseconds for no gain. A stolen database therefore reveals no token.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// TokenMatches reports whether token hashes to hash, comparing in constant time so response times do
// not reveal how much of a guess was right.
func TokenMatches(token string, hash []byte) bool {
	return subtle.ConstantTimeCompare(HashToken(token), hash) == 1
}
