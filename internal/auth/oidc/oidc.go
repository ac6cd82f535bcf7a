// Package oidc signs council staff in through their council's own identity provider over OpenID
// Connect (Microsoft Entra ID in most councils). It proves who the person is and nothing more: the
// caller matches the returned Identity to an IMS user by subject or email, and that user's roles and
// fund groups stay in IMS, so a council cannot grant IMS access from its directory by mistake.
//
// A sign-in has two halves that run in different requests, possibly on different instances: Start
// gives the URL to send the browser to and the values (Pending) to keep in the database session;
// Finish takes those values back with the query of the callback request and returns the Identity.
package oidc

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/ims-council/ims"
)

// Settings are what an operator configures for single sign-on. For Microsoft Entra ID the issuer is
// https://login.microsoftonline.com/{tenant id}/v2.0 (the tenant's own, not "common": the issuer of
// every ID token is checked against it).
type Settings struct {
	IssuerURL    string
	ClientID     string
	ClientSecret string
	RedirectURL  string   // the IMS callback URL, registered with the provider exactly as written here
	Scopes       []string // asked for on top of openid, email and profile

	// HTTPClient talks to the provider (discovery, keys, token exchange); nil means
	// http.DefaultClient. Clock decides whether an ID token has expired; nil means the system clock.
	HTTPClient *http.Client
	Clock      ims.Clock
}

// Validate returns an *ims.Error of code Invalid naming every missing or malformed setting, or nil.
func (s Settings) Validate() error {
	fields := map[string]string{}
	for name, raw := range map[string]string{"issuer_url": s.IssuerURL, "redirect_url": s.RedirectURL} {
		if raw == "" {
			fields[name] = "is required"
			continue
		}
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			fields[name] = "must be an absolute http(s) URL"
		}
	}
	if s.ClientID == "" {
		fields["client_id"] = "is required"
	}
	if s.ClientSecret == "" {
		fields["client_secret"] = "is required"
	}
	if len(fields) > 0 {
		return &ims.Error{Code: ims.Invalid, Op: "oidc.Settings.Validate", Message: "the single sign-on settings are incomplete", Fields: fields}
	}
	return nil
}

// Provider is one configured identity provider, safe for concurrent use by every request.
type Provider struct {
	settings Settings
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
	// signatureOnly checks only the signature; Finish uses it after a refusal to say what was wrong.
	signatureOnly *oidc.IDTokenVerifier
	issuer        string
	clock         ims.Clock
}

// New validates settings and reads the issuer's discovery document (/.well-known/openid-configuration),
// returning a Provider or an *ims.Error: Invalid for bad settings, Unavailable when the issuer cannot
// be reached or does not describe itself as settings.IssuerURL. Call it once at start-up: ctx only
// bounds the discovery request; the provider's signing keys are fetched later, when first needed.
func New(ctx context.Context, settings Settings) (*Provider, error) {
	const op = "oidc.New"
	if err := settings.Validate(); err != nil {
		return nil, err
	}
	ctx = clientContext(ctx, settings.HTTPClient)
	discovered, err := oidc.NewProvider(ctx, settings.IssuerURL)
	if err != nil {
		return nil, &ims.Error{Code: ims.Unavailable, Op: op, Message: fmt.Sprintf("could not read the OpenID Connect discovery document of %s", settings.IssuerURL), Err: err}
	}
	endpoint := discovered.Endpoint()
	endpoint.AuthStyle, err = clientAuthStyle(discovered)
	if err != nil {
		return nil, &ims.Error{Code: ims.Unavailable, Op: op, Message: fmt.Sprintf("the discovery document of %s could not be read", settings.IssuerURL), Err: err}
	}
	clock := settings.Clock
	if clock == nil {
		clock = ims.SystemClock{}
	}
	scopes := append([]string{oidc.ScopeOpenID, "email", "profile"}, settings.Scopes...)
	// The key set outlives any one request, so it gets a context without their deadlines.
	keysCtx := clientContext(context.Background(), settings.HTTPClient)
	return &Provider{
		settings: settings,
		oauth: oauth2.Config{
			ClientID:     settings.ClientID,
			ClientSecret: settings.ClientSecret,
			RedirectURL:  settings.RedirectURL,
			Endpoint:     endpoint,
			Scopes:       scopes,
		},
		verifier: discovered.VerifierContext(keysCtx, &oidc.Config{ClientID: settings.ClientID, Now: clock.Now}),
		signatureOnly: discovered.VerifierContext(keysCtx, &oidc.Config{
			SkipClientIDCheck: true, SkipIssuerCheck: true, SkipExpiryCheck: true,
		}),
		issuer: settings.IssuerURL,
		clock:  clock,
	}, nil
}

