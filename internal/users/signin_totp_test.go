package users_test

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// Without an authenticator app a right password signs in at once, recording the sign-in; an
// account without a password (an invited user who has not chosen one) never signs in, not even
// with an empty password.
func TestPasswordOnlySignIn(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		r := newSignInRig(t, db)
		id := r.user(t, "fin@example.gov.uk", ims.Finance)
		res, err := r.svc.SignInWithPassword(ctx, "FIN@example.gov.uk ", rigPassword, r.policy)
		must(t, err)
		if res.Step != users.SignedIn || res.UserID != id || res.Principal.UserID != id || !res.Principal.HasRole(ims.Finance) {
			t.Fatalf("sign-in = %+v", res)
		}
		if !r.lastLogin(t, id).Equal(db.Now()) {
			t.Errorf("last sign-in recorded as %v; want %v", r.lastLogin(t, id), db.Now())
		}

		var invited int64
		must(t, db.InTx(ctx, func(tx *sqldb.Tx) error {
			var err error
			invited, _, err = tx.InsertUser(ctx, ims.User{Email: "new@example.gov.uk", Name: "New", CreatedAt: db.Now()}, "")
			return err
		}))
		for _, pw := range []string{"", rigPassword} {
			if _, err := r.svc.SignInWithPassword(ctx, "new@example.gov.uk", pw, r.policy); ims.ErrorCode(err) != ims.Unauthorized {
				t.Errorf("an account without a password, signing in with %q: %v; want Unauthorized", pw, err)
			}
		}
		want := `create login{"factor":"password"} login_failed login_failed`
		if got := auditActions(t, db); got != want || invited == 0 {
			t.Errorf("audited %s\nwant    %s", got, want)
		}
	})
}

// With an authenticator app a right password only asks for a code; the code completes the sign-in
// once, and is refused when used again; each recovery code works once.
func TestPasswordThenCode(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		r := newSignInRig(t, db)
		id := r.user(t, "fin@example.gov.uk", ims.Finance)
		secret, recovery := r.enrol(t, id)
		if len(recovery) != 10 {
			t.Fatalf("%d recovery codes; want 10", len(recovery))
		}
		var stored string
		must(t, db.SQL.QueryRow(`SELECT totp_secret FROM users WHERE id = $1`, id).Scan(&stored))
		if !strings.HasPrefix(stored, "v1:") || strings.Contains(stored, secret) {
			t.Errorf("TOTP secret stored as %q; want it sealed", stored)
		}
		if has, err := r.svc.HasTOTP(ctx, id); !has || err != nil {
			t.Errorf("HasTOTP = %v, %v", has, err)
		}

		res, err := r.svc.SignInWithPassword(ctx, "fin@example.gov.uk", rigPassword, r.policy)
		must(t, err)
		if res.Step != users.NeedsCode || res.UserID != id || res.Principal.UserID != 0 {
			t.Fatalf("password of a user with an app = %+v; want NeedsCode and no principal", res)
		}
		if !r.lastLogin(t, id).IsZero() {
			t.Error("a right password alone was recorded as a sign-in")
		}
		// The code that confirmed the app has been used already.
		if _, err := r.svc.SignInWithCode(ctx, id, r.code(t, secret), r.policy); ims.ErrorCode(err) != ims.Unauthorized {
			t.Errorf("the enrolment's code signed in: %v", err)
		}
		code := r.nextCode(t, secret)
		p, err := r.svc.SignInWithCode(ctx, id, code[:3]+" "+code[3:], r.policy)
		if err != nil || p.UserID != id || !p.HasRole(ims.Finance) {
			t.Fatalf("sign-in with the code: %+v, %v", p, err)
		}
		if _, err := r.svc.SignInWithCode(ctx, id, code, r.policy); ims.ErrorCode(err) != ims.Unauthorized {
			t.Errorf("the same code again: %v; want Unauthorized", err)
		}

		if _, err := r.svc.SignInWithCode(ctx, id, strings.ToUpper(recovery[3]), r.policy); err != nil {
			t.Fatalf("a recovery code: %v", err)
		}
		if _, err := r.svc.SignInWithCode(ctx, id, recovery[3], r.policy); ims.ErrorCode(err) != ims.Unauthorized {
			t.Errorf("a recovery code used twice: %v; want Unauthorized", err)
		}
		if _, err := r.svc.SignInWithCode(ctx, id, recovery[4], r.policy); err != nil {
			t.Errorf("another recovery code: %v", err)
		}
		err = func() error { _, err := r.svc.SignInWithCode(ctx, id, "12345", r.policy); return err }()
		if ims.ErrorCode(err) != ims.Invalid || ims.ErrorFields(err)["code"] == "" {
			t.Errorf("a code of five digits: %v; want Invalid on the field code", err)
		}

		want := `create totp_enrolled{"recovery_codes":10} password_ok login_failed{"reason":"code"} login{"factor":"totp"} ` +
			`login_failed{"reason":"code"} login{"factor":"recovery"} login_failed{"reason":"code"} login{"factor":"recovery"}`
		if got := auditActions(t, db); got != want {
			t.Errorf("audited %s\nwant    %s", got, want)
		}
	})
}

