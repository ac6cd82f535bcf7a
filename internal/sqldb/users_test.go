package sqldb_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/secretbox"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// cheap keeps password hashing fast in tests; production uses auth.DefaultParams.
var cheap = auth.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestUserSignInAndLockout(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		u, err := db.CreateUser(ctx, ims.System(), ims.User{Email: "Fin@Demo.Example", Name: "Fin", Roles: []ims.Role{ims.Finance}}, "correct horse battery staple", cheap)
		must(t, err)
		if u.Email != "fin@demo.example" {
			t.Errorf("email stored as %q", u.Email)
		}
		if _, err := db.CreateUser(ctx, ims.System(), ims.User{Email: "fin@demo.example", Name: "Again"}, "another fine passphrase", cheap); ims.ErrorFields(err)["email"] == "" {
			t.Errorf("duplicate email: %v", err)
		}
		var stored string
		must(t, db.SQL.QueryRow(`SELECT password_hash FROM users WHERE id = $1`, u.ID).Scan(&stored))
		if !strings.HasPrefix(stored, "$argon2id$") || strings.Contains(stored, "staple") {
			t.Fatalf("password stored as %q", stored)
		}
		policy := auth.LockoutPolicy{MaxFailures: 3, LockFor: 15 * time.Minute}
		p, err := db.Authenticate(ctx, "fin@demo.example", "correct horse battery staple", policy)
		if err != nil || !p.HasRole(ims.Finance) || p.UserID != u.ID {
			t.Fatalf("sign in: %+v, %v", p, err)
		}
		if _, err := db.Authenticate(ctx, "nobody@demo.example", "correct horse battery staple", policy); ims.ErrorCode(err) != ims.Unauthorized {
			t.Errorf("unknown user: %v", err)
		}
		for i := 0; i < 3; i++ {
			if _, err := db.Authenticate(ctx, "fin@demo.example", "wrong", policy); ims.ErrorCode(err) != ims.Unauthorized {
				t.Fatalf("wrong password: %v", err)
			}
		}
		if _, err := db.Authenticate(ctx, "fin@demo.example", "correct horse battery staple", policy); ims.ErrorCode(err) != ims.Unauthorized {
			t.Errorf("locked account signed in: %v", err)
		}
		db.Clock.(*sqldbtest.Clock).Advance(16 * time.Minute)
		if _, err := db.Authenticate(ctx, "fin@demo.example", "correct horse battery staple", policy); err != nil {
			t.Errorf("after the lock expired: %v", err)
		}
		events, err := db.AuditEvents(ctx, auditor, sqldb.AuditFilter{Entity: "user"})
		must(t, err)
		actions := ""
		for _, e := range events {
			actions += e.Action + " "
		}
		if actions != "create login login_failed login_failed login_failed login_refused login " {
			t.Errorf("audited actions = %q", actions)
		}
	})
}

func TestAPIClientTokens(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		c, token, err := db.CreateAPIClient(ctx, ims.System(), ims.APIClient{Name: "ivr", Scopes: []ims.Scope{ims.ScopeReferenceChecks}})
		must(t, err)
		var hash []byte
		must(t, db.SQL.QueryRow(`SELECT token_hash FROM api_clients WHERE id = $1`, c.ID).Scan(&hash))
		if strings.Contains(string(hash), token) || len(hash) != 32 {
			t.Fatalf("token stored as %x", hash)
		}
		p, _, err := db.AuthenticateToken(ctx, token)
		if err != nil || !p.HasScope(ims.ScopeReferenceChecks) || p.HasScope(ims.ScopePayments) || p.Actor() != "apiclient:1" {
			t.Fatalf("authenticate: %+v %v", p, err)
		}
		// One token in 32 ends in 'x'; this one does, so an alteration that writes 'x' would not alter it.
		db.Rand = bytes.NewReader(append(make([]byte, 24), 23))
		_, xToken, err := db.CreateAPIClient(ctx, ims.System(), ims.APIClient{Name: "kiosk", Scopes: []ims.Scope{ims.ScopeReferenceChecks}})
		db.Rand = rand.Reader
		must(t, err)
		for _, tok := range []string{token, xToken} {
			if _, _, err := db.AuthenticateToken(ctx, tok); err != nil {
				t.Fatalf("authenticate %s: %v", tok, err)
			}
			if _, _, err := db.AuthenticateToken(ctx, changeLast(tok)); ims.ErrorCode(err) != ims.Unauthorized {
				t.Errorf("%s altered to %s: %v", tok, changeLast(tok), err)
			}
		}
		if _, _, err := db.CreateAPIClient(ctx, ims.Principal{UserID: 5, Roles: []ims.Role{ims.SystemAdmin}}, ims.APIClient{Name: "x", Scopes: []ims.Scope{ims.ScopePayments}}); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("created without UserAdmin: %v", err)
		}
	})
}

