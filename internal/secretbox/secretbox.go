// Package secretbox encrypts secrets that IMS must store and later use, such as payment provider API
// keys and webhook signing secrets, under a key derived from the operator's IMS_SECRET_KEY. A stolen
// database or backup then reveals none of them without the key, which lives only in the environment.
package secretbox

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"strings"

	"github.com/ims-council/ims"
)

// MinSecretKeyLength is the shortest IMS_SECRET_KEY accepted, in characters. GenerateKey gives 43.
const MinSecretKeyLength = 32

// The sealed format, version 1: "v1:" followed by unpadded URL-safe base64 of key id (4 bytes) ‖
// nonce (12 bytes) ‖ AES-256-GCM ciphertext and tag (16 bytes). A new format gets a new version so
// values stored under an old one can still be opened.
const (
	version1   = "v1:"
	keyIDLen   = 4
	nonceLen   = 12
	tagLen     = 16
	minPayload = keyIDLen + nonceLen + tagLen
)

// HKDF "info" labels: one secret yields independent values for different uses, so the key id we
// store in clear says nothing about the encryption key.
const (
	encryptionKeyInfo = "ims secretbox v1 aes-256-gcm key"
	keyIDInfo         = "ims secretbox v1 key id"
)

// Box seals and opens secrets. It is safe for concurrent use. Its String method hides the key, so a
// Box that ends up in a log line gives nothing away.
type Box struct {
	keys []boxKey // keys[0] seals; all of them open
}

// boxKey is one derived key and its public identifier.
type boxKey struct {
	id   [keyIDLen]byte
	aead cipher.AEAD
}

// New returns a Box keyed by secretKey, the operator's IMS_SECRET_KEY, which must be at least
// MinSecretKeyLength characters of randomness (GenerateKey makes one). The 256-bit AES key is
// derived with HKDF-SHA256, which spreads the secret's entropy but cannot add any: a guessable
// secret gives a guessable key.
//
// previousKeys are earlier values of IMS_SECRET_KEY, accepted by Open while values sealed under them
// are resealed (see Reseal) after the operator rotates the key. Seal always uses secretKey.
func New(secretKey string, previousKeys ...string) (*Box, error) {
	b := &Box{}
	for i, secret := range append([]string{secretKey}, previousKeys...) {
		name := "IMS_SECRET_KEY"
		if i > 0 {
			name = fmt.Sprintf("previous IMS_SECRET_KEY number %d", i)
		}
		if len(secret) < MinSecretKeyLength {
			return nil, ims.Errorf(ims.Invalid, "%s is %d characters long; it must be at least %d random characters",
				name, len(secret), MinSecretKeyLength)
		}
		k, err := deriveKey(secret)
		if err != nil {
			return nil, fmt.Errorf("secretbox.New: %s: %w", name, err)
		}
		b.keys = append(b.keys, k)
	}
	return b, nil
}

// deriveKey derives the AES-256-GCM key and the key id from one secret.
func deriveKey(secret string) (boxKey, error) {
	var k boxKey
	key, err := hkdf.Key(sha256.New, []byte(secret), nil, encryptionKeyInfo, 32)
	if err != nil {
		return k, err
	}
	id, err := hkdf.Key(sha256.New, []byte(secret), nil, keyIDInfo, keyIDLen)
	if err != nil {
		return k, err
	}
	copy(k.id[:], id)
	block, err := aes.NewCipher(key)
	if err != nil {
		return k, err
	}
	// The AEAD draws a fresh random 96-bit nonce for every Seal and puts it before the ciphertext.
	// Random nonces are safe for far more secrets than a council will ever store under one key.
	k.aead, err = cipher.NewGCMWithRandomNonce(block)
	return k, err
}

// Seal encrypts plaintext and returns it as printable text ("v1:…") to store. context names where
// the value is stored, such as "provider_account:3:api_key", and must be given again to Open: it is
// authenticated with the ciphertext, so a value copied into another row or column will not open.
func (b *Box) Seal(plaintext []byte, context string) (string, error) {
	if context == "" {
		return "", ims.Errorf(ims.Internal, "secretbox.Seal needs a context naming where the secret is stored")
	}
	k := b.keys[0]
	payload := append([]byte(nil), k.id[:]...)
	payload = k.aead.Seal(payload, nil, plaintext, []byte(context))
	return version1 + base64.RawURLEncoding.EncodeToString(payload), nil
}

// Open decrypts a value made by Seal with the same context. It returns an Internal *ims.Error (for
// the log, not for users) saying whether the value was sealed under a different IMS_SECRET_KEY, was
// altered or belongs to another context, is in an unknown format version, or is not a sealed value.
func (b *Box) Open(sealed, context string) ([]byte, error) {
	plaintext, _, err := b.open(sealed, context)
	return plaintext, err
}

// Reseal opens sealed with any of the Box's keys and seals it again under the current one, for moving
// stored secrets to a new IMS_SECRET_KEY. A value already under the current key is returned as it is.
func (b *Box) Reseal(sealed, context string) (string, error) {
	plaintext, current, err := b.open(sealed, context)
	if err != nil || current {
		return sealed, err
	}
	return b.Seal(plaintext, context)
}

// open decrypts sealed and reports whether it was sealed under the current key.
func (b *Box) open(sealed, context string) (plaintext []byte, current bool, err error) {
	fail := func(format string, args ...any) ([]byte, bool, error) {
		e := ims.Errorf(ims.Internal, format, args...)
		e.Op = "secretbox.Open"
		return nil, false, e
	}
	encoded, ok := strings.CutPrefix(sealed, version1)
	if !ok {
		if v, _, found := strings.Cut(sealed, ":"); found && len(v) > 1 && len(v) <= 8 && v[0] == 'v' {
			return fail("the secret was sealed in format %q, which this version of IMS cannot open", v)
		}
		return fail("the value is not a sealed secret")
	}
	payload, err := base64.RawURLEncoding.Strict().DecodeString(encoded)
	if err != nil || len(payload) < minPayload {
		return fail("the sealed secret is damaged: it is not a complete v1 value")
	}
	for i, k := range b.keys {
		if string(payload[:keyIDLen]) != string(k.id[:]) {
			continue
		}
		plaintext, err := k.aead.Open(nil, nil, payload[keyIDLen:], []byte(context))
		if err != nil {
			return fail("the sealed secret was altered, or it belongs somewhere other than %q", context)
		}
		return plaintext, i == 0, nil
	}
	return fail("the secret was sealed under a different IMS_SECRET_KEY")
}

// String describes the Box without its key.
func (b *Box) String() string { return "secretbox.Box{key hidden}" }

// GoString describes the Box without its key, for %#v.
func (b *Box) GoString() string { return b.String() }

// GenerateKey returns a new random IMS_SECRET_KEY: 32 bytes from rand (crypto/rand when nil) as 43
// characters of URL-safe base64, easy to paste into an environment file. It panics if rand fails,
// which crypto/rand never does, because there is no sensible key to return instead.
func GenerateKey(random io.Reader) string {
	if random == nil {
		random = rand.Reader
	}
	key := make([]byte, 32)
	if _, err := io.ReadFull(random, key); err != nil {
		panic("secretbox.GenerateKey: reading randomness: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(key)
}
