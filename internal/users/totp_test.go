package users_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth/totp"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// When the council requires an authenticator app, a user without one is sent to set one up; a
// wrong first code is refused on the code field; the right one stores the app and completes the
// sign-in. A second app cannot replace the first until a user administrator resets it.
func TestCompulsoryAppIsSetUpAtSignIn(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		r := newSignInRig(t, db)
		id := r.user(t, "fin@example.gov.uk", ims.Finance)
		admin := ims.Principal{UserID: r.user(t, "ua@example.gov.uk", ims.UserAdmin), Roles: []ims.Role{ims.UserAdmin}}
		must(t, r.svc.SetSecuritySettings(ctx, ims.System(), ims.SecuritySettings{TOTPRequired: true, InactiveDisableDays: 90}))
		must(t, refdata.New(db).SetOrganisation(ctx, ims.System(), ims.Organisation{Name: "Demo Borough Council"}))

		res, err := r.svc.SignInWithPassword(ctx, "fin@example.gov.uk", rigPassword, r.policy)
		must(t, err)
		if res.Step != users.NeedsEnrolment || res.UserID != id {
			t.Fatalf("password when an app is required = %+v; want NeedsEnrolment", res)
		}
		if _, err := r.svc.SignInAfterEnrolment(ctx, id); ims.ErrorCode(err) != ims.Unauthorized {
			t.Errorf("sign-in completed before an app was set up: %v", err)
		}
		e, err := r.svc.BeginTOTP(ctx, id)
		must(t, err)
		if u, err := url.Parse(e.URL); err != nil || u.Path != "/Demo Borough Council:fin@example.gov.uk" || u.Query().Get("issuer") != "Demo Borough Council" {
			t.Errorf("enrolment URL %s; want the organisation's name and the user's email", e.URL)
		}
		pending := ims.Principal{UserID: id}
		if _, err := r.svc.ConfirmTOTP(ctx, ims.Principal{UserID: admin.UserID, Roles: admin.Roles}, id, e.Secret, r.code(t, e.Secret)); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("someone else confirmed the user's app: %v; want Forbidden", err)
		}
		wrong, err := totp.CodeAt(e.Secret, totp.StepAt(r.clock.Now())+5)
		must(t, err)
		if _, err := r.svc.ConfirmTOTP(ctx, pending, id, e.Secret, wrong); ims.ErrorCode(err) != ims.Invalid || ims.ErrorFields(err)["code"] == "" {
			t.Errorf("a wrong first code: %v; want Invalid on the field code", err)
		}
		if has, _ := r.svc.HasTOTP(ctx, id); has {
			t.Fatal("a wrong first code stored the app")
		}
		codes, err := r.svc.ConfirmTOTP(ctx, pending, id, e.Secret, r.code(t, e.Secret))
		if err != nil || len(codes) != 10 {
			t.Fatalf("confirming the app: %d codes, %v", len(codes), err)
		}
		p, err := r.svc.SignInAfterEnrolment(ctx, id)
		if err != nil || p.UserID != id || !p.HasRole(ims.Finance) {
			t.Fatalf("sign-in after setting up the app: %+v, %v", p, err)
		}

		other, err := r.svc.BeginTOTP(ctx, id)
		must(t, err)
		r.clock.Advance(totp.Period)
		if _, err := r.svc.ConfirmTOTP(ctx, pending, id, other.Secret, r.code(t, other.Secret)); ims.ErrorCode(err) != ims.Conflict {
			t.Errorf("a second app replaced the first: %v; want Conflict", err)
		}
		r.clock.Advance(5 * totp.Period)
		if _, err := r.svc.SignInAfterEnrolment(ctx, id); ims.ErrorCode(err) != ims.Unauthorized {
			t.Errorf("sign-in completed minutes after the app was set up, without a code: %v", err)
		}

		if err := r.svc.ResetTOTP(ctx, ims.Principal{UserID: id, Roles: []ims.Role{ims.Finance}}, id); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("reset without UserAdmin: %v; want Forbidden", err)
		}
		if err := r.svc.ResetTOTP(ctx, admin, 999); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("reset of a user who does not exist: %v; want NotFound", err)
		}
		must(t, r.svc.ResetTOTP(ctx, admin, id))
		if has, _ := r.svc.HasTOTP(ctx, id); has {
			t.Error("the app is still there after the reset")
		}
		if res, err := r.svc.SignInWithPassword(ctx, "fin@example.gov.uk", rigPassword, r.policy); err != nil || res.Step != users.NeedsEnrolment {
			t.Errorf("password after the reset = %+v, %v; want NeedsEnrolment", res, err)
		}
		if _, err := r.svc.ConfirmTOTP(ctx, pending, id, other.Secret, r.code(t, other.Secret)); err != nil {
			t.Errorf("a new app after the reset: %v", err)
		}
		want := `create create password_ok totp_enrolled{"recovery_codes":10} login{"factor":"totp"} ` +
			`totp_reset{"totp":false} password_ok totp_enrolled{"recovery_codes":10}`
		if got := auditActions(t, db); got != want {
			t.Errorf("audited %s\nwant    %s", got, want)
		}
	})
}

// A server without IMS_SECRET_KEY cannot keep an app's secret, and says so before the user scans
// a QR code and when they confirm it.
func TestNoSecretKeyNoApp(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		r := newSignInRig(t, db)
		id := r.user(t, "fin@example.gov.uk")
		e, err := r.svc.BeginTOTP(ctx, id)
		must(t, err)
		db.Secrets = nil
		if _, err := r.svc.BeginTOTP(ctx, id); ims.ErrorCode(err) != ims.Invalid || !strings.Contains(ims.ErrorMessage(err), "IMS_SECRET_KEY") {
			t.Errorf("BeginTOTP without a secret key: %v; want Invalid naming IMS_SECRET_KEY", err)
		}
		_, err = r.svc.ConfirmTOTP(ctx, ims.Principal{UserID: id}, id, e.Secret, r.code(t, e.Secret))
		if ims.ErrorCode(err) != ims.Invalid || !strings.Contains(ims.ErrorMessage(err), "IMS_SECRET_KEY") {
			t.Errorf("ConfirmTOTP without a secret key: %v; want Invalid naming IMS_SECRET_KEY", err)
		}
		if has, _ := r.svc.HasTOTP(ctx, id); has {
			t.Error("an app was stored without a secret key")
		}
	})
}
