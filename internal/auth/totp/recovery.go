package totp

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
)

// RecoveryCodeCount is how many recovery codes a user is given at a time: enough for the rare lost
// phone over years, few enough to write down.
const RecoveryCodeCount = 10

// recoveryAlphabet is the 31 characters recovery codes are made of: digits and lower-case letters
// without 0, 1, i, l and o, which people misread and mistype for one another on paper.
const recoveryAlphabet = "23456789abcdefghjkmnpqrstuvwxyz"

// recoveryCodeLength is the number of characters in a code, shown as two groups of four. Eight
// characters from 31 carry 39.6 bits: hopeless to guess online through the lockout policy, and,
// under argon2id, too costly to recover offline from a stolen database (see RecoveryCodes.Hashes).
const recoveryCodeLength = 8

// ErrWrongRecoveryCode is the reason VerifyRecoveryCode refuses a well-formed code matching none of
// the stored hashes, for errors.Is; it comes wrapped in an ims.Unauthorized *ims.Error.
var ErrWrongRecoveryCode = errors.New("the recovery code is not one of the user's unused codes")

// RecoveryCodes is a new set of recovery codes.
type RecoveryCodes struct {
	// Codes are the codes as the user sees them, such as "k7mq-3xtp". Show them once and keep them
	// nowhere.
	Codes []string
	// Hashes are argon2id hashes of Codes, in the same order: the form to store. argon2id rather than
	// a fast salted hash because 40 bits is not beyond a fast hash: a stolen database would give up a
	// code for SHA-256 in minutes on one graphics card, but needs centuries under argon2id. The cost
	// (a few tens of milliseconds per hash) falls on the rare recovery sign-in, not on every request.
	Hashes []string
}

// NewRecoveryCodes returns n distinct recovery codes and their hashes, made with p (auth.DefaultParams
// in production), reading randomness from rand (crypto/rand when rand is nil). A new set replaces the
// whole old one, so the caller deletes the old hashes when it stores these.
func NewRecoveryCodes(n int, p auth.Params, rand io.Reader) (RecoveryCodes, error) {
	const op = "totp.NewRecoveryCodes"
	if n < 1 || n > 100 {
		return RecoveryCodes{}, &ims.Error{Code: ims.Invalid, Op: op, Message: fmt.Sprintf("%d recovery codes asked for; between 1 and 100 are allowed", n)}
	}
	rand = randOrDefault(rand)
	out := RecoveryCodes{Codes: make([]string, 0, n), Hashes: make([]string, 0, n)}
	seen := make(map[string]bool, n)
	for len(out.Codes) < n {
		raw, err := randomCode(rand)
		if err != nil {
			return RecoveryCodes{}, &ims.Error{Code: ims.Internal, Op: op, Err: err}
		}
		// Two equal codes in a set would let one written-down code sign in twice.
		if seen[raw] {
			continue
		}
		seen[raw] = true
		hash, err := auth.HashPassword(raw, p, rand)
		if err != nil {
			return RecoveryCodes{}, &ims.Error{Code: ims.Internal, Op: op, Err: err}
		}
		out.Codes = append(out.Codes, raw[:4]+"-"+raw[4:])
		out.Hashes = append(out.Hashes, hash)
	}
	return out, nil
}

// VerifyRecoveryCode checks typed, as the user typed it, against the stored hashes of their unused
// codes, and returns the index of the hash it matches, which the caller deletes in the transaction
// that signs the user in so the code works once. Case, spaces and hyphens are ignored. Every hash
// is checked, whichever matches, so the time taken does not tell which code (if any) was right.
//
// A typed value that cannot be a recovery code is ims.Invalid; a well-formed code matching no hash
// is ims.Unauthorized wrapping ErrWrongRecoveryCode; a damaged stored hash is ims.Internal.
func VerifyRecoveryCode(typed string, hashes []string) (index int, err error) {
	const op = "totp.VerifyRecoveryCode"
	code, ok := normaliseRecoveryCode(typed)
	if !ok {
		return -1, &ims.Error{Code: ims.Invalid, Op: op, Message: "Enter a recovery code, like abcd-2345",
			Fields: map[string]string{"recovery_code": "Enter a recovery code, like abcd-2345"}}
	}
	index = -1
	var damaged error
	for i, h := range hashes {
		match, _, err := auth.VerifyPassword(code, h)
		if err != nil {
			damaged = err
			continue
		}
		if match && index < 0 {
			index = i
		}
	}
	switch {
	case damaged != nil:
		return -1, &ims.Error{Code: ims.Internal, Op: op, Err: damaged}
	case index < 0:
		return -1, &ims.Error{Code: ims.Unauthorized, Op: op, Message: "The recovery code is not right, or has been used", Err: ErrWrongRecoveryCode}
	}
	return index, nil
}

// normaliseRecoveryCode returns typed in the form that is hashed (eight characters of
// recoveryAlphabet, no hyphen), and whether it has that form once case, spaces and hyphens are set
// aside.
func normaliseRecoveryCode(typed string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.ToLower(typed) {
		switch {
		case r == '-' || unicode.IsSpace(r):
			continue
		case r < 128 && strings.IndexByte(recoveryAlphabet, byte(r)) >= 0:
			if b.Len() == recoveryCodeLength {
				return "", false
			}
			b.WriteRune(r)
		default:
			return "", false
		}
	}
	return b.String(), b.Len() == recoveryCodeLength
}

// randomCode returns recoveryCodeLength characters drawn uniformly from recoveryAlphabet. Bytes are
// cut to five bits and values past the alphabet are drawn again, so no character is likelier.
func randomCode(r io.Reader) (string, error) {
	out := make([]byte, 0, recoveryCodeLength)
	buf := make([]byte, 16)
	for len(out) < recoveryCodeLength {
		if _, err := io.ReadFull(r, buf); err != nil {
			return "", err
		}
		for _, c := range buf {
			if v := c & 31; int(v) < len(recoveryAlphabet) && len(out) < recoveryCodeLength {
				out = append(out, recoveryAlphabet[v])
			}
		}
	}
	return string(out), nil
}

func randOrDefault(r io.Reader) io.Reader {
	if r == nil {
		return rand.Reader
	}
	return r
}
