package users_test

import (
	"context"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// A user administrator unlocks an account locked for good (a policy without expiry); someone
// without the role cannot, and an account that does not exist is NotFound. Accounts shows the
// lock before and not after.
func TestUnlockEndsALockout(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		r := newSignInRig(t, db)
		forever := auth.LockoutPolicy{MaxFailures: 3}
		id := r.user(t, "fin@example.gov.uk", ims.Finance)
		admin := ims.Principal{UserID: r.user(t, "ua@example.gov.uk", ims.UserAdmin), Roles: []ims.Role{ims.UserAdmin}}
		for range 3 {
			r.svc.SignInWithPassword(ctx, "fin@example.gov.uk", "not the password", forever)
		}
		r.clock.Advance(24 * time.Hour)
		if _, err := r.svc.SignInWithPassword(ctx, "fin@example.gov.uk", rigPassword, forever); ims.ErrorCode(err) != ims.Unauthorized {
			t.Fatalf("a day after the lock: %v; want still locked", err)
		}
		locked := func() bool {
			all, err := r.svc.Accounts(ctx, admin, users.UserFilter{Role: ims.Finance})
			must(t, err)
			if len(all) != 1 || all[0].ID != id {
				t.Fatalf("Accounts of the Finance role: %+v", all)
			}
			l, _ := all[0].Locked(forever, r.clock.Now())
			return l
		}
		if !locked() {
			t.Error("Accounts does not show the lock")
		}
		if _, err := r.svc.Unlock(ctx, ims.Principal{UserID: id, Roles: []ims.Role{ims.Finance}}, id); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("unlock without UserAdmin: %v; want Forbidden", err)
		}
		if _, err := r.svc.Unlock(ctx, admin, 9999); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("unlock of a user who does not exist: %v; want NotFound", err)
		}
		if n, err := r.svc.Unlock(ctx, admin, id); err != nil || n != 3 {
			t.Fatalf("unlock: %d cleared, %v; want 3", n, err)
		}
		if locked() {
			t.Error("Accounts still shows the lock after unlock")
		}
		if e := lastAudit(t, db, "user", id); e.Action != "unlock" || e.Actor != admin.Actor() {
			t.Errorf("newest event %s by %s; want unlock by %s", e.Action, e.Actor, admin.Actor())
		}
		if res, err := r.svc.SignInWithPassword(ctx, "fin@example.gov.uk", rigPassword, forever); err != nil || res.Step != users.SignedIn {
			t.Errorf("sign-in after unlock: %+v %v", res, err)
		}
	})
}
