// Package receiptno makes and checks receipt numbers: ten characters that a payer can read over the
// phone without confusion, such as "7K3MP-9X2QD" when displayed.
//
// A number is nine random characters from Crockford's base-32 alphabet (digits and letters without
// I, L, O and U) followed by one check character from the same alphabet. Nine random characters
// give 45 bits: a new number collides with one of ten million earlier receipts about three times in
// ten million, so the database's unique constraint, with a retry on violation, is all the
// coordination needed, and a guessed number is almost never someone's receipt.
//
// The check character. Crockford's own check symbol is the value modulo 37, which needs five extra
// symbols (* ~ $ = U) that are awkward to say and to type. A modulus of 31 would keep the alphabet but
// miss some errors, since two of the 32 symbols would be equal modulo 31. Instead the characters are
// treated as elements of the finite field GF(32) and folded as s ← 2·s + c (a Damm-style check over a
// field): with a multiplier other than 0 and 1, every single wrong character and every swap of two
// neighbouring characters changes the result, and the check character is one of the 32 ordinary ones.
package receiptno

import (
	"fmt"
	"io"
	"strings"
)

// Length is the number of characters in a receipt number, check character included.
const Length = 10

// alphabet is Crockford's base-32 alphabet; a character's value is its index.
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// New returns a fresh receipt number made from nine bytes of rand, which should be crypto/rand.Reader
// outside tests. The caller stores it under a unique constraint and calls New again on a collision.
func New(rand io.Reader) (string, error) {
	var random [Length - 1]byte
	if _, err := io.ReadFull(rand, random[:]); err != nil {
		return "", fmt.Errorf("receipt number: reading random bytes: %w", err)
	}
	number := make([]byte, Length)
	for i, b := range random {
		// 256 is a multiple of 32, so the low five bits of a uniform byte are uniform.
		number[i] = alphabet[b&31]
	}
	number[Length-1] = alphabet[double(fold(number[:Length-1]))]
	return string(number), nil
}

// Valid reports whether s is a receipt number in its canonical form: Length characters of the
// alphabet whose check character is right. Pass what people type through Normalize first.
func Valid(s string) bool {
	if len(s) != Length {
		return false
	}
	for i := range len(s) {
		if strings.IndexByte(alphabet, s[i]) < 0 {
			return false
		}
	}
	return fold([]byte(s)) == 0
}

// Normalize turns what a person typed or read out into the canonical form: upper case, without
// spaces or hyphens, with O read as zero and I and L as one, as Crockford's alphabet intends.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToUpper(s) {
		switch r {
		case ' ', '-':
		case 'O':
			b.WriteByte('0')
		case 'I', 'L':
			b.WriteByte('1')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Format returns a receipt number for display, in two groups of five ("7K3MP-9X2QD"), normalized
// first. Anything that is not Length characters long is returned normalized but not grouped.
func Format(s string) string {
	n := Normalize(s)
	if len(n) != Length {
		return n
	}
	return n[:Length/2] + "-" + n[Length/2:]
}

// fold computes s ← 2·s + value(c) over GF(32) for each character, where + is XOR. A valid number
// folds to 0, because the check character is 2·s of its body, and 2·s + 2·s = 0.
func fold(chars []byte) byte {
	var s byte
	for _, c := range chars {
		s = double(s) ^ byte(strings.IndexByte(alphabet, c))
	}
	return s
}

// double multiplies by 2 (the polynomial x) in GF(32) built on the irreducible polynomial
// x⁵ + x² + 1.
func double(v byte) byte {
	v <<= 1
	if v&0x20 != 0 {
		v ^= 0x25
	}
	return v
}
