package secretbox

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"github.com/ims-council/ims"
)

const (
	testKey  = "0123456789abcdefghijklmnopqrstuvwxyzABCD" // 40 characters
	otherKey = "a completely different secret key of enough length"
	apiKeyAt = "provider_account:3:api_key"
)

func newBox(t *testing.T, secret string, previous ...string) *Box {
	t.Helper()
	b, err := New(secret, previous...)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSealOpenRoundTrip(t *testing.T) {
	b := newBox(t, testKey)
	for _, plaintext := range [][]byte{
		[]byte("api_test_4f3c9b2e1d0a"),
		{},
		bytes.Repeat([]byte{0, 0xff, '\n'}, 5000),
	} {
		sealed, err := b.Seal(plaintext, apiKeyAt)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(sealed, "v1:") || strings.ContainsAny(sealed, " \n\t=") {
			t.Errorf("Seal = %q; want printable v1: text", sealed)
		}
		if len(plaintext) > 4 && strings.Contains(sealed, string(plaintext)) {
			t.Errorf("sealed value %q shows the plaintext", sealed)
		}
		got, err := newBox(t, testKey).Open(sealed, apiKeyAt) // a Box made again from the same key
		if err != nil || !bytes.Equal(got, plaintext) {
			t.Errorf("Open(Seal(%q)) = %q, %v", plaintext, got, err)
		}
	}
}

func TestSealingTwiceGivesDifferentValues(t *testing.T) {
	b := newBox(t, testKey)
	x, _ := b.Seal([]byte("same secret"), apiKeyAt)
	y, _ := b.Seal([]byte("same secret"), apiKeyAt)
	if x == y {
		t.Errorf("two seals of one secret are equal (%s): the nonce is not random", x)
	}
}

// wantOpenError opens sealed and checks that it fails with an Internal error whose message mentions
// want, without returning any plaintext.
func wantOpenError(t *testing.T, b *Box, sealed, context, want string) {
	t.Helper()
	got, err := b.Open(sealed, context)
	if err == nil {
		t.Fatalf("Open(%q, %q) = %q; want an error", sealed, context, got)
	}
	if got != nil || ims.ErrorCode(err) != ims.Internal || !strings.Contains(err.Error(), want) {
		t.Errorf("Open(%q, %q) = %q, %v; want an internal error mentioning %q", sealed, context, got, err, want)
	}
}

func TestOpenWithTheWrongKey(t *testing.T) {
	sealed, _ := newBox(t, testKey).Seal([]byte("webhook secret"), apiKeyAt)
	wantOpenError(t, newBox(t, otherKey), sealed, apiKeyAt, "different IMS_SECRET_KEY")
}

func TestOpenWithTheWrongContext(t *testing.T) {
	b := newBox(t, testKey)
	sealed, _ := b.Seal([]byte("provider 3's key"), apiKeyAt)
	for _, moved := range []string{"provider_account:4:api_key", "provider_account:3:webhook_secret", ""} {
		wantOpenError(t, b, sealed, moved, "belongs somewhere other than")
	}
}

func TestOpenRefusesEveryTamperedByte(t *testing.T) {
	b := newBox(t, testKey)
	sealed, _ := b.Seal([]byte("a secret worth stealing"), apiKeyAt)
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(sealed, "v1:"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range payload {
		altered := bytes.Clone(payload)
		altered[i] ^= 0x01
		if got, err := b.Open("v1:"+base64.RawURLEncoding.EncodeToString(altered), apiKeyAt); err == nil {
			t.Errorf("byte %d altered: Open = %q, want an error", i, got)
		}
	}
	encode := func(p []byte) string { return "v1:" + base64.RawURLEncoding.EncodeToString(p) }
	wantOpenError(t, b, encode(payload[:len(payload)-1]), apiKeyAt, "altered")
	wantOpenError(t, b, encode(append(bytes.Clone(payload), 0)), apiKeyAt, "altered")
	wantOpenError(t, b, sealed[:len(sealed)-1], apiKeyAt, "") // a character short: damaged or altered
	wantOpenError(t, b, "v1:A", apiKeyAt, "damaged")
	wantOpenError(t, b, encode(payload[:31]), apiKeyAt, "damaged")
	wantOpenError(t, b, "v1:!!!!", apiKeyAt, "damaged")
}

func TestOpenNamesAnUnknownVersion(t *testing.T) {
	b := newBox(t, testKey)
	sealed, _ := b.Seal([]byte("x"), apiKeyAt)
	wantOpenError(t, b, "v2:"+strings.TrimPrefix(sealed, "v1:"), apiKeyAt, `format "v2"`)
	for _, garbage := range []string{"", "plain text api key", "V1:abc", "v1", ":"} {
		wantOpenError(t, b, garbage, apiKeyAt, "not a sealed secret")
	}
}

func TestNewRefusesShortKeys(t *testing.T) {
	for _, secret := range []string{"", "short", testKey[:31]} {
		_, err := New(secret)
		if ims.ErrorCode(err) != ims.Invalid || !strings.Contains(err.Error(), "IMS_SECRET_KEY") ||
			!strings.Contains(err.Error(), "32") {
			t.Errorf("New(%d characters) = %v; want an invalid error naming IMS_SECRET_KEY and 32", len(secret), err)
		}
	}
	if _, err := New(testKey[:32]); err != nil {
		t.Errorf("New(32 characters) = %v", err)
	}
	if _, err := New(testKey, "too short"); err == nil || !strings.Contains(err.Error(), "previous IMS_SECRET_KEY") {
		t.Errorf("New with a short previous key = %v; want an error naming it", err)
	}
}

func TestKeyRotation(t *testing.T) {
	oldBox := newBox(t, otherKey)
	sealedOld, _ := oldBox.Seal([]byte("kept across rotation"), apiKeyAt)

	rotating := newBox(t, testKey, otherKey)
	if got, err := rotating.Open(sealedOld, apiKeyAt); err != nil || string(got) != "kept across rotation" {
		t.Fatalf("opening under a previous key = %q, %v", got, err)
	}
	resealed, err := rotating.Reseal(sealedOld, apiKeyAt)
	if err != nil || resealed == sealedOld {
		t.Fatalf("Reseal = %q, %v; want a new value", resealed, err)
	}
	if got, err := newBox(t, testKey).Open(resealed, apiKeyAt); err != nil || string(got) != "kept across rotation" {
		t.Errorf("the resealed value does not open under the new key alone: %q, %v", got, err)
	}
	if again, err := rotating.Reseal(resealed, apiKeyAt); err != nil || again != resealed {
		t.Errorf("resealing a current value changed it: %q, %v", again, err)
	}
	if _, err := rotating.Reseal(sealedOld, "provider_account:9:api_key"); err == nil {
		t.Error("Reseal moved a value to another context")
	}
}

func TestSealRefusesAnEmptyContext(t *testing.T) {
	if sealed, err := newBox(t, testKey).Seal([]byte("x"), ""); err == nil {
		t.Errorf("Seal with no context = %q; want an error", sealed)
	}
}

func TestBoxDoesNotPrintItsKey(t *testing.T) {
	b := newBox(t, testKey)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		if out := fmt.Sprintf(verb, b); out != "secretbox.Box{key hidden}" {
			t.Errorf("Sprintf(%s, box) = %q", verb, out)
		}
	}
}

func TestGenerateKey(t *testing.T) {
	a, b := GenerateKey(nil), GenerateKey(nil)
	if a == b || len(a) < MinSecretKeyLength {
		t.Errorf("GenerateKey() = %q, %q; want two different keys of at least %d characters", a, b, MinSecretKeyLength)
	}
	if _, err := New(a); err != nil {
		t.Errorf("New(GenerateKey()) = %v", err)
	}
	fixed := GenerateKey(bytes.NewReader(make([]byte, 32)))
	if fixed != strings.Repeat("A", 43) {
		t.Errorf("GenerateKey(zeros) = %q", fixed)
	}
}

func FuzzOpen(f *testing.F) {
	b, err := New(testKey)
	if err != nil {
		f.Fatal(err)
	}
	sealed, _ := b.Seal([]byte("seed"), apiKeyAt)
	f.Add(sealed, apiKeyAt)
	f.Add("v1:", "")
	f.Add("v9:AAAA", "x")
	f.Fuzz(func(t *testing.T, sealed, context string) {
		got, err := b.Open(sealed, context)
		if err == nil && (context != apiKeyAt || string(got) != "seed") {
			// Forging a value that opens is what GCM rules out.
			t.Errorf("Open(%q, %q) = %q; only the seed should open", sealed, context, got)
		}
	})
}
