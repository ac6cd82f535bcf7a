// Package oidctest is an OpenID Connect provider that runs inside a test: discovery, a JSON Web Key
// Set with an RSA key made for the test, an authorisation endpoint that signs the configured user in
// at once and redirects back with a code, and a token endpoint that checks the client secret and the
// PKCE verifier and issues a signed ID token. A Fault makes it issue a token that a relying party
// must refuse.
package oidctest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/ims-council/ims"
)

// Fault chooses what is wrong with the ID tokens the provider issues.
type Fault int

// The faults. NoFault issues a token a relying party must accept.
const (
	NoFault       Fault = iota
	WrongAudience       // aud is another client's id
	WrongIssuer         // iss is another issuer's URL
	Expired             // exp is an hour before the provider's clock
	WrongNonce          // nonce is not the one the authorisation request carried
	BadSignature        // signed by a key that is not in the published key set
)

// User is who the authorisation endpoint signs in. Claims are added to the ID token as they are
// (use them for Entra ID's preferred_username or upn).
type User struct {
	Subject       string
	Email         string
	EmailVerified bool
	Name          string
	Claims        map[string]any
}

// Server is the in-process provider. Its exported fields are fixed at creation; change who signs in
// and what goes wrong with SetUser and SetFault, which are safe while requests run.
type Server struct {
	*httptest.Server
	Issuer       string // the server's URL, the issuer it names in discovery and in ID tokens
	ClientID     string
	ClientSecret string

	clock    ims.Clock
	key      *rsa.PrivateKey
	otherKey *rsa.PrivateKey

	mu    sync.Mutex
	user  User
	fault Fault
	codes map[string]grant
}

// grant is what the authorisation endpoint remembers about a code until it is exchanged.
type grant struct {
	nonce, challenge, redirectURI string
}

// New starts a provider for the client clientID/clientSecret, signing in a default user, and stops
// it when the test ends. clock is the provider's time (nil: the system clock).
func New(t testing.TB, clientID, clientSecret string, clock ims.Clock) *Server {
	t.Helper()
	if clock == nil {
		clock = ims.SystemClock{}
	}
	s := &Server{
		ClientID: clientID, ClientSecret: clientSecret, clock: clock,
		key: newKey(t), otherKey: newKey(t),
		user:  User{Subject: "00000000-0000-0000-0000-000000000001", Email: "alex.smith@council.example", EmailVerified: true, Name: "Alex Smith"},
		codes: map[string]grant{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", s.discovery)
	mux.HandleFunc("GET /keys", s.keys)
	mux.HandleFunc("GET /authorize", s.authorize)
	mux.HandleFunc("POST /token", s.token)
	s.Server = httptest.NewServer(mux)
	s.Issuer = s.URL
	t.Cleanup(s.Close)
	return s
}

func newKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// SetUser changes who the next authorisation signs in.
func (s *Server) SetUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.user = u
}

// SetFault changes what is wrong with the ID tokens issued from now on.
func (s *Server) SetFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault = f
}

// Authorize follows authURL as a browser would and returns the query IMS's callback would receive
// (code and state, or error and error_description), without following the redirect to it.
func (s *Server) Authorize(t testing.TB, authURL string) url.Values {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("authorize: status %d, want a redirect", resp.StatusCode)
	}
	to, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return to.Query()
}

func (s *Server) discovery(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                s.Issuer,
		"authorization_endpoint":                s.URL + "/authorize",
		"token_endpoint":                        s.URL + "/token",
		"jwks_uri":                              s.URL + "/keys",
		"response_types_supported":              []string{"code"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"code_challenge_methods_supported":      []string{"S256"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post"},
	})
}

func (s *Server) keys(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
		{Key: &s.key.PublicKey, KeyID: "test-key", Algorithm: string(jose.RS256), Use: "sig"},
	}})
}

