package oidctest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/ims-council/ims/internal/auth/oidc/oidctest"
)

// authorize asks the provider for a code as a relying party with the given PKCE challenge would.
func authorize(t *testing.T, s *oidctest.Server, challenge, method string) url.Values {
	t.Helper()
	q := url.Values{"response_type": {"code"}, "client_id": {s.ClientID}, "redirect_uri": {"https://rp.example/cb"},
		"state": {"st"}, "nonce": {"n"}, "code_challenge": {challenge}, "code_challenge_method": {method}}
	return s.Authorize(t, s.URL+"/authorize?"+q.Encode())
}

func exchange(t *testing.T, s *oidctest.Server, code, verifier string) (int, map[string]any) {
	t.Helper()
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {"https://rp.example/cb"}}
	if verifier != "" {
		form.Set("code_verifier", verifier)
	}
	req, err := http.NewRequest(http.MethodPost, s.URL+"/token", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(s.ClientID, s.ClientSecret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

func TestTokenEndpointChecksThePKCEVerifier(t *testing.T) {
	t.Parallel()
	s := oidctest.New(t, "client", "secret", nil)
	verifier := oauth2.GenerateVerifier()
	challenge := oauth2.S256ChallengeFromVerifier(verifier)

	for _, tt := range []struct {
		name, verifier, want string
	}{
		{"missing", "", "PKCE code_verifier missing"},
		{"wrong", oauth2.GenerateVerifier(), "PKCE code_verifier does not match the code_challenge"},
	} {
		code := authorize(t, s, challenge, "S256").Get("code")
		status, body := exchange(t, s, code, tt.verifier)
		if status != http.StatusBadRequest || body["error"] != "invalid_grant" || body["error_description"] != tt.want {
			t.Errorf("%s verifier: %d %v, want 400 invalid_grant %q", tt.name, status, body, tt.want)
		}
	}

	code := authorize(t, s, challenge, "S256").Get("code")
	if status, body := exchange(t, s, code, verifier); status != http.StatusOK || body["id_token"] == nil {
		t.Errorf("right verifier: %d %v, want an ID token", status, body)
	}
}

func TestAuthorizeRequiresS256(t *testing.T) {
	t.Parallel()
	s := oidctest.New(t, "client", "secret", nil)
	back := authorize(t, s, "plain-challenge", "plain")
	if back.Get("error") != "invalid_request" || back.Get("code") != "" || back.Get("state") != "st" {
		t.Errorf("callback = %v, want invalid_request without a code", back)
	}
}
