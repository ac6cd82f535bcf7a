package users_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/auth/totp"
	"github.com/ims-council/ims/internal/secretbox"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// signInRig is a users service on a fresh database whose server has an IMS_SECRET_KEY, with a
// clock the test moves.
type signInRig struct {
	db     *sqldb.DB
	svc    *users.Service
	clock  *sqldbtest.Clock
	policy auth.LockoutPolicy
}

const rigPassword = "correct horse battery staple"

func newSignInRig(t *testing.T, db *sqldb.DB) signInRig {
	t.Helper()
	box, err := secretbox.New(strings.Repeat("k", 40))
	must(t, err)
	db.Secrets = box
	svc := users.New(db)
	svc.Params = cheap
	return signInRig{db: db, svc: svc, clock: db.Clock.(*sqldbtest.Clock), policy: auth.LockoutPolicy{MaxFailures: 4, LockFor: 15 * time.Minute}}
}

// user creates an enabled staff user with rigPassword and returns their id.
func (r signInRig) user(t *testing.T, email string, roles ...ims.Role) int64 {
	t.Helper()
	u, err := r.svc.CreateUser(context.Background(), ims.System(), ims.User{Email: email, Name: "User " + email, Roles: roles}, rigPassword, cheap)
	must(t, err)
	return u.ID
}

// enrol sets up an authenticator app for a user, as the user, and returns its secret and the
// recovery codes.
func (r signInRig) enrol(t *testing.T, id int64) (secret string, codes []string) {
	t.Helper()
	ctx := context.Background()
	e, err := r.svc.BeginTOTP(ctx, id)
	must(t, err)
	codes, err = r.svc.ConfirmTOTP(ctx, ims.Principal{UserID: id}, id, e.Secret, r.code(t, e.Secret))
	must(t, err)
	return e.Secret, codes
}

// code is the code an app with secret shows now.
func (r signInRig) code(t *testing.T, secret string) string {
	t.Helper()
	c, err := totp.CodeAt(secret, totp.StepAt(r.clock.Now()))
	must(t, err)
	return c
}

// nextCode moves the clock to the next 30-second step and returns the code an app shows then.
func (r signInRig) nextCode(t *testing.T, secret string) string {
	t.Helper()
	r.clock.Advance(totp.Period)
	return r.code(t, secret)
}

// lastLogin is the user's recorded last sign-in, zero when none.
func (r signInRig) lastLogin(t *testing.T, id int64) time.Time {
	t.Helper()
	var at *time.Time
	must(t, r.db.SQL.QueryRow(`SELECT last_login FROM users WHERE id = $1`, id).Scan(&at))
	if at == nil {
		return time.Time{}
	}
	return *at
}
