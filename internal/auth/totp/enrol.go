package totp

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"image/png"
	"io"
	"strings"

	"github.com/pquerna/otp"
	pqtotp "github.com/pquerna/otp/totp"

	"github.com/ims-council/ims"
)

// QRSize is the width and height in pixels of the enrolment QR code: large enough for a phone camera
// to read from a laptop screen across a desk, small enough to sit beside the instructions.
const QRSize = 256

// Enrolment is what the enrolment page shows a user who is setting up an authenticator app, and the
// secret the caller keeps (sealed) once the user has proved the app works with a first code.
type Enrolment struct {
	// Secret is the shared secret in unpadded base32, as authenticator apps take it. Store it sealed
	// with internal/secretbox; never show it again after enrolment.
	Secret string
	// SecretGroups is Secret in groups of four separated by spaces, for typing into an app by hand.
	SecretGroups string
	// URL is the otpauth:// key URI the QR code encodes.
	URL string
	// QRPNG is the QR code of URL as a PNG image, QRSize pixels square.
	QRPNG []byte
	// QRDataURL is QRPNG as a data: URL for an <img src>, so the page needs neither JavaScript nor a
	// second request carrying the secret. It is a template.URL because html/template refuses data:
	// URLs in src otherwise; that is safe here because we build it from our own PNG bytes.
	QRDataURL template.URL
}

// NewEnrolment returns a fresh secret for the user account (their email address) at issuer (the
// council's name as the app should list it), with its key URI and QR code. It reads its randomness
// from rand (crypto/rand when rand is nil).
func NewEnrolment(issuer, account string, rand io.Reader) (Enrolment, error) {
	if err := checkLabel(issuer, account); err != nil {
		return Enrolment{}, err
	}
	key, err := pqtotp.Generate(pqtotp.GenerateOpts{
		Issuer:      issuer,
		AccountName: account,
		Period:      uint(Period.Seconds()),
		SecretSize:  secretBytes,
		Digits:      otp.DigitsSix,
		Algorithm:   otp.AlgorithmSHA1,
		Rand:        rand,
	})
	if err != nil {
		return Enrolment{}, &ims.Error{Code: ims.Internal, Op: "totp.NewEnrolment", Err: err}
	}
	return enrolmentFor(key)
}

// EnrolmentFor rebuilds the enrolment of an existing secret, so a page that must be shown again (the
// user mistyped their first code) shows the same QR code rather than a new secret the app lacks.
func EnrolmentFor(issuer, account, secret string) (Enrolment, error) {
	if err := checkLabel(issuer, account); err != nil {
		return Enrolment{}, err
	}
	raw, err := decodeSecret(secret)
	if err != nil {
		return Enrolment{}, &ims.Error{Code: ims.Internal, Op: "totp.EnrolmentFor", Err: err}
	}
	key, err := pqtotp.Generate(pqtotp.GenerateOpts{
		Issuer:      issuer,
		AccountName: account,
		Period:      uint(Period.Seconds()),
		Secret:      raw,
		Digits:      otp.DigitsSix,
		Algorithm:   otp.AlgorithmSHA1,
	})
	if err != nil {
		return Enrolment{}, &ims.Error{Code: ims.Internal, Op: "totp.EnrolmentFor", Err: err}
	}
	return enrolmentFor(key)
}

// checkLabel refuses labels an app would show wrongly. The key URI's label is "issuer:account", so
// a colon in the issuer would move part of it into the account name.
func checkLabel(issuer, account string) error {
	switch {
	case strings.TrimSpace(issuer) == "":
		return ims.FieldError("issuer", "Enter the council's name for the authenticator app")
	case strings.Contains(issuer, ":"):
		return ims.FieldError("issuer", "The council's name for the authenticator app must not contain a colon")
	case strings.TrimSpace(account) == "":
		return ims.FieldError("account", "Enter the email address for the authenticator app")
	}
	return nil
}

func enrolmentFor(key *otp.Key) (Enrolment, error) {
	img, err := key.Image(QRSize, QRSize)
	if err != nil {
		return Enrolment{}, &ims.Error{Code: ims.Internal, Op: "totp.Enrolment", Err: fmt.Errorf("rendering QR code: %w", err)}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return Enrolment{}, &ims.Error{Code: ims.Internal, Op: "totp.Enrolment", Err: fmt.Errorf("encoding QR code: %w", err)}
	}
	return Enrolment{
		Secret:       key.Secret(),
		SecretGroups: groupsOfFour(key.Secret()),
		URL:          key.URL(),
		QRPNG:        buf.Bytes(),
		QRDataURL:    template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())),
	}, nil
}

// groupsOfFour returns s split into space-separated groups of four characters.
func groupsOfFour(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}
