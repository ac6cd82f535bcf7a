package users_test

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
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// cheap keeps password hashing fast in tests; production uses auth.DefaultParams.
var cheap = auth.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

var auditor = ims.Principal{UserID: 9, Roles: []ims.Role{ims.Auditor}}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestUserSignInAndLockout(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		svc := users.New(db)
		u, err := svc.CreateUser(ctx, ims.System(), ims.User{Email: "Fin@Demo.Example", Name: "Fin", Roles: []ims.Role{ims.Finance}}, "correct horse battery staple", cheap)
		must(t, err)
		if u.Email != "fin@demo.example" {
			t.Errorf("email stored as %q", u.Email)
		}
		if _, err := svc.CreateUser(ctx, ims.System(), ims.User{Email: "fin@demo.example", Name: "Again"}, "another fine passphrase", cheap); ims.ErrorFields(err)["email"] == "" {
			t.Errorf("duplicate email: %v", err)
		}
		var stored string
		must(t, db.SQL.QueryRow(`SELECT password_hash FROM users WHERE id = $1`, u.ID).Scan(&stored))
		if !strings.HasPrefix(stored, "$argon2id$") || strings.Contains(stored, "staple") {
			t.Fatalf("password stored as %q", stored)
		}
		policy := auth.LockoutPolicy{MaxFailures: 3, LockFor: 15 * time.Minute}
		p, err := svc.Authenticate(ctx, "fin@demo.example", "correct horse battery staple", policy)
		if err != nil || !p.HasRole(ims.Finance) || p.UserID != u.ID {
			t.Fatalf("sign in: %+v, %v", p, err)
		}
		if _, err := svc.Authenticate(ctx, "nobody@demo.example", "correct horse battery staple", policy); ims.ErrorCode(err) != ims.Unauthorized {
			t.Errorf("unknown user: %v", err)
		}
		for i := 0; i < 3; i++ {
			if _, err := svc.Authenticate(ctx, "fin@demo.example", "wrong", policy); ims.ErrorCode(err) != ims.Unauthorized {
				t.Fatalf("wrong password: %v", err)
			}
		}
		if _, err := svc.Authenticate(ctx, "fin@demo.example", "correct horse battery staple", policy); ims.ErrorCode(err) != ims.Unauthorized {
			t.Errorf("locked account signed in: %v", err)
		}
		db.Clock.(*sqldbtest.Clock).Advance(16 * time.Minute)
		if _, err := svc.Authenticate(ctx, "fin@demo.example", "correct horse battery staple", policy); err != nil {
			t.Errorf("after the lock expired: %v", err)
		}
		events, err := ledger.New(db).AuditEvents(ctx, auditor, sqldb.AuditFilter{Entity: "user"})
		must(t, err)
		actions := ""
		for _, e := range events {
			actions += e.Action + " "
		}
		if actions != "create login login_failed login_failed login_failed lockout login_refused login " {
			t.Errorf("audited actions = %q", actions)
		}
	})
}

func TestAPIClientTokens(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		svc := users.New(db)
		c, token, err := svc.CreateAPIClient(ctx, ims.System(), ims.APIClient{Name: "ivr", Scopes: []ims.Scope{ims.ScopeReferenceChecks}})
		must(t, err)
		var hash []byte
		must(t, db.SQL.QueryRow(`SELECT token_hash FROM api_clients WHERE id = $1`, c.ID).Scan(&hash))
		if strings.Contains(string(hash), token) || len(hash) != 32 {
			t.Fatalf("token stored as %x", hash)
		}
		p, _, err := svc.AuthenticateToken(ctx, token)
		if err != nil || !p.HasScope(ims.ScopeReferenceChecks) || p.HasScope(ims.ScopePayments) || p.Actor() != "apiclient:1" {
			t.Fatalf("authenticate: %+v %v", p, err)
		}
		// One token in 32 ends in 'x'; this one does, so an alteration that writes 'x' would not alter it.
		db.Rand = bytes.NewReader(append(make([]byte, 24), 23))
		_, xToken, err := svc.CreateAPIClient(ctx, ims.System(), ims.APIClient{Name: "kiosk", Scopes: []ims.Scope{ims.ScopeReferenceChecks}})
		db.Rand = rand.Reader
		must(t, err)
		for _, tok := range []string{token, xToken} {
			if _, _, err := svc.AuthenticateToken(ctx, tok); err != nil {
				t.Fatalf("authenticate %s: %v", tok, err)
			}
			if _, _, err := svc.AuthenticateToken(ctx, changeLast(tok)); ims.ErrorCode(err) != ims.Unauthorized {
				t.Errorf("%s altered to %s: %v", tok, changeLast(tok), err)
			}
		}
		if _, _, err := svc.CreateAPIClient(ctx, ims.Principal{UserID: 5, Roles: []ims.Role{ims.SystemAdmin}}, ims.APIClient{Name: "x", Scopes: []ims.Scope{ims.ScopePayments}}); ims.ErrorCode(err) != ims.Forbidden {
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
