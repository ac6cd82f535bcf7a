package users_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// verifierLog counts the password hashes sign-in verifies, passing each on to the real verifier.
type verifierLog struct {
	mu     sync.Mutex
	hashes []string
}

func (l *verifierLog) verify(password, hash string) (bool, bool, error) {
	l.mu.Lock()
	l.hashes = append(l.hashes, hash)
	l.mu.Unlock()
	return auth.VerifyPasswordParams(password, hash, cheap)
}

func (l *verifierLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	h := l.hashes
	l.hashes = nil
	return h
}

// auditActions returns the actions audited about users, in order, with the reason of each refusal.
func auditActions(t *testing.T, db *sqldb.DB) string {
	t.Helper()
	events, err := ledger.New(db).AuditEvents(context.Background(), auditor, sqldb.AuditFilter{Entity: "user"})
	must(t, err)
	var actions []string
	for _, e := range events {
		a := e.Action
		if e.After != "" && e.Action != "create" {
			a += e.After
		}
		actions = append(actions, a)
	}
	return strings.Join(actions, " ")
}

// Thirty wrong guesses sent at once get no more password checks than the lockout limit, and the
// account is locked afterwards: each attempt is counted before its password is checked.
func TestParallelWrongGuessesStopAtTheLockoutLimit(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		svc := users.New(db)
		const password = "correct horse battery staple"
		_, err := svc.CreateUser(ctx, ims.System(), ims.User{Email: "fin@demo.example", Name: "Fin"}, password, cheap)
		must(t, err)
		policy := auth.LockoutPolicy{MaxFailures: 10, LockFor: 15 * time.Minute}
		var wg sync.WaitGroup
		errs := make(chan error, 30)
		for range 30 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := svc.Authenticate(ctx, "fin@demo.example", "a wrong guess", policy)
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if ims.ErrorCode(err) != ims.Unauthorized {
				t.Fatalf("a wrong guess: %v", err)
			}
		}
		if _, err := svc.Authenticate(ctx, "fin@demo.example", password, policy); ims.ErrorCode(err) != ims.Unauthorized {
			t.Fatalf("the right password after 30 wrong guesses signed in (%v); the account should be locked", err)
		}
		events, err := ledger.New(db).AuditEvents(ctx, auditor, sqldb.AuditFilter{Entity: "user"})
		must(t, err)
		checked, refused := 0, 0
		for _, e := range events {
			switch e.Action {
			case "login_failed":
				checked++
			case "login_refused":
				refused++
			}
		}
		if checked != policy.MaxFailures || refused != 31-policy.MaxFailures {
			t.Errorf("%d guesses were checked against the password and %d refused as locked; want %d and %d",
				checked, refused, policy.MaxFailures, 31-policy.MaxFailures)
		}
	})
}

// Every way a sign-in can be refused verifies a password hash before answering, so an unknown,
// locked or disabled account takes as long as a wrong password, and all get the same answer; only
// the audit trail says which it was.
func TestEverySignInRefusalDoesTheSameWork(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		svc := users.New(db)
		const password = "correct horse battery staple"
		log := &verifierLog{}
		svc.PasswordVerifier = log.verify
		policy := auth.LockoutPolicy{MaxFailures: 2, LockFor: 15 * time.Minute}
		locked, err := svc.CreateUser(ctx, ims.System(), ims.User{Email: "locked@demo.example", Name: "Lock"}, password, cheap)
		must(t, err)
		disabled, err := svc.CreateUser(ctx, ims.System(), ims.User{Email: "gone@demo.example", Name: "Gone", Disabled: true}, password, cheap)
		must(t, err)
		stored := func(id int64) string {
			var h string
			must(t, db.SQL.QueryRow(`SELECT password_hash FROM users WHERE id = $1`, id).Scan(&h))
			return h
		}
		for range 2 {
			if _, err := svc.Authenticate(ctx, "locked@demo.example", "wrong", policy); ims.ErrorCode(err) != ims.Unauthorized {
				t.Fatalf("wrong password: %v", err)
			}
		}
		if got := log.take(); len(got) != 2 {
			t.Fatalf("two wrong passwords verified %d hashes", len(got))
		}
		cases := []struct {
			name, email, password, wantHash string
		}{
			{"unknown email", "nobody@demo.example", password, auth.DummyHash},
			{"locked account, right password", "locked@demo.example", password, stored(locked.ID)},
			{"locked account, wrong password", "locked@demo.example", "wrong", stored(locked.ID)},
			{"disabled account, right password", "gone@demo.example", password, stored(disabled.ID)},
		}
		var firstMessage string
		for _, c := range cases {
			_, err := svc.Authenticate(ctx, c.email, c.password, policy)
			if ims.ErrorCode(err) != ims.Unauthorized {
				t.Errorf("%s: %v; want Unauthorized", c.name, err)
				continue
			}
			if firstMessage == "" {
				firstMessage = ims.ErrorMessage(err)
			} else if ims.ErrorMessage(err) != firstMessage {
				t.Errorf("%s answers %q, unlike %q: the answer tells which it was", c.name, ims.ErrorMessage(err), firstMessage)
			}
			if got := log.take(); len(got) != 1 || got[0] != c.wantHash {
				t.Errorf("%s verified %d hashes %q; want one check against %q", c.name, len(got), got, c.wantHash)
			}
		}
		want := `create create login_failed login_failed lockout{"failures":2,"until":"2026-03-10T09:45:00Z"} login_refused{"reason":"locked"} login_refused{"reason":"locked"} login_refused{"reason":"disabled"}`
		if got := auditActions(t, db); got != want {
			t.Errorf("audited %s\nwant    %s", got, want)
		}
	})
}
