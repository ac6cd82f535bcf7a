package oidc_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth/oidc"
	"github.com/ims-council/ims/internal/auth/oidc/oidctest"
)

const redirectURL = "https://ims.council.example/admin/sign-in/oidc/callback"

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

func newProvider(t *testing.T) (*oidc.Provider, *oidctest.Server) {
	t.Helper()
	idp := oidctest.New(t, "ims-client", "s3cret-value", nil)
	p, err := oidc.New(context.Background(), oidc.Settings{
		IssuerURL: idp.Issuer, ClientID: idp.ClientID, ClientSecret: idp.ClientSecret, RedirectURL: redirectURL,
	})
	if err != nil {
		t.Fatal(err)
	}
	return p, idp
}

// signIn runs Start, the browser's visit to the provider, and Finish, letting tamper change the
// kept values or the callback query in between.
func signIn(t *testing.T, p *oidc.Provider, idp *oidctest.Server, tamper func(*oidc.Pending, url.Values)) (oidc.Identity, error) {
	t.Helper()
	authURL, pending, err := p.Start()
	if err != nil {
		t.Fatal(err)
	}
	callback := idp.Authorize(t, authURL)
	if tamper != nil {
		tamper(&pending, callback)
	}
	return p.Finish(context.Background(), pending, callback)
}

func TestGoodSignInReturnsTheIdentity(t *testing.T) {
	t.Parallel()
	p, idp := newProvider(t)
	id, err := signIn(t, p, idp, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := oidc.Identity{Issuer: idp.Issuer, Subject: "00000000-0000-0000-0000-000000000001",
		Email: "alex.smith@council.example", EmailFrom: "email", EmailVerified: true, Name: "Alex Smith"}
	if id != want {
		t.Errorf("identity = %+v, want %+v", id, want)
	}
}

func TestEntraIDTokenWithoutEmailUsesPreferredUsernameThenUPN(t *testing.T) {
	t.Parallel()
	p, idp := newProvider(t)
	idp.SetUser(oidctest.User{Subject: "entra-sub", Name: "Sam Jones", Claims: map[string]any{
		"preferred_username": "sam.jones@council.example", "upn": "sjones@council.onmicrosoft.com"}})
	id, err := signIn(t, p, idp, nil)
	if err != nil {
		t.Fatal(err)
	}
	if id.Email != "sam.jones@council.example" || id.EmailFrom != "preferred_username" || id.EmailVerified {
		t.Errorf("identity = %+v, want the preferred_username as an unverified email", id)
	}

	idp.SetUser(oidctest.User{Subject: "entra-sub", Claims: map[string]any{
		"preferred_username": "not-an-address", "upn": "sjones@council.onmicrosoft.com"}})
	id, err = signIn(t, p, idp, nil)
	if err != nil {
		t.Fatal(err)
	}
	if id.Email != "sjones@council.onmicrosoft.com" || id.EmailFrom != "upn" {
		t.Errorf("identity = %+v, want the upn as the email", id)
	}
}

func TestEachPendingSignInIsFreshAndUsesS256(t *testing.T) {
	t.Parallel()
	p, _ := newProvider(t)
	url1, a, err := p.Start()
	if err != nil {
		t.Fatal(err)
	}
	_, b, err := p.Start()
	if err != nil {
		t.Fatal(err)
	}
	if a.State == b.State || a.Nonce == b.Nonce || a.Verifier == b.Verifier || a.State == a.Nonce {
		t.Errorf("two sign-ins share values: %+v and %+v", a, b)
	}
	u, err := url.Parse(url1)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if q.Get("state") != a.State || q.Get("nonce") != a.Nonce || q.Get("code_challenge_method") != "S256" ||
		q.Get("code_challenge") != oauth2.S256ChallengeFromVerifier(a.Verifier) {
		t.Errorf("authorisation URL %s does not carry the state, nonce and S256 challenge of %+v", url1, a)
	}
	if strings.Contains(url1, a.Verifier) {
		t.Error("the authorisation URL carries the PKCE verifier itself")
	}
	if !strings.Contains(q.Get("scope"), "openid") || q.Get("redirect_uri") != redirectURL {
		t.Errorf("authorisation URL %s lacks the openid scope or the redirect URL", url1)
	}
}

func TestRefusals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		fault  oidctest.Fault
		tamper func(*oidc.Pending, url.Values)
		want   string // in the error message
	}{
		{name: "wrong audience", fault: oidctest.WrongAudience, want: `audience "some-other-client" does not include this client id`},
		{name: "wrong issuer", fault: oidctest.WrongIssuer, want: `issued by "https://login.example.net/another-tenant/v2.0", not the configured issuer`},
		{name: "expired", fault: oidctest.Expired, want: "the ID token expired at"},
		{name: "wrong nonce", fault: oidctest.WrongNonce, want: "nonce does not match"},
		{name: "bad signature", fault: oidctest.BadSignature, want: "signature is not valid"},
		{name: "wrong state", tamper: func(_ *oidc.Pending, q url.Values) { q.Set("state", "forged") },
			want: "state returned by the identity provider does not match"},
		{name: "missing state", tamper: func(_ *oidc.Pending, q url.Values) { q.Del("state") },
			want: "state returned by the identity provider does not match"},
		{name: "wrong PKCE verifier", tamper: func(p *oidc.Pending, _ url.Values) { p.Verifier = oauth2.GenerateVerifier() },
			want: "PKCE code_verifier does not match"},
		{name: "no PKCE verifier kept", tamper: func(p *oidc.Pending, _ url.Values) { p.Verifier = "" },
			want: "PKCE verifier missing"},
		{name: "code used twice is unknown", tamper: nil, fault: -1, want: "unknown or used authorisation code"},
		{name: "provider error", tamper: func(_ *oidc.Pending, q url.Values) {
			q.Del("code")
			q.Set("error", "access_denied")
			q.Set("error_description", "the user is not assigned to the application")
		}, want: "refused the sign-in: access_denied the user is not assigned"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, idp := newProvider(t)
			var err error
			if tt.fault == -1 {
				authURL, pending, startErr := p.Start()
				if startErr != nil {
					t.Fatal(startErr)
				}
				callback := idp.Authorize(t, authURL)
				if _, err = p.Finish(context.Background(), pending, callback); err != nil {
					t.Fatalf("first use of the code: %v", err)
				}
				_, err = p.Finish(context.Background(), pending, callback)
			} else {
				idp.SetFault(tt.fault)
				_, err = signIn(t, p, idp, tt.tamper)
			}
			var e *ims.Error
			if !errors.As(err, &e) || e.Code != ims.Unauthorized {
				t.Fatalf("err = %v, want an ims.Error of code Unauthorized", err)
			}
			if !strings.Contains(e.Message, tt.want) {
				t.Errorf("message = %q, want it to contain %q", e.Message, tt.want)
			}
		})
	}
}