// clientAuthStyle returns how to send the client secret to the token endpoint. Left to guess,
// x/oauth2 tries one way and then the other, and a provider that retires an authorisation code on
// the first (refused) attempt then refuses the second as a used code, hiding the real reason. So
// IMS asks the discovery document: the Basic header, the default OpenID Connect names, unless the
// provider supports only the form parameters.
func clientAuthStyle(discovered *oidc.Provider) (oauth2.AuthStyle, error) {
	var doc struct {
		Methods []string `json:"token_endpoint_auth_methods_supported"`
	}
	if err := discovered.Claims(&doc); err != nil {
		return 0, err
	}
	if len(doc.Methods) == 0 || contains(doc.Methods, "client_secret_basic") || !contains(doc.Methods, "client_secret_post") {
		return oauth2.AuthStyleInHeader, nil
	}
	return oauth2.AuthStyleInParams, nil
}

func clientContext(ctx context.Context, client *http.Client) context.Context {
	if client == nil {
		return ctx
	}
	return oidc.ClientContext(ctx, client)
}

// Pending holds what the caller keeps in the server-side session between Start and Finish. None of
// it may go to the browser except as Start's URL carries it: State and Nonce travel through the
// provider, the PKCE Verifier never leaves IMS (only its S256 challenge does).
type Pending struct {
	State    string
	Nonce    string
	Verifier string
}

// Start returns the provider's authorisation URL to redirect the browser to, and the fresh random
// values to keep until the callback. An error means the system's random source failed.
func (p *Provider) Start() (authURL string, pending Pending, err error) {
	state, err := randomValue()
	if err != nil {
		return "", Pending{}, &ims.Error{Code: ims.Internal, Op: "oidc.Start", Err: err}
	}
	nonce, err := randomValue()
	if err != nil {
		return "", Pending{}, &ims.Error{Code: ims.Internal, Op: "oidc.Start", Err: err}
	}
	pending = Pending{State: state, Nonce: nonce, Verifier: oauth2.GenerateVerifier()}
	authURL = p.oauth.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(pending.Verifier))
	return authURL, pending, nil
}

// randomValue returns 256 bits from crypto/rand, URL-safe, for state and nonce: enough that
// neither can be guessed in the minutes a sign-in is pending.
func randomValue() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// Identity is who the provider says signed in. Subject with Issuer is the stable key of a person at
// the provider; Email is the address to match IMS users by, from the email claim when there is one,
// otherwise from Entra ID's preferred_username or upn (EmailFrom says which). EmailVerified is true
// only when the provider sent email_verified=true; Entra ID does not send it, so a caller that
// matches by email must trust the configured tenant instead.
type Identity struct {
	Issuer        string
	Subject       string
	Email         string
	EmailFrom     string // "email", "preferred_username", "upn" or "" when the token had none
	EmailVerified bool
	Name          string
}

