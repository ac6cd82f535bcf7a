// Package totp is the second factor of staff sign-in: time-based one-time passwords (RFC 6238) from
// an authenticator app, and single-use recovery codes for when the app is lost. It is pure logic on
// top of github.com/pquerna/otp (ADR 17): it stores nothing and sends nothing.
//
// What the caller stores, and how:
//
//   - The TOTP secret (Enrolment.Secret) is a credential IMS must read back to check each code, so it
//     cannot be hashed. Store it sealed with internal/secretbox and open it just before Verify; a
//     stolen database or backup then gives nobody a working second factor.
//   - The last accepted time step (the step Verify returns), per user, so that a code seen once (over
//     a shoulder, in a phishing proxy) cannot be used again. Store it in the same transaction that
//     records the sign-in, so two requests racing with one code cannot both succeed.
//   - The recovery code hashes (RecoveryCodes.Hashes), never the codes. When VerifyRecoveryCode
//     reports a match, delete that hash in the transaction that signs the user in.
package totp

import "time"

// The parameters every authenticator app supports by default and many support only: 6 digits, a
// 30-second step, HMAC-SHA1. SHA-1's collision weakness does not affect HMAC; choosing SHA-256 would
// only make some apps silently show wrong codes.
const (
	Digits = 6
	Period = 30 * time.Second
)

// Skew is how many steps either side of the current one Verify accepts, so a phone clock a little
// off, or a code typed just as it changed, still works. One step each way is RFC 6238's advice;
// more would widen the window in which a stolen code works.
const Skew = 1

// secretBytes is the length of a new secret: 160 bits, the HMAC-SHA1 block output RFC 4226
// recommends. Its base32 form is 32 characters, eight groups of four for manual entry.
const secretBytes = 20

// StepAt returns the TOTP time step of t: whole periods since the Unix epoch.
func StepAt(t time.Time) int64 {
	return t.Unix() / int64(Period/time.Second)
}