func TestExpiryFollowsTheInjectedClock(t *testing.T) {
	t.Parallel()
	idp := oidctest.New(t, "ims-client", "s3cret-value", nil)
	later := fixedClock{time.Now().Add(2 * time.Hour)}
	p, err := oidc.New(context.Background(), oidc.Settings{IssuerURL: idp.Issuer, ClientID: idp.ClientID,
		ClientSecret: idp.ClientSecret, RedirectURL: redirectURL, Clock: later})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := signIn(t, p, idp, nil); err == nil || !strings.Contains(err.Error(), "expired") {
		t.Errorf("a token an hour past its expiry by IMS's clock: err = %v, want expired", err)
	}
}

func TestWrongClientSecretIsRefusedByTheProvider(t *testing.T) {
	t.Parallel()
	idp := oidctest.New(t, "ims-client", "s3cret-value", nil)
	p, err := oidc.New(context.Background(), oidc.Settings{IssuerURL: idp.Issuer, ClientID: idp.ClientID,
		ClientSecret: "wrong", RedirectURL: redirectURL})
	if err != nil {
		t.Fatal(err)
	}
	_, err = signIn(t, p, idp, nil)
	var e *ims.Error
	if !errors.As(err, &e) || e.Code != ims.Unauthorized || !strings.Contains(e.Message, "invalid_client") {
		t.Errorf("err = %v, want Unauthorized naming invalid_client", err)
	}
}

func TestNewRefusesBadSettingsAndUnreachableIssuers(t *testing.T) {
	t.Parallel()
	_, err := oidc.New(context.Background(), oidc.Settings{IssuerURL: "login.microsoftonline.com", RedirectURL: redirectURL})
	var e *ims.Error
	if !errors.As(err, &e) || e.Code != ims.Invalid {
		t.Fatalf("err = %v, want Invalid", err)
	}
	for _, field := range []string{"issuer_url", "client_id", "client_secret"} {
		if e.Fields[field] == "" {
			t.Errorf("fields %v do not name %s", e.Fields, field)
		}
	}

	idp := oidctest.New(t, "ims-client", "s3cret-value", nil)
	idp.Close()
	_, err = oidc.New(context.Background(), oidc.Settings{IssuerURL: idp.Issuer, ClientID: "c", ClientSecret: "s", RedirectURL: redirectURL})
	if !errors.As(err, &e) || e.Code != ims.Unavailable {
		t.Errorf("unreachable issuer: err = %v, want Unavailable", err)
	}
}

func TestDiscoveryMustNameTheConfiguredIssuer(t *testing.T) {
	t.Parallel()
	idp := oidctest.New(t, "ims-client", "s3cret-value", nil)
	// The same server reached by another name describes itself with its own URL, so it is refused:
	// a token's issuer is only meaningful when discovery agrees with the configuration.
	other := strings.Replace(idp.Issuer, "127.0.0.1", "localhost", 1)
	_, err := oidc.New(context.Background(), oidc.Settings{IssuerURL: other, ClientID: "c", ClientSecret: "s", RedirectURL: redirectURL})
	var e *ims.Error
	if !errors.As(err, &e) || e.Code != ims.Unavailable {
		t.Errorf("err = %v, want Unavailable for a discovery document naming another issuer", err)
	}
}