func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirectURI := q.Get("redirect_uri")
	to, err := url.Parse(redirectURI)
	if err != nil || redirectURI == "" {
		http.Error(w, "redirect_uri missing or malformed", http.StatusBadRequest)
		return
	}
	back := url.Values{"state": {q.Get("state")}}
	switch {
	case q.Get("client_id") != s.ClientID:
		back.Set("error", "unauthorized_client")
	case q.Get("response_type") != "code":
		back.Set("error", "unsupported_response_type")
	case q.Get("code_challenge") == "" || q.Get("code_challenge_method") != "S256":
		back.Set("error", "invalid_request")
		back.Set("error_description", "PKCE with S256 is required")
	default:
		code := randomString()
		s.mu.Lock()
		s.codes[code] = grant{nonce: q.Get("nonce"), challenge: q.Get("code_challenge"), redirectURI: redirectURI}
		s.mu.Unlock()
		back.Set("code", code)
	}
	to.RawQuery = back.Encode()
	http.Redirect(w, r, to.String(), http.StatusFound)
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		tokenError(w, "invalid_request", "the form could not be read")
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id != s.ClientID || subtle.ConstantTimeCompare([]byte(secret), []byte(s.ClientSecret)) != 1 {
		w.Header().Set("WWW-Authenticate", `Basic realm="oidctest"`)
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client"})
		return
	}
	if r.PostForm.Get("grant_type") != "authorization_code" {
		tokenError(w, "unsupported_grant_type", "")
		return
	}
	s.mu.Lock()
	g, found := s.codes[r.PostForm.Get("code")]
	delete(s.codes, r.PostForm.Get("code")) // a code is good for one exchange
	user, fault := s.user, s.fault
	s.mu.Unlock()
	switch {
	case !found:
		tokenError(w, "invalid_grant", "unknown or used authorisation code")
		return
	case r.PostForm.Get("redirect_uri") != g.redirectURI:
		tokenError(w, "invalid_grant", "redirect_uri differs from the authorisation request's")
		return
	case r.PostForm.Get("code_verifier") == "":
		tokenError(w, "invalid_grant", "PKCE code_verifier missing")
		return
	case !challengeMatches(r.PostForm.Get("code_verifier"), g.challenge):
		tokenError(w, "invalid_grant", "PKCE code_verifier does not match the code_challenge")
		return
	}
	idToken, err := s.idToken(user, fault, g.nonce)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": randomString(), "token_type": "Bearer", "expires_in": 3600, "id_token": idToken,
	})
}

func challengeMatches(verifier, challenge string) bool {
	sum := sha256.Sum256([]byte(verifier))
	return subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(sum[:])), []byte(challenge)) == 1
}

func (s *Server) idToken(user User, fault Fault, nonce string) (string, error) {
	now := s.clock.Now()
	claims := map[string]any{}
	for k, v := range user.Claims {
		claims[k] = v
	}
	claims["iss"] = s.Issuer
	claims["sub"] = user.Subject
	claims["aud"] = s.ClientID
	claims["iat"] = now.Unix()
	claims["exp"] = now.Add(time.Hour).Unix()
	claims["nonce"] = nonce
	if user.Email != "" {
		claims["email"] = user.Email
		claims["email_verified"] = user.EmailVerified
	}
	if user.Name != "" {
		claims["name"] = user.Name
	}
	key := s.key
	switch fault {
	case WrongAudience:
		claims["aud"] = "some-other-client"
	case WrongIssuer:
		claims["iss"] = "https://login.example.net/another-tenant/v2.0"
	case Expired:
		claims["iat"] = now.Add(-2 * time.Hour).Unix()
		claims["exp"] = now.Add(-time.Hour).Unix()
	case WrongNonce:
		claims["nonce"] = "not-the-nonce-that-was-sent"
	case BadSignature:
		key = s.otherKey
	}
	// The bad signature keeps the published key's id, so the relying party tries that key and must
	// see that the signature does not verify, rather than merely not finding a key.
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key},
		(&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", "test-key"))
	if err != nil {
		return "", err
	}
	return jwt.Signed(signer).Claims(claims).Serialize()
}

func tokenError(w http.ResponseWriter, code, description string) {
	writeJSON(w, http.StatusBadRequest, map[string]string{"error": code, "error_description": description})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func randomString() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}
