package totp

import (
	"crypto/subtle"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"

	"github.com/ims-council/ims"
)

// The reasons Verify refuses a code, for errors.Is. Each comes wrapped in an *ims.Error: a malformed
// code is ims.Invalid (the user can correct their typing); a wrong or reused one is ims.Unauthorized.
var (
	ErrMalformedCode = errors.New("the code is not 6 digits")
	ErrWrongCode     = errors.New("the code is not the current one")
	ErrReusedCode    = errors.New("the code has already been used")
)

// Verify checks code, as the user typed it, against secret at the time clock gives, accepting the
// current step and Skew steps either side. lastStep is the step of the last code this user had
// accepted (0 when none); a code from that step or an earlier one is refused as reused, so one code
// signs in once even within its window. On success Verify returns the step the code belongs to,
// which the caller stores as the new lastStep in the transaction that signs the user in.
//
// Spaces around and inside the code are ignored, since apps show codes as "123 456"; anything else
// but exactly six ASCII digits is ErrMalformedCode. The caller limits attempts (internal/auth's
// lockout policy): a million codes is few enough to guess without one.
func Verify(secret, code string, lastStep int64, clock ims.Clock) (step int64, err error) {
	const op = "totp.Verify"
	code = strings.Join(strings.Fields(code), "")
	if !sixDigits(code) {
		return 0, &ims.Error{Code: ims.Invalid, Op: op, Message: "Enter the 6-digit code from your authenticator app",
			Fields: map[string]string{"code": "Enter the 6-digit code from your authenticator app"}, Err: ErrMalformedCode}
	}
	if _, err := decodeSecret(secret); err != nil {
		return 0, &ims.Error{Code: ims.Internal, Op: op, Err: err}
	}
	now := StepAt(clock.Now())
	// Every step in the window is computed and compared, whatever matches first, so the time taken
	// does not tell which step (if any) a guess was right for. The latest matching step wins, so
	// a code that happens to match two steps blocks both from reuse.
	matched := int64(-1)
	for s := now - Skew; s <= now+Skew; s++ {
		want, err := codeAt(secret, s)
		if err != nil {
			return 0, &ims.Error{Code: ims.Internal, Op: op, Err: err}
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			matched = s
		}
	}
	switch {
	case matched < 0:
		return 0, &ims.Error{Code: ims.Unauthorized, Op: op, Message: "The code is not right, or has expired: enter the code your app shows now", Err: ErrWrongCode}
	case matched <= lastStep:
		return 0, &ims.Error{Code: ims.Unauthorized, Op: op, Message: "That code has been used: wait for your app to show a new one", Err: ErrReusedCode}
	}
	return matched, nil
}

// CodeAt returns the code an authenticator app with secret shows during step. The enrolment check
// and tests use it; sign-in uses Verify.
func CodeAt(secret string, step int64) (string, error) {
	if _, err := decodeSecret(secret); err != nil {
		return "", &ims.Error{Code: ims.Internal, Op: "totp.CodeAt", Err: err}
	}
	code, err := codeAt(secret, step)
	if err != nil {
		return "", &ims.Error{Code: ims.Internal, Op: "totp.CodeAt", Err: err}
	}
	return code, nil
}

func codeAt(secret string, step int64) (string, error) {
	if step < 0 {
		return "", fmt.Errorf("time step %d is before 1970", step)
	}
	return hotp.GenerateCodeCustom(secret, uint64(step), hotp.ValidateOpts{Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
}

func sixDigits(code string) bool {
	if len(code) != Digits {
		return false
	}
	for i := 0; i < len(code); i++ {
		if code[i] < '0' || code[i] > '9' {
			return false
		}
	}
	return true
}

// decodeSecret returns the bytes of a base32 secret as NewEnrolment makes them. A secret that does
// not decode, or is shorter than 80 bits (RFC 4226's minimum), is damaged or not ours.
func decodeSecret(secret string) ([]byte, error) {
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(strings.TrimRight(secret, "=")))
	if err != nil {
		return nil, fmt.Errorf("TOTP secret is not base32: %w", err)
	}
	if len(raw) < 10 {
		return nil, fmt.Errorf("TOTP secret has %d bytes, fewer than 10", len(raw))
	}
	return raw, nil
}
