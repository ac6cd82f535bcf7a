package users_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// Accounts unused for the configured number of days are disabled, counting from the last sign-in,
// or from creation for an account never used; each is audited by the system; 0 days disables none.
func TestDisableInactiveUsers(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		r := newSignInRig(t, db)
		never := r.user(t, "never@example.gov.uk")
		active := r.user(t, "active@example.gov.uk")
		day := 24 * time.Hour
		r.clock.Advance(60 * day)
		if _, err := r.svc.SignInWithPassword(ctx, "active@example.gov.uk", rigPassword, r.policy); err != nil {
			t.Fatal(err)
		}
		r.clock.Advance(30*day - time.Minute) // 90 days less a minute since creation
		if ids, err := r.svc.DisableInactiveUsers(ctx); err != nil || len(ids) != 0 {
			t.Fatalf("before 90 days: disabled %v, %v", ids, err)
		}
		r.clock.Advance(2 * time.Minute)
		ids, err := r.svc.DisableInactiveUsers(ctx)
		if err != nil || !slices.Equal(ids, []int64{never}) {
			t.Fatalf("after 90 days: disabled %v, %v; want only the user who never signed in", ids, err)
		}
		if _, err := r.svc.StaffPrincipal(ctx, never); ims.ErrorCode(err) != ims.Unauthorized {
			t.Errorf("a disabled user still acts: %v", err)
		}
		if ids, err := r.svc.DisableInactiveUsers(ctx); err != nil || len(ids) != 0 {
			t.Errorf("run again: disabled %v, %v; want none", ids, err)
		}

		r.clock.Advance(61 * day) // 91 days since the active user signed in
		must(t, r.svc.SetSecuritySettings(ctx, ims.System(), ims.SecuritySettings{InactiveDisableDays: 0}))
		if ids, err := r.svc.DisableInactiveUsers(ctx); err != nil || len(ids) != 0 {
			t.Errorf("with 0 days: disabled %v, %v; want none", ids, err)
		}
		must(t, r.svc.SetSecuritySettings(ctx, ims.System(), ims.SecuritySettings{InactiveDisableDays: 90}))
		if ids, err := r.svc.DisableInactiveUsers(ctx); err != nil || !slices.Equal(ids, []int64{active}) {
			t.Errorf("91 days after the last sign-in: disabled %v, %v", ids, err)
		}
		// Enabled again by a user administrator, the account has another 90 days to be used.
		admin := ims.Principal{UserID: 99, Roles: []ims.Role{ims.UserAdmin}}
		must(t, r.svc.SetDisabled(ctx, admin, never, false))
		r.clock.Advance(day)
		if ids, err := r.svc.DisableInactiveUsers(ctx); err != nil || len(ids) != 0 {
			t.Errorf("the day after an administrator enabled it: disabled %v, %v; want none", ids, err)
		}
		r.clock.Advance(89*day + time.Minute)
		if ids, err := r.svc.DisableInactiveUsers(ctx); err != nil || !slices.Equal(ids, []int64{never}) {
			t.Errorf("90 days after an administrator enabled it: disabled %v, %v", ids, err)
		}
		all, err := ledger.New(db).AuditEvents(ctx, auditor, sqldb.AuditFilter{Entity: "user"})
		must(t, err)
		var events []ims.AuditEvent
		for _, e := range all {
			if e.Action == "disable" {
				events = append(events, e)
			}
		}
		if len(events) != 3 || events[0].Actor != "system" || events[0].After != `{"disabled":true,"reason":"inactive"}` {
			t.Errorf("audited %+v", events)
		}
	})
}