// Finish completes a sign-in from the values kept at Start and the query of the callback request:
// it checks the state, exchanges the code (with the PKCE verifier), verifies the ID token's
// signature, issuer, audience, expiry and nonce, and returns the Identity. A refusal is an
// *ims.Error of code Unauthorized whose message names what was wrong; Unavailable when the
// provider could not be reached.
func (p *Provider) Finish(ctx context.Context, pending Pending, query url.Values) (Identity, error) {
	const op = "oidc.Finish"
	refuse := func(message string, err error) (Identity, error) {
		return Identity{}, &ims.Error{Code: ims.Unauthorized, Op: op, Message: message, Err: err}
	}
	if pending.State == "" || pending.Nonce == "" || pending.Verifier == "" {
		return refuse("no single sign-on was started in this session (state, nonce or PKCE verifier missing)", nil)
	}
	if code := query.Get("error"); code != "" {
		return refuse(fmt.Sprintf("the identity provider refused the sign-in: %s %s", code, query.Get("error_description")), nil)
	}
	if subtle.ConstantTimeCompare([]byte(query.Get("state")), []byte(pending.State)) != 1 {
		return refuse("the state returned by the identity provider does not match this session's", nil)
	}
	code := query.Get("code")
	if code == "" {
		return refuse("the identity provider returned no authorisation code", nil)
	}

	ctx = clientContext(ctx, p.settings.HTTPClient)
	token, err := p.oauth.Exchange(ctx, code, oauth2.VerifierOption(pending.Verifier))
	if err != nil {
		var refused *oauth2.RetrieveError
		if errors.As(err, &refused) {
			return refuse(fmt.Sprintf("the identity provider refused the authorisation code: %s %s", refused.ErrorCode, refused.ErrorDescription), err)
		}
		return Identity{}, &ims.Error{Code: ims.Unavailable, Op: op, Message: "could not reach the identity provider to exchange the authorisation code", Err: err}
	}
	rawIDToken, _ := token.Extra("id_token").(string)
	if rawIDToken == "" {
		return refuse("the identity provider returned no ID token", nil)
	}
	idToken, err := p.verifier.Verify(ctx, rawIDToken)
	if err != nil {
		return refuse(p.whyRefused(ctx, rawIDToken, err), err)
	}
	if subtle.ConstantTimeCompare([]byte(idToken.Nonce), []byte(pending.Nonce)) != 1 {
		return refuse("the ID token's nonce does not match this session's", nil)
	}
	return identityFrom(idToken)
}

// whyRefused names what was wrong with an ID token the verifier refused. go-oidc reports most
// refusals only as text, so rather than read its messages this asks again with the signature alone
// and, when that passes, compares the (now trusted) claims with what was expected.
func (p *Provider) whyRefused(ctx context.Context, rawIDToken string, err error) string {
	var expired *oidc.TokenExpiredError
	if errors.As(err, &expired) {
		return fmt.Sprintf("the ID token expired at %s", expired.Expiry.UTC().Format("2006-01-02 15:04:05 MST"))
	}
	signed, sigErr := p.signatureOnly.Verify(ctx, rawIDToken)
	switch {
	case sigErr != nil:
		return "the ID token's signature is not valid for the identity provider's published keys"
	case signed.Issuer != p.issuer:
		return fmt.Sprintf("the ID token was issued by %q, not the configured issuer %q", signed.Issuer, p.issuer)
	case !contains(signed.Audience, p.settings.ClientID):
		return fmt.Sprintf("the ID token's audience %q does not include this client id", strings.Join(signed.Audience, ", "))
	case signed.Expiry.Before(p.clock.Now()):
		return "the ID token has expired"
	}
	return "the ID token was refused"
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func identityFrom(idToken *oidc.IDToken) (Identity, error) {
	var claims struct {
		Email             string          `json:"email"`
		EmailVerified     json.RawMessage `json:"email_verified"`
		Name              string          `json:"name"`
		PreferredUsername string          `json:"preferred_username"`
		UPN               string          `json:"upn"`
	}
	if err := idToken.Claims(&claims); err != nil {
		return Identity{}, &ims.Error{Code: ims.Unauthorized, Op: "oidc.Finish", Message: "the ID token's claims could not be read", Err: err}
	}
	id := Identity{Issuer: idToken.Issuer, Subject: idToken.Subject, Name: claims.Name}
	switch {
	case claims.Email != "":
		id.Email, id.EmailFrom = claims.Email, "email"
		// Some providers send the boolean as a string.
		v := strings.Trim(string(claims.EmailVerified), `"`)
		id.EmailVerified = v == "true"
	case strings.Contains(claims.PreferredUsername, "@"):
		id.Email, id.EmailFrom = claims.PreferredUsername, "preferred_username"
	case strings.Contains(claims.UPN, "@"):
		id.Email, id.EmailFrom = claims.UPN, "upn"
	}
	return id, nil
}
