package auth

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

// cheap are parameters that keep tests fast; production uses DefaultParams.
var cheap = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestHashPasswordFormat(t *testing.T) {
	enc, err := HashPassword("correct horse battery staple", DefaultParams(), nil)
	if err != nil {
		t.Fatal(err)
	}
	phc := regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)
	if !phc.MatchString(enc) {
		t.Errorf("HashPassword = %q, not a PHC argon2id string with the default parameters", enc)
	}
	ok, rehash, err := VerifyPassword("correct horse battery staple", enc)
	if !ok || rehash || err != nil {
		t.Errorf("VerifyPassword(right password, default hash) = %v, %v, %v; want true, false, nil", ok, rehash, err)
	}
}

func TestHashesOfOnePasswordDiffer(t *testing.T) {
	a, err := HashPassword("same password twice", cheap, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := HashPassword("same password twice", cheap, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Errorf("two hashes of one password are equal (%s): the salt is not random", a)
	}
}

func TestVerifyPassword(t *testing.T) {
	enc, err := HashPassword("Tr0ub4dor&3 but longer", cheap, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		pw   string
		want bool
	}{
		{"Tr0ub4dor&3 but longer", true},
		{"tr0ub4dor&3 but longer", false},
		{"Tr0ub4dor&3 but longer ", false},
		{"", false},
	}
	for _, tt := range tests {
		ok, _, err := VerifyPasswordParams(tt.pw, enc, cheap)
		if err != nil || ok != tt.want {
			t.Errorf("VerifyPassword(%q) = %v, %v; want %v", tt.pw, ok, err, tt.want)
		}
	}
}

func TestVerifyPasswordAsksForRehashWhenParametersChange(t *testing.T) {
	enc, err := HashPassword("an older hash of mine", cheap, nil)
	if err != nil {
		t.Fatal(err)
	}
	stronger := cheap
	stronger.Time = 2
	ok, rehash, err := VerifyPasswordParams("an older hash of mine", enc, stronger)
	if !ok || !rehash || err != nil {
		t.Errorf("after raising the cost: %v, %v, %v; want a match that needs rehashing", ok, rehash, err)
	}
	ok, rehash, _ = VerifyPasswordParams("not my password at all", enc, stronger)
	if ok || rehash {
		t.Errorf("wrong password: ok=%v needsRehash=%v; a rehash must only follow a match", ok, rehash)
	}
}

func TestVerifyPasswordRefusesTamperedHashes(t *testing.T) {
	const pw = "a perfectly good password"
	enc, err := HashPassword(pw, cheap, nil)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(enc, "$")
	salt, key := parts[4], parts[5]
	// changeLast replaces the last character with 'A', or with 'B' when it already is 'A'.
	changeLast := func(s string) string {
		if s[len(s)-1] == 'A' {
			return s[:len(s)-1] + "B"
		}
		return s[:len(s)-1] + "A"
	}
	// setSpareBit sets the lowest bit of the last character, which carries no data in a 32-byte hash,
	// so lax decoding would read the same bytes and let an altered string verify.
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	setSpareBit := func(s string) string {
		i := strings.IndexByte(alphabet, s[len(s)-1])
		return s[:len(s)-1] + string(alphabet[i|1])
	}
	tampered := map[string]string{
		"hash changed":       strings.Join([]string{"", "argon2id", "v=19", parts[3], salt, changeLast(key)}, "$"),
		"salt changed":       strings.Join([]string{"", "argon2id", "v=19", parts[3], changeLast(salt), key}, "$"),
		"fewer passes":       strings.Replace(enc, "t=1", "t=2", 1),
		"argon2i":            strings.Replace(enc, "argon2id", "argon2i", 1),
		"old version":        strings.Replace(enc, "v=19", "v=16", 1),
		"spare bit set":      strings.Join([]string{"", "argon2id", "v=19", parts[3], salt, setSpareBit(key)}, "$"),
		"hash truncated":     enc[:len(enc)-4],
		"hash too short":     enc[:len(enc)-len(key)+8],
		"padding added":      enc + "=",
		"empty":              "",
		"bcrypt":             "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
		"plain text":         pw,
		"parameters shuffle": strings.Replace(enc, "m=64,t=1,p=1", "t=1,m=64,p=1", 1),
	}
	for name, enc := range tampered {
		ok, _, err := VerifyPasswordParams(pw, enc, cheap)
		if ok {
			t.Errorf("%s: %q verified", name, enc)
		}
		// A changed hash or salt is still well formed: it must simply not match. Everything else is
		// malformed and must say so.
		wellFormed := name == "hash changed" || name == "salt changed" || name == "fewer passes" ||
			name == "hash truncated"
		if !wellFormed && err == nil {
			t.Errorf("%s: %q gave no error", name, enc)
		}
	}
}

func TestVerifyPasswordRefusesCostlyHashes(t *testing.T) {
	// A planted hash asking for 4 GiB or a million passes must be refused before any work is done.
	for _, enc := range []string{
		"$argon2id$v=19$m=4194304,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$c29tZWhhc2hzb21laGFzaHNvbWVoYXNoc29tZWhhc2g",
		"$argon2id$v=19$m=64,t=1000000,p=1$c29tZXNhbHRzb21lc2FsdA$c29tZWhhc2hzb21laGFzaHNvbWVoYXNoc29tZWhhc2g",
		"$argon2id$v=19$m=64,t=0,p=1$c29tZXNhbHRzb21lc2FsdA$c29tZWhhc2hzb21laGFzaHNvbWVoYXNoc29tZWhhc2g",
		"$argon2id$v=19$m=64,t=1,p=0$c29tZXNhbHRzb21lc2FsdA$c29tZWhhc2hzb21laGFzaHNvbWVoYXNoc29tZWhhc2g",
	} {
		if ok, _, err := VerifyPassword("x", enc); ok || err == nil {
			t.Errorf("VerifyPassword(%q) = %v, %v; want an error", enc, ok, err)
		}
	}
}

func TestHashPasswordRefusesBadParameters(t *testing.T) {
	noSalt := cheap
	noSalt.SaltLen = 0
	if _, err := HashPassword("whatever it is", noSalt, nil); err == nil {
		t.Error("HashPassword with no salt succeeded")
	}
	if _, err := HashPassword("whatever it is", cheap, bytes.NewReader(nil)); err == nil {
		t.Error("HashPassword with an empty random source succeeded")
	}
}

func FuzzVerifyPassword(f *testing.F) {
	enc, err := HashPassword("seed password here", cheap, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Add("seed password here", enc)
	f.Add("x", "$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA")
	f.Add("", "$argon2id$v=19$m=,t=,p=$$")
	f.Add("", "$$$$$")
	f.Fuzz(func(t *testing.T, pw, enc string) {
		// Keep each run cheap: the fuzzer would otherwise happily ask for the 1 GiB we allow.
		if h, err := parseHash(enc); err == nil && (h.params.Memory > 1024 || h.params.Time > 4) {
			t.Skip()
		}
		ok, rehash, err := VerifyPasswordParams(pw, enc, cheap)
		if err != nil && (ok || rehash) {
			t.Errorf("error %v came with ok=%v needsRehash=%v", err, ok, rehash)
		}
	})
}

// DummyHash stands in for an account's hash when the email is unknown, so it must cost what a real
// account's hash costs: made with DefaultParams, well formed, and matching no password.
func TestDummyHashCostsWhatAnAccountsHashCosts(t *testing.T) {
	h, err := parseHash(DummyHash)
	if err != nil {
		t.Fatalf("DummyHash does not parse: %v", err)
	}
	if h.params != DefaultParams() {
		t.Errorf("DummyHash is made with %+v; DefaultParams are %+v: update DummyHash", h.params, DefaultParams())
	}
	for _, pw := range []string{"", "password", "correct horse battery staple"} {
		if ok, _, err := VerifyPassword(pw, DummyHash); ok || err != nil {
			t.Errorf("VerifyPassword(%q, DummyHash) = %v, %v; want no match and no error", pw, ok, err)
		}
	}
}
