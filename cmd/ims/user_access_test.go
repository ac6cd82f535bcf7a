package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/app"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/auth/totp"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// userRig is a migrated database that the ims commands and the users service both reach: the
// commands change accounts as an operator would, and the service shows what a user then finds
// when signing in.
type userRig struct {
	env map[string]string
	db  *sqldb.DB
	svc *users.Service
}

const (
	rigPassword = "correct horse battery staple"
	newPassword = "a brand new pass phrase for tests"
)

// userEngines runs fn once per engine with a rig of its own.
func userEngines(t *testing.T, fn func(t *testing.T, r userRig)) {
	t.Helper()
	for _, engine := range []sqldb.Engine{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			env := map[string]string{"IMS_DATABASE_URL": sqldbtest.MigratedURL(t, engine), "IMS_SECRET_KEY": strings.Repeat("k", 40)}
			cfg, err := config.FromEnv(func(k string) string { return env[k] })
			if err != nil {
				t.Fatal(err)
			}
			db, err := app.OpenDatabase(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			svc := users.New(db)
			svc.Params = cheapHashing // recovery codes the tests make; the commands hash at full cost
			fn(t, userRig{env: env, db: db, svc: svc})
		})
	}
}

// create makes a user with rigPassword through ims user create and returns their id.
func (r userRig) create(t *testing.T, email, name string, roles ...string) int64 {
	t.Helper()
	args := []string{"user", "create", "--email", email, "--name", name}
	for _, role := range roles {
		args = append(args, "--role", role)
	}
	if code, out, stderr := run(t, r.env, rigPassword+"\n", args...); code != exitOK {
		t.Fatalf("user create %s: exit %d %q %q", email, code, out, stderr)
	}
	u, err := r.svc.UserByEmail(context.Background(), ims.System(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// signIn signs in with a password under the policy the server applies.
func (r userRig) signIn(email, password string) (users.SignInResult, error) {
	return r.svc.SignInWithPassword(context.Background(), email, password, auth.DefaultLockoutPolicy())
}

// systemActions returns the actions the system principal took on user id, oldest first.
func (r userRig) systemActions(t *testing.T, id int64) []string {
	t.Helper()
	events, err := ledger.New(r.db).AuditEvents(context.Background(), ims.System(),
		sqldb.AuditFilter{Entity: "user", EntityID: fmt.Sprint(id), Actor: "system"})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range events {
		actions = append(actions, e.Action)
	}
	return actions
}

// lastSystemEvent returns the newest audit event of the system principal on user id.
func (r userRig) lastSystemEvent(t *testing.T, id int64) ims.AuditEvent {
	t.Helper()
	events, err := ledger.New(r.db).AuditEvents(context.Background(), ims.System(),
		sqldb.AuditFilter{Entity: "user", EntityID: fmt.Sprint(id), Actor: "system"})
	if err != nil || len(events) == 0 {
		t.Fatalf("no audit event of the system on user %d: %v", id, err)
	}
	return events[len(events)-1]
}

// An administrator locked out by wrong passwords is unlocked by the operator: the right password
// then signs in where it was refused, and the unlock is audited as the system's.
func TestUserUnlock(t *testing.T) {
	t.Parallel()
	userEngines(t, func(t *testing.T, r userRig) {
		id := r.create(t, "ua@example.gov.uk", "Una Admin", "UserAdmin")
		for range auth.DefaultLockoutPolicy().MaxFailures {
			if _, err := r.signIn("ua@example.gov.uk", "a wrong guess at it"); ims.ErrorCode(err) != ims.Unauthorized {
				t.Fatalf("a wrong password: %v", err)
			}
		}
		if _, err := r.signIn("ua@example.gov.uk", rigPassword); ims.ErrorCode(err) != ims.Unauthorized {
			t.Fatalf("the right password of a locked account: %v; want it refused", err)
		}
		code, out, stderr := run(t, r.env, "", "user", "list")
		if code != exitOK || !strings.Contains(out, "enabled, locked until ") {
			t.Errorf("user list of a locked account: exit %d %q %q; want it shown locked", code, out, stderr)
		}
		code, out, stderr = run(t, r.env, "", "user", "unlock", "UA@example.gov.uk")
		if code != exitOK || out != "unlocked ua@example.gov.uk: 10 failed sign-ins cleared\n" {
			t.Errorf("user unlock: exit %d %q %q", code, out, stderr)
		}
		if e := r.lastSystemEvent(t, id); e.Action != "unlock" || !strings.Contains(e.Before, `"failed_sign_ins":10`) {
			t.Errorf("audit event %s %s → %s; want unlock from 10 failed sign-ins", e.Action, e.Before, e.After)
		}
		if res, err := r.signIn("ua@example.gov.uk", rigPassword); err != nil || res.Step != users.SignedIn {
			t.Errorf("sign-in after unlock: %+v %v; want signed in", res, err)
		}
		code, out, _ = run(t, r.env, "", "user", "unlock", "ua@example.gov.uk")
		if code != exitOK || !strings.Contains(out, "nothing to unlock") {
			t.Errorf("unlocking an account that is not locked: exit %d %q", code, out)
		}
		if got := r.systemActions(t, id); len(got) != 2 || got[1] != "unlock" {
			t.Errorf("the system's actions on the user: %v; want create and one unlock", got)
		}
		code, out, stderr = run(t, r.env, "", "user", "unlock", "nobody@example.gov.uk")
		if code != exitFailure || out != "" || !strings.Contains(stderr, "There is no user with the email address nobody@example.gov.uk") {
			t.Errorf("unlocking an unknown email: exit %d %q %q; want 1 naming the address", code, out, stderr)
		}
	})
}

// The operator sets a password read from standard input, under the password rules: the old one
// stops working and the new one signs in.
func TestUserSetPassword(t *testing.T) {
	t.Parallel()
	userEngines(t, func(t *testing.T, r userRig) {
		id := r.create(t, "ua@example.gov.uk", "Una Admin", "UserAdmin")
		code, out, stderr := run(t, r.env, "short\n", "user", "set-password", "ua@example.gov.uk")
		if code != exitFailure || out != "" || !strings.Contains(stderr, "Password must be 12 characters or more") {
			t.Errorf("a password the rules refuse: exit %d %q %q; want 1 naming the rule", code, out, stderr)
		}
		code, _, stderr = run(t, r.env, newPassword+"\n", "user", "set-password", "gone@example.gov.uk")
		if code != exitFailure || !strings.Contains(stderr, "There is no user with the email address gone@example.gov.uk") {
			t.Errorf("an unknown email: exit %d %q", code, stderr)
		}
		if res, err := r.signIn("ua@example.gov.uk", rigPassword); err != nil || res.Step != users.SignedIn {
			t.Fatalf("a refused set-password changed the password: %v", err)
		}
		code, out, stderr = run(t, r.env, newPassword+"\n", "user", "set-password", "ua@example.gov.uk")
		if code != exitOK || !strings.HasPrefix(out, "set the password of ua@example.gov.uk") || strings.Count(out, "\n") != 1 {
			t.Errorf("user set-password: exit %d %q %q", code, out, stderr)
		}
		if _, err := r.signIn("ua@example.gov.uk", rigPassword); ims.ErrorCode(err) != ims.Unauthorized {
			t.Errorf("the old password after set-password: %v; want it refused", err)
		}
		if res, err := r.signIn("ua@example.gov.uk", newPassword); err != nil || res.Step != users.SignedIn {
			t.Errorf("the new password: %+v %v; want signed in", res, err)
		}
		if e := r.lastSystemEvent(t, id); e.Action != "set_password" || strings.Contains(e.After, "argon2") {
			t.Errorf("audit event %s %q; want set_password without the hash", e.Action, e.After)
		}
	})
}

// A user who lost their phone has their authenticator app removed: their password then signs in
// without asking for a code.
func TestUserResetTOTP(t *testing.T) {
	t.Parallel()
	userEngines(t, func(t *testing.T, r userRig) {
		ctx := context.Background()
		id := r.create(t, "ua@example.gov.uk", "Una Admin", "UserAdmin")
		e, err := r.svc.BeginTOTP(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		code, err := totp.CodeAt(e.Secret, totp.StepAt(time.Now()))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.svc.ConfirmTOTP(ctx, ims.Principal{UserID: id}, id, e.Secret, code); err != nil {
			t.Fatal(err)
		}
		if res, err := r.signIn("ua@example.gov.uk", rigPassword); err != nil || res.Step != users.NeedsCode {
			t.Fatalf("sign-in with an app: %+v %v; want NeedsCode", res, err)
		}
		if _, out, _ := run(t, r.env, "", "user", "list"); !strings.Contains(out, "AUTHENTICATOR APP") || !strings.Contains(out, "yes") {
			t.Errorf("user list does not show the app:\n%s", out)
		}
		exit, out, stderr := run(t, r.env, "", "user", "reset-totp", "ua@example.gov.uk")
		if exit != exitOK || out != "removed the authenticator app and recovery codes of ua@example.gov.uk\n" {
			t.Errorf("user reset-totp: exit %d %q %q", exit, out, stderr)
		}
		if res, err := r.signIn("ua@example.gov.uk", rigPassword); err != nil || res.Step != users.SignedIn {
			t.Errorf("sign-in after reset-totp: %+v %v; want SignedIn", res, err)
		}
		if e := r.lastSystemEvent(t, id); e.Action != "totp_reset" {
			t.Errorf("audit event %s; want totp_reset", e.Action)
		}
		if exit, out, _ := run(t, r.env, "", "user", "reset-totp", "ua@example.gov.uk"); exit != exitOK || !strings.Contains(out, "has no authenticator app") {
			t.Errorf("reset-totp of a user without an app: exit %d %q", exit, out)
		}
		if exit, _, stderr := run(t, r.env, "", "user", "reset-totp", "x@example.gov.uk"); exit != exitFailure || !strings.Contains(stderr, "x@example.gov.uk") {
			t.Errorf("reset-totp of an unknown email: exit %d %q", exit, stderr)
		}
	})
}

// A leaver is disabled and cannot sign in; enabled again, they can. The list of disabled users
// shows only them.
func TestUserDisableAndEnable(t *testing.T) {
	t.Parallel()
	userEngines(t, func(t *testing.T, r userRig) {
		id := r.create(t, "leaver@example.gov.uk", "Lee Leaver", "Finance")
		r.create(t, "stayer@example.gov.uk", "Sam Stayer", "Finance")
		if code, out, stderr := run(t, r.env, "", "user", "disable", "leaver@example.gov.uk"); code != exitOK || out != "disabled leaver@example.gov.uk\n" {
			t.Errorf("user disable: exit %d %q %q", code, out, stderr)
		}
		if _, err := r.signIn("leaver@example.gov.uk", rigPassword); ims.ErrorCode(err) != ims.Unauthorized {
			t.Errorf("a disabled user signed in: %v", err)
		}
		_, out, _ := run(t, r.env, "", "user", "list", "--disabled")
		if !strings.Contains(out, "leaver@example.gov.uk") || !strings.Contains(out, "disabled") || strings.Contains(out, "stayer") {
			t.Errorf("user list --disabled:\n%s\nwant only the leaver", out)
		}
		if code, out, _ := run(t, r.env, "", "user", "disable", "leaver@example.gov.uk"); code != exitOK || !strings.Contains(out, "already disabled") {
			t.Errorf("disabling twice: exit %d %q", code, out)
		}
		if code, out, stderr := run(t, r.env, "", "user", "enable", "leaver@example.gov.uk"); code != exitOK || out != "enabled leaver@example.gov.uk\n" {
			t.Errorf("user enable: exit %d %q %q", code, out, stderr)
		}
		if res, err := r.signIn("leaver@example.gov.uk", rigPassword); err != nil || res.Step != users.SignedIn {
			t.Errorf("sign-in after enable: %+v %v", res, err)
		}
		if got := strings.Join(r.systemActions(t, id), " "); got != "create disable enable" {
			t.Errorf("the system's actions on the user: %s; want create disable enable", got)
		}
		if _, out, _ := run(t, r.env, "", "user", "list", "--disabled"); out != "no users\n" {
			t.Errorf("user list --disabled with none: %q", out)
		}
	})
}

// The operator makes someone a user administrator again, keeping the roles they hold; the change
// is audited with the roles before and after.
func TestUserGrant(t *testing.T) {
	t.Parallel()
	userEngines(t, func(t *testing.T, r userRig) {
		ctx := context.Background()
		id := r.create(t, "fin@example.gov.uk", "Fay Finance", "Finance")
		code, out, stderr := run(t, r.env, "", "user", "grant", "fin@example.gov.uk", "--role", "useradmin", "--role", "Finance")
		if code != exitOK || out != "granted UserAdmin to fin@example.gov.uk; their roles are now Finance, UserAdmin\n" {
			t.Errorf("user grant: exit %d %q %q", code, out, stderr)
		}
		res, err := r.signIn("fin@example.gov.uk", rigPassword)
		if err != nil || !res.Principal.HasRole(ims.UserAdmin) || !res.Principal.HasRole(ims.Finance) {
			t.Errorf("after grant the user signs in as %+v (%v); want UserAdmin and Finance", res.Principal, err)
		}
		if _, err := r.svc.ListUsers(ctx, res.Principal, users.UserFilter{}, 1); err != nil {
			t.Errorf("the new user administrator cannot list users: %v", err)
		}
		if e := r.lastSystemEvent(t, id); e.Action != "update" || strings.Contains(e.Before, "UserAdmin") || !strings.Contains(e.After, "UserAdmin") {
			t.Errorf("audit event %s %s → %s; want update adding UserAdmin", e.Action, e.Before, e.After)
		}
		if _, out, _ := run(t, r.env, "", "user", "list", "--role", "UserAdmin"); !strings.Contains(out, "fin@example.gov.uk") || !strings.Contains(out, "Finance,UserAdmin") {
			t.Errorf("user list --role UserAdmin:\n%s", out)
		}
		if code, out, _ := run(t, r.env, "", "user", "grant", "--role", "UserAdmin", "fin@example.gov.uk"); code != exitOK || !strings.Contains(out, "already has UserAdmin: nothing changed") {
			t.Errorf("granting a held role: exit %d %q", code, out)
		}
		if code, _, stderr := run(t, r.env, "", "user", "grant", "fin@example.gov.uk", "--role", "Boss"); code != exitUsage || !strings.Contains(stderr, `"Boss" is not a role`) {
			t.Errorf("an unknown role: exit %d %q; want 2 naming it", code, stderr)
		}
		if code, _, stderr := run(t, r.env, "", "user", "grant", "fin@example.gov.uk"); code != exitUsage || !strings.Contains(stderr, "--role") {
			t.Errorf("grant without a role: exit %d %q; want 2 asking for --role", code, stderr)
		}
		if code, _, stderr := run(t, r.env, "", "user", "grant", "nobody@example.gov.uk", "--role", "Finance"); code != exitFailure || !strings.Contains(stderr, "nobody@example.gov.uk") {
			t.Errorf("grant to an unknown email: exit %d %q", code, stderr)
		}
		if got := r.systemActions(t, id); len(got) != 2 {
			t.Errorf("the system's actions on the user: %v; want create and one update", got)
		}
	})
}

// The user commands name a missing email, an extra argument or an unknown subcommand, with the
// usage, before they touch a database.
func TestUserCommandUsage(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"user"}, "name a subcommand"},
		{[]string{"user", "frobnicate"}, `unknown subcommand "frobnicate"`},
		{[]string{"user", "unlock"}, "give the email address"},
		{[]string{"user", "disable", "a@example.gov.uk", "b@example.gov.uk"}, `unexpected argument "b@example.gov.uk"`},
		{[]string{"user", "list", "--locked"}, "-locked"},
		{[]string{"user", "list", "--role", "Boss"}, `"Boss" is not a role`},
	}
	for _, c := range cases {
		code, out, stderr := run(t, nil, "", c.args...)
		if code != exitUsage || out != "" || !strings.Contains(stderr, c.want) {
			t.Errorf("ims %s: exit %d %q %q; want 2 naming %s", strings.Join(c.args, " "), code, out, stderr, c.want)
		}
	}
	for _, args := range [][]string{{"user", "--help"}, {"user", "grant", "--help"}, {"user", "list", "-h"}} {
		if code, out, _ := run(t, nil, "", args...); code != exitOK || !strings.Contains(out, "usage: ims user") {
			t.Errorf("ims %s: exit %d %q; want the usage", strings.Join(args, " "), code, out)
		}
	}
}

// Pointed at a SQLite file that does not exist, the user commands name it and create nothing, as
// every other command does.
func TestUserCommandsDoNotCreateADatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ims.db")
	env := map[string]string{"IMS_DATABASE_URL": "sqlite:" + path}
	for _, args := range [][]string{{"user", "list"}, {"user", "unlock", "ua@example.gov.uk"}, {"user", "grant", "ua@example.gov.uk", "--role", "UserAdmin"}} {
		code, _, stderr := run(t, env, "", args...)
		if code != exitUsage || !strings.Contains(stderr, path) || !strings.Contains(stderr, "ims migrate") {
			t.Errorf("ims %s: exit %d, %q; want 2 naming %s and ims migrate", strings.Join(args, " "), code, stderr, path)
		}
		if _, err := os.Stat(path); err == nil {
			t.Fatalf("ims %s created %s", strings.Join(args, " "), path)
		}
	}
}
