package totp

import (
	"bytes"
	"encoding/base64"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"

	"github.com/ims-council/ims"
)

func TestNewEnrolment(t *testing.T) {
	e, err := NewEnrolment("Borsetshire Council", "jo.bloggs@borsetshire.gov.uk", nil)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := decodeSecret(e.Secret)
	if err != nil || len(raw) != secretBytes {
		t.Fatalf("secret %q: %d bytes, %v; want %d bytes", e.Secret, len(raw), err, secretBytes)
	}

	key, err := otp.NewKeyFromURL(e.URL)
	if err != nil {
		t.Fatalf("key URI %q: %v", e.URL, err)
	}
	if !strings.HasPrefix(e.URL, "otpauth://totp/") || key.Issuer() != "Borsetshire Council" ||
		key.AccountName() != "jo.bloggs@borsetshire.gov.uk" || key.Secret() != e.Secret ||
		key.Period() != 30 || key.Digits() != otp.DigitsSix || key.Algorithm() != otp.AlgorithmSHA1 {
		t.Errorf("key URI %q says issuer %q, account %q, secret %q, period %d, digits %v, algorithm %v",
			e.URL, key.Issuer(), key.AccountName(), key.Secret(), key.Period(), key.Digits(), key.Algorithm())
	}

	groups := strings.Split(e.SecretGroups, " ")
	if len(groups) != 8 || strings.Join(groups, "") != e.Secret {
		t.Errorf("secret groups %q do not split %q into eight groups", e.SecretGroups, e.Secret)
	}
	for _, g := range groups {
		if len(g) != 4 {
			t.Errorf("secret group %q is not four characters", g)
		}
	}

	// A code from an app set up with the URI is accepted: enrolment and sign-in agree.
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	c, err := CodeAt(key.Secret(), StepAt(now))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(e.Secret, c, 0, fixedClock(now)); err != nil {
		t.Errorf("first code after enrolment: %v", err)
	}

	other, err := NewEnrolment("Borsetshire Council", "jo.bloggs@borsetshire.gov.uk", nil)
	if err != nil {
		t.Fatal(err)
	}
	if other.Secret == e.Secret {
		t.Error("two enrolments gave the same secret")
	}
}

func TestEnrolmentQRCode(t *testing.T) {
	e, err := NewEnrolment("Borsetshire Council", "jo.bloggs@borsetshire.gov.uk", nil)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(e.QRPNG))
	if err != nil {
		t.Fatalf("QR code is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != QRSize || b.Dy() != QRSize {
		t.Errorf("QR code is %dx%d pixels, want %dx%d", b.Dx(), b.Dy(), QRSize, QRSize)
	}
	// A QR code is dark modules on a light ground, each covering a good share of the picture; a
	// blank or all-black image would be no code at all.
	var dark, light int
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r+g+bl < 3*0x8000 {
				dark++
			} else {
				light++
			}
		}
	}
	total := QRSize * QRSize
	if dark < total/5 || light < total/5 {
		t.Errorf("QR code has %d dark and %d light pixels of %d: not a readable code", dark, light, total)
	}

	const prefix = "data:image/png;base64,"
	s := string(e.QRDataURL)
	if !strings.HasPrefix(s, prefix) {
		t.Fatalf("data URL starts %.40q, want %q", s, prefix)
	}
	fromURL, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(s, prefix))
	if err != nil || !bytes.Equal(fromURL, e.QRPNG) {
		t.Errorf("data URL does not hold the PNG (%v)", err)
	}
}

func TestEnrolmentForShowsTheSameSecretAgain(t *testing.T) {
	e, err := NewEnrolment("Borsetshire Council", "jo@example.org", nil)
	if err != nil {
		t.Fatal(err)
	}
	again, err := EnrolmentFor("Borsetshire Council", "jo@example.org", e.Secret)
	if err != nil {
		t.Fatal(err)
	}
	if again.Secret != e.Secret || again.URL != e.URL || !bytes.Equal(again.QRPNG, e.QRPNG) {
		t.Errorf("EnrolmentFor gave secret %q, URL %q; want %q, %q and the same QR code", again.Secret, again.URL, e.Secret, e.URL)
	}
	if _, err := EnrolmentFor("Borsetshire Council", "jo@example.org", "not base32!"); ims.ErrorCode(err) != ims.Internal {
		t.Errorf("EnrolmentFor with a damaged secret: %v, want an internal error", err)
	}
}

func TestNewEnrolmentRefusesBadLabels(t *testing.T) {
	for _, tc := range []struct{ issuer, account, field string }{
		{"", "jo@example.org", "issuer"},
		{"  ", "jo@example.org", "issuer"},
		{"Borsetshire: Finance", "jo@example.org", "issuer"},
		{"Borsetshire Council", "", "account"},
	} {
		_, err := NewEnrolment(tc.issuer, tc.account, nil)
		if ims.ErrorCode(err) != ims.Invalid || ims.ErrorFields(err)[tc.field] == "" {
			t.Errorf("NewEnrolment(%q, %q) = %v, want invalid %s", tc.issuer, tc.account, err, tc.field)
		}
	}
}

func TestNewEnrolmentReportsFailingRandomness(t *testing.T) {
	_, err := NewEnrolment("Borsetshire Council", "jo@example.org", bytes.NewReader(make([]byte, 3)))
	if ims.ErrorCode(err) != ims.Internal {
		t.Errorf("NewEnrolment with exhausted randomness: %v, want an internal error", err)
	}
}