// changeLast returns s with its last character replaced by a different one.
func changeLast(s string) string {
	if strings.HasSuffix(s, "x") {
		return s[:len(s)-1] + "y"
	}
	return s[:len(s)-1] + "x"
}

func TestProviderSecretsAreSealedAtRest(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		acct := sqldb.ProviderAccount{ProviderAccount: ims.ProviderAccount{Name: "govukpay", Provider: "govukpay", APIKey: "api_test_secretkey123", WebhookSecret: "whsec_abc"}}
		if err := db.ProviderAccounts().Put(ctx, admin, acct); ims.ErrorCode(err) != ims.Invalid {
			t.Fatalf("storing a secret without IMS_SECRET_KEY: %v", err)
		}
		box, err := secretbox.New(strings.Repeat("k", 40))
		must(t, err)
		db.Secrets = box
		must(t, db.ProviderAccounts().Put(ctx, admin, acct))
		var sealed string
		must(t, db.SQL.QueryRow(`SELECT api_key_sealed FROM provider_accounts`).Scan(&sealed))
		if strings.Contains(sealed, "secretkey123") {
			t.Fatalf("API key stored in clear: %q", sealed)
		}
		acct.APIKey, acct.WebhookSecret = "", "" // blank on update keeps the stored secrets
		acct.BaseURL = "https://publicapi.payments.service.gov.uk"
		must(t, db.ProviderAccounts().Put(ctx, admin, acct))
		key, secret, err := db.ProviderSecrets(ctx, "govukpay")
		if err != nil || key != "api_test_secretkey123" || secret != "whsec_abc" {
			t.Fatalf("secrets = %q %q %v", key, secret, err)
		}
		events, err := db.AuditEvents(ctx, auditor, sqldb.AuditFilter{Entity: "payment provider account"})
		must(t, err)
		for _, e := range events {
			if strings.Contains(e.After+e.Before, "secretkey123") || strings.Contains(e.After+e.Before, "whsec_abc") {
				t.Errorf("audit trail holds a secret: %+v", e)
			}
		}
		got, err := db.ProviderAccounts().Get(ctx, "govukpay")
		if err != nil || !got.HasAPIKey || got.APIKey != "" {
			t.Errorf("read back %+v %v", got, err)
		}
	})
}

func TestCodesUsedByTheLedgerCanOnlyBeDisabled(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		seedLedgerData(t, db)
		ctx := context.Background()
		_, err := ledger.New(db).Post(ctx, system, payment("5.00"))
		must(t, err)
		if err := db.Funds().Delete(ctx, admin, "23"); ims.ErrorCode(err) != ims.Conflict || !strings.Contains(ims.ErrorMessage(err), "disable") {
			t.Fatalf("deleting a used fund: %v", err)
		}
		if err := db.MOPs().Delete(ctx, admin, "1"); ims.ErrorCode(err) != ims.Conflict {
			t.Fatalf("deleting a used MOP: %v", err)
		}
		must(t, db.Funds().Delete(ctx, admin, "11")) // never used
		f, err := db.Funds().Get(ctx, "23")
		must(t, err)
		f.Disabled = true
		must(t, db.Funds().Put(ctx, admin, f))
		if _, err := ledger.New(db).Post(ctx, system, payment("5.00")); ims.ErrorFields(err)["entries[0].fund_code"] == "" {
			t.Fatalf("posting to a disabled fund: %v", err)
		}
	})
}

func TestUsedVATCodeAndOfficeCannotBeDeleted(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		seedLedgerData(t, db)
		ctx := context.Background()
		must(t, db.Offices().Put(ctx, admin, ims.Office{Code: "CO", Name: "Cash office"}))
		np := payment("5.00")
		np.Office = "CO"
		_, err := ledger.New(db).Post(ctx, system, np)
		must(t, err)
		for name, del := range map[string]func() error{
			"VAT code": func() error { return db.VATCodes().Delete(ctx, admin, "M0") },
			"office":   func() error { return db.Offices().Delete(ctx, admin, "CO") },
		} {
			if err := del(); ims.ErrorCode(err) != ims.Conflict {
				t.Errorf("deleting a used %s: %v", name, err)
			}
		}
		must(t, db.Offices().Put(ctx, admin, ims.Office{Code: "PR", Name: "Post room"}))
		must(t, db.Offices().Delete(ctx, admin, "PR")) // never used
	})
}