// Wrong codes count against the same lockout as wrong passwords: once the limit is reached the
// right code and the right password are both refused until the lock expires.
func TestWrongCodesLockTheAccount(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		r := newSignInRig(t, db)
		id := r.user(t, "fin@example.gov.uk")
		secret, _ := r.enrol(t, id)
		if _, err := r.svc.SignInWithPassword(ctx, "fin@example.gov.uk", rigPassword, r.policy); err != nil {
			t.Fatal(err)
		}
		code := r.nextCode(t, secret)
		wrong := "000000"
		if code == wrong {
			wrong = "111111"
		}
		for range r.policy.MaxFailures - 1 { // the password counted once
			if _, err := r.svc.SignInWithCode(ctx, id, wrong, r.policy); ims.ErrorCode(err) != ims.Unauthorized {
				t.Fatalf("a wrong code: %v", err)
			}
		}
		if _, err := r.svc.SignInWithCode(ctx, id, code, r.policy); ims.ErrorCode(err) != ims.Unauthorized {
			t.Errorf("the right code on a locked account: %v; want Unauthorized", err)
		}
		if _, err := r.svc.SignInWithPassword(ctx, "fin@example.gov.uk", rigPassword, r.policy); ims.ErrorCode(err) != ims.Unauthorized {
			t.Errorf("the right password on an account locked by codes: %v; want Unauthorized", err)
		}
		r.clock.Advance(16 * time.Minute)
		if res, err := r.svc.SignInWithPassword(ctx, "fin@example.gov.uk", rigPassword, r.policy); err != nil || res.Step != users.NeedsCode {
			t.Fatalf("the password after the lock expired: %+v, %v", res, err)
		}
		if _, err := r.svc.SignInWithCode(ctx, id, r.code(t, secret), r.policy); err != nil {
			t.Errorf("the code after the lock expired: %v", err)
		}
		want := `create totp_enrolled{"recovery_codes":10} password_ok ` +
			strings.Repeat(`login_failed{"reason":"code"} `, r.policy.MaxFailures-1) +
			`lockout{"failures":4,"until":"2026-03-10T09:45:30Z"} login_refused{"reason":"locked"} login_refused{"reason":"locked"} password_ok login{"factor":"totp"}`
		if got := auditActions(t, db); got != want {
			t.Errorf("audited %s\nwant    %s", got, want)
		}
	})
}

// One code sent by several requests at once signs in once, whether an app's code or a recovery
// code: each is used up in the transaction that records the sign-in.
func TestOneCodeSentAtOnceSignsInOnce(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		r := newSignInRig(t, db)
		r.policy.MaxFailures = 20
		id := r.user(t, "fin@example.gov.uk")
		secret, recovery := r.enrol(t, id)
		for _, code := range []string{r.nextCode(t, secret), recovery[0]} {
			var wg sync.WaitGroup
			var signedIn atomic.Int64
			for range 6 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := r.svc.SignInWithCode(ctx, id, code, r.policy)
					switch ims.ErrorCode(err) {
					case "":
						signedIn.Add(1)
					case ims.Unauthorized:
					default:
						t.Errorf("code %s: %v", code, err)
					}
				}()
			}
			wg.Wait()
			if n := signedIn.Load(); n != 1 {
				t.Errorf("code %s sent six times at once signed in %d times; want once", code, n)
			}
		}
	})
}
