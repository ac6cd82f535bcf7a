package totp

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/ims-council/ims"
)

// fixedClock is a clock stopped at one instant.
type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

// rfcSecret is the 20-byte ASCII secret "12345678901234567890" of RFC 6238 appendix B, in base32.
const rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

// TestCodeAtMatchesRFC6238 checks our codes against the published SHA-1 test vectors (the last six
// of their eight digits), so an authenticator app and IMS agree on what the code is.
func TestCodeAtMatchesRFC6238(t *testing.T) {
	for _, tc := range []struct {
		unix int64
		want string
	}{
		{59, "287082"},
		{1111111109, "081804"},
		{1111111111, "050471"},
		{1234567890, "005924"},
		{2000000000, "279037"},
	} {
		got, err := CodeAt(rfcSecret, StepAt(time.Unix(tc.unix, 0)))
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("code at %d = %s, want %s", tc.unix, got, tc.want)
		}
	}
}

func TestVerify(t *testing.T) {
	now := time.Date(2026, 12, 3, 11, 0, 15, 0, time.UTC)
	step := StepAt(now)
	code := func(s int64) string {
		c, err := CodeAt(rfcSecret, s)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	for _, tc := range []struct {
		name     string
		code     string
		lastStep int64
		want     int64 // the step accepted; 0 when refused
		wantErr  error
		wantCode ims.Code
	}{
		{"current code", code(step), 0, step, nil, ""},
		{"current code typed as the app shows it", code(step)[:3] + " " + code(step)[3:], 0, step, nil, ""},
		{"current code with spaces around", "  " + code(step) + "\n", 0, step, nil, ""},
		{"previous step (slow typing, phone behind)", code(step - 1), 0, step - 1, nil, ""},
		{"next step (phone ahead)", code(step + 1), 0, step + 1, nil, ""},
		{"two steps behind", code(step - 2), 0, 0, ErrWrongCode, ims.Unauthorized},
		{"two steps ahead", code(step + 2), 0, 0, ErrWrongCode, ims.Unauthorized},
		{"an hour old", code(step - 120), 0, 0, ErrWrongCode, ims.Unauthorized},
		{"current code already used", code(step), step, 0, ErrReusedCode, ims.Unauthorized},
		{"previous code after the current one was used", code(step - 1), step, 0, ErrReusedCode, ims.Unauthorized},
		{"current code after the next one was used", code(step), step + 1, 0, ErrReusedCode, ims.Unauthorized},
		{"current code after the previous one was used", code(step), step - 1, step, nil, ""},
		{"next code after the current one was used", code(step + 1), step, step + 1, nil, ""},
		{"five digits", code(step)[:5], 0, 0, ErrMalformedCode, ims.Invalid},
		{"seven digits", code(step) + "0", 0, 0, ErrMalformedCode, ims.Invalid},
		{"letters", "12a456", 0, 0, ErrMalformedCode, ims.Invalid},
		{"empty", "", 0, 0, ErrMalformedCode, ims.Invalid},
		{"hyphenated", code(step)[:3] + "-" + code(step)[3:], 0, 0, ErrMalformedCode, ims.Invalid},
		{"non-ASCII digits", "١٢٣٤٥٦", 0, 0, ErrMalformedCode, ims.Invalid},
		{"full-width digits", "１２３４５６", 0, 0, ErrMalformedCode, ims.Invalid},
		{"sign", "+12345", 0, 0, ErrMalformedCode, ims.Invalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Verify(rfcSecret, tc.code, tc.lastStep, fixedClock(now))
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
				t.Fatalf("Verify(%q) error = %v, want %v", tc.code, err, tc.wantErr)
			}
			if err != nil && ims.ErrorCode(err) != tc.wantCode {
				t.Errorf("error code = %s, want %s", ims.ErrorCode(err), tc.wantCode)
			}
			if got != tc.want {
				t.Errorf("step = %d, want %d", got, tc.want)
			}
		})
	}
}

// TestVerifyOneCodeSignsInOnce walks the caller's loop: the step Verify returns is stored and passed
// back, and the same code is then refused although it is still inside its window.
func TestVerifyOneCodeSignsInOnce(t *testing.T) {
	now := time.Date(2026, 12, 3, 11, 0, 0, 0, time.UTC)
	c, _ := CodeAt(rfcSecret, StepAt(now))
	last, err := Verify(rfcSecret, c, 0, fixedClock(now))
	if err != nil {
		t.Fatal(err)
	}
	later := now.Add(20 * time.Second)
	if _, err := Verify(rfcSecret, c, last, fixedClock(later)); !errors.Is(err, ErrReusedCode) {
		t.Fatalf("second use of one code: error = %v, want ErrReusedCode", err)
	}
	next, _ := CodeAt(rfcSecret, StepAt(now.Add(Period)))
	if _, err := Verify(rfcSecret, next, last, fixedClock(now.Add(Period))); err != nil {
		t.Fatalf("the next step's code after a sign-in: %v", err)
	}
}

func TestVerifyRefusesDamagedSecret(t *testing.T) {
	now := fixedClock(time.Unix(1_800_000_000, 0))
	for _, secret := range []string{"", "not base32!", "GEZDGNBV"} {
		if _, err := Verify(secret, "123456", 0, now); ims.ErrorCode(err) != ims.Internal {
			t.Errorf("Verify with secret %q: error = %v, want an internal error", secret, err)
		}
	}
}

// FuzzVerify feeds the verifier arbitrary typed input: it must never panic, must accept only input
// that is the code of a step in the window once spaces are dropped, and must return a step in the
// window and after lastStep when it accepts.
func FuzzVerify(f *testing.F) {
	for _, s := range []string{"287082", " 287 082 ", "", "12345", "1234567", "abcdef", "١٢٣٤٥٦", "\x00\x00\x00\x00\x00\x00"} {
		f.Add(s, int64(0))
	}
	f.Add("287082", int64(1))
	now := time.Unix(59, 0)
	step := StepAt(now)
	f.Fuzz(func(t *testing.T, typed string, lastStep int64) {
		got, err := Verify(rfcSecret, typed, lastStep, fixedClock(now))
		if err != nil {
			if c := ims.ErrorCode(err); c != ims.Invalid && c != ims.Unauthorized {
				t.Fatalf("Verify(%q) error code %s: %v", typed, c, err)
			}
			return
		}
		if got < step-Skew || got > step+Skew || got <= lastStep {
			t.Fatalf("Verify(%q, last %d) accepted step %d outside the window around %d", typed, lastStep, got, step)
		}
		want, _ := CodeAt(rfcSecret, got)
		digits := strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, typed)
		if digits != want {
			t.Fatalf("Verify(%q) accepted, but the code of step %d is %s", typed, got, want)
		}
	})
}
