// Package auth holds the credential logic of IMS as pure functions: staff password hashing and
// rules, API client tokens, and the account lockout policy. It stores nothing and reads no clock;
// the services that call it own the database rows and pass the time in.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are the argon2id cost parameters of a password hash. They are written into each hash, so
// raising them later only makes VerifyPassword report needsRehash for older hashes.
type Params struct {
	Memory  uint32 // KiB of memory per hash
	Time    uint32 // passes over that memory
	Threads uint8  // lanes computed in parallel
	SaltLen uint32 // bytes of random salt
	KeyLen  uint32 // bytes of derived hash
}

// DefaultParams returns the parameters IMS hashes staff passwords with: 19 MiB, 2 passes, 1 lane,
// OWASP's recommended minimum for argon2id. We chose the low-memory end of OWASP's equally strong
// options because several logins at once on a small council server must not exhaust its memory.
func DefaultParams() Params {
	return Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}
}

// DummyHash is a hash of nobody's password, made with DefaultParams. Sign-in checks the password
// it is given against DummyHash when no account has the email given, so that an unknown email costs
// as much time as a known one and the time an answer takes does not tell which emails have accounts.
const DummyHash = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA"

// Bounds on parameters read from a stored hash. A hash comes from our own database, but a damaged or
// planted one must give an error, not make one login allocate gigabytes or spin for minutes.
const (
	minSaltLen = 8
	maxSaltLen = 64
	minKeyLen  = 16
	maxKeyLen  = 64
	maxMemory  = 1024 * 1024 // 1 GiB in KiB
	maxTime    = 64
)

// b64 returns the unpadded standard base64 of PHC strings. Strict decoding refuses non-zero spare
// bits, so each hash has one spelling and an altered last character cannot decode to the same bytes.
func b64() *base64.Encoding { return base64.RawStdEncoding.Strict() }

// HashPassword returns an argon2id hash of pw as a PHC string, such as
// "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>", with a fresh salt read from rand (crypto/rand when
// rand is nil). Two hashes of one password therefore differ.
func HashPassword(pw string, p Params, rand io.Reader) (string, error) {
	if err := p.validate(); err != nil {
		return "", fmt.Errorf("auth.HashPassword: %w", err)
	}
	salt := make([]byte, p.SaltLen)
	if _, err := io.ReadFull(randOrDefault(rand), salt); err != nil {
		return "", fmt.Errorf("auth.HashPassword: reading salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64().EncodeToString(salt), b64().EncodeToString(key)), nil
}

// VerifyPassword reports whether pw matches the encoded hash, comparing in constant time. needsRehash
// is true when the password matched but the hash was made with parameters other than DefaultParams,
// so the caller should store a fresh hash while it has the password. A malformed hash gives an error,
// never a match.
func VerifyPassword(pw, encoded string) (ok bool, needsRehash bool, err error) {
	return VerifyPasswordParams(pw, encoded, DefaultParams())
}

// VerifyPasswordParams is VerifyPassword with needsRehash judged against want rather than
// DefaultParams, for deployments (and tests) that hash with other parameters.
func VerifyPasswordParams(pw, encoded string, want Params) (ok bool, needsRehash bool, err error) {
	h, err := parseHash(encoded)
	if err != nil {
		return false, false, fmt.Errorf("auth.VerifyPassword: %w", err)
	}
	key := argon2.IDKey([]byte(pw), h.salt, h.params.Time, h.params.Memory, h.params.Threads, h.params.KeyLen)
	if subtle.ConstantTimeCompare(key, h.key) != 1 {
		return false, false, nil
	}
	return true, h.params != want, nil
}

// parsedHash is a PHC string taken apart.
type parsedHash struct {
	params Params
	salt   []byte
	key    []byte
}

// parseHash takes apart "$argon2id$v=19$m=…,t=…,p=…$salt$hash", refusing anything else.
func parseHash(encoded string) (parsedHash, error) {
	var h parsedHash
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" {
		return h, errors.New("not a PHC password hash")
	}
	if parts[1] != "argon2id" {
		return h, fmt.Errorf("hash algorithm %q is not argon2id", parts[1])
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return h, fmt.Errorf("argon2 version %q is not supported", parts[2])
	}
	var err error
	if h.params, err = parseCosts(parts[3]); err != nil {
		return h, err
	}
	if h.salt, err = b64().DecodeString(parts[4]); err != nil {
		return h, errors.New("salt is not valid base64")
	}
	if h.key, err = b64().DecodeString(parts[5]); err != nil {
		return h, errors.New("hash is not valid base64")
	}
	h.params.SaltLen = uint32(len(h.salt))
	h.params.KeyLen = uint32(len(h.key))
	return h, h.params.validate()
}

// parseCosts reads "m=19456,t=2,p=1", in that order, as PHC writes it.
func parseCosts(s string) (Params, error) {
	var p Params
	fields := strings.Split(s, ",")
	if len(fields) != 3 {
		return p, fmt.Errorf("cost parameters %q are not m=…,t=…,p=…", s)
	}
	values := make([]uint64, 3)
	for i, name := range []string{"m=", "t=", "p="} {
		digits, found := strings.CutPrefix(fields[i], name)
		n, err := strconv.ParseUint(digits, 10, 32)
		if !found || err != nil {
			return p, fmt.Errorf("cost parameters %q are not m=…,t=…,p=…", s)
		}
		values[i] = n
	}
	if values[2] > 255 {
		return p, fmt.Errorf("parallelism %d is above 255", values[2])
	}
	p.Memory, p.Time, p.Threads = uint32(values[0]), uint32(values[1]), uint8(values[2])
	return p, nil
}

// validate refuses parameters argon2 cannot use or that would cost too much to verify.
func (p Params) validate() error {
	switch {
	case p.Threads < 1:
		return errors.New("argon2 parallelism must be at least 1")
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("argon2 time cost %d is outside 1–%d", p.Time, maxTime)
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory:
		return fmt.Errorf("argon2 memory %d KiB is outside %d–%d KiB", p.Memory, 8*uint32(p.Threads), maxMemory)
	case p.SaltLen < minSaltLen || p.SaltLen > maxSaltLen:
		return fmt.Errorf("salt length %d is outside %d–%d bytes", p.SaltLen, minSaltLen, maxSaltLen)
	case p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen:
		return fmt.Errorf("hash length %d is outside %d–%d bytes", p.KeyLen, minKeyLen, maxKeyLen)
	}
	return nil
}

// randOrDefault returns r, or the operating system's generator when r is nil.
func randOrDefault(r io.Reader) io.Reader {
	if r == nil {
		return rand.Reader
	}
	return r
}
