package users_test

import (
	"context"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// The security settings start at their defaults; only a SystemAdmin changes them, within bounds,
// and each change is audited with the settings before and after.
func TestSecuritySettings(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		svc := users.New(db)
		got, err := svc.SecuritySettings(ctx)
		if err != nil || got != (ims.SecuritySettings{TOTPRequired: false, InactiveDisableDays: 90}) {
			t.Fatalf("default settings = %+v, %v", got, err)
		}
		admin := ims.Principal{UserID: 3, Roles: []ims.Role{ims.SystemAdmin}}
		want := ims.SecuritySettings{TOTPRequired: true, InactiveDisableDays: 30}
		if err := svc.SetSecuritySettings(ctx, ims.Principal{UserID: 4, Roles: []ims.Role{ims.UserAdmin}}, want); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("a UserAdmin changed the settings: %v; want Forbidden", err)
		}
		for _, days := range []int{-1, ims.MaxInactiveDisableDays + 1} {
			err := svc.SetSecuritySettings(ctx, admin, ims.SecuritySettings{InactiveDisableDays: days})
			if ims.ErrorCode(err) != ims.Invalid || ims.ErrorFields(err)["inactive_disable_days"] == "" {
				t.Errorf("%d days: %v; want Invalid on inactive_disable_days", days, err)
			}
		}
		must(t, svc.SetSecuritySettings(ctx, admin, want))
		must(t, svc.SetSecuritySettings(ctx, admin, want)) // no change: not audited again
		if got, err := svc.SecuritySettings(ctx); err != nil || got != want {
			t.Errorf("settings after the change = %+v, %v; want %+v", got, err, want)
		}
		never := ims.SecuritySettings{TOTPRequired: true}
		must(t, svc.SetSecuritySettings(ctx, admin, never))
		if got, _ := svc.SecuritySettings(ctx); got != never {
			t.Errorf("0 days read back as %+v", got)
		}
		events, err := ledger.New(db).AuditEvents(ctx, auditor, sqldb.AuditFilter{Entity: "settings"})
		must(t, err)
		if len(events) != 2 || events[0].Actor != "user:3" || events[0].Action != "update" ||
			events[0].Before != `{"totp_required":false,"inactive_disable_days":90}` ||
			events[0].After != `{"totp_required":true,"inactive_disable_days":30}` ||
			events[1].After != `{"totp_required":true,"inactive_disable_days":0}` {
			t.Errorf("audited %+v", events)
		}
	})
}
