package users_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth/oidc"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

const entra = "https://login.microsoftonline.com/tenant/v2.0"

// Single sign-on finds the user by email the first time (any case) and binds the provider's
// subject to the account, then finds them by subject even when their email has changed. Roles come
// from IMS. An unknown or disabled user is refused with the same message naming the email, and an
// account bound to another person at the provider is not handed to a new one with its email.
func TestSignInWithOIDC(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		r := newSignInRig(t, db)
		id := r.user(t, "jo.bloggs@council.gov.uk", ims.Refund)
		r.svc.PasswordVerifier = func(string, string) (bool, bool, error) {
			t.Error("single sign-on checked a password")
			return false, false, nil
		}
		first := oidc.Identity{Issuer: entra, Subject: "sub-jo", Email: "Jo.Bloggs@Council.gov.uk", Name: "Jo"}
		p, err := r.svc.SignInWithOIDC(ctx, first)
		if err != nil || p.UserID != id || !p.HasRole(ims.Refund) {
			t.Fatalf("first single sign-on: %+v, %v", p, err)
		}
		if !r.lastLogin(t, id).Equal(db.Now()) {
			t.Errorf("last sign-in recorded as %v", r.lastLogin(t, id))
		}
		var issuer, subject string
		must(t, db.SQL.QueryRow(`SELECT oidc_issuer, oidc_subject FROM users WHERE id = $1`, id).Scan(&issuer, &subject))
		if issuer != entra || subject != "sub-jo" {
			t.Errorf("bound to %q %q", issuer, subject)
		}
		renamed := oidc.Identity{Issuer: entra, Subject: "sub-jo", Email: "jo.smith@council.gov.uk"}
		if p, err := r.svc.SignInWithOIDC(ctx, renamed); err != nil || p.UserID != id {
			t.Errorf("sign-on by subject after the email changed: %+v, %v", p, err)
		}

		unknown := oidc.Identity{Issuer: entra, Subject: "sub-x", Email: "x@council.gov.uk"}
		_, err = r.svc.SignInWithOIDC(ctx, unknown)
		if ims.ErrorCode(err) != ims.Unauthorized || !strings.Contains(ims.ErrorMessage(err), "No IMS account for x@council.gov.uk") {
			t.Errorf("unknown user: %v", err)
		}
		// Someone else at the provider now has Jo's email: they do not get Jo's account.
		impostor := oidc.Identity{Issuer: entra, Subject: "sub-other", Email: "jo.bloggs@council.gov.uk"}
		if _, err := r.svc.SignInWithOIDC(ctx, impostor); ims.ErrorCode(err) != ims.Unauthorized {
			t.Errorf("another person with the account's email: %v; want Unauthorized", err)
		}

		gone := r.user(t, "gone@council.gov.uk")
		must(t, db.InTx(ctx, func(tx *sqldb.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE users SET disabled = TRUE WHERE id = $1`, gone)
			return err
		}))
		_, err = r.svc.SignInWithOIDC(ctx, oidc.Identity{Issuer: entra, Subject: "sub-gone", Email: "gone@council.gov.uk"})
		if ims.ErrorCode(err) != ims.Unauthorized || !strings.Contains(ims.ErrorMessage(err), "No IMS account for gone@council.gov.uk") {
			t.Errorf("disabled user: %v", err)
		}
		want := `create oidc_bound{"issuer":"` + entra + `","subject":"sub-jo"} login{"factor":"oidc"} login{"factor":"oidc"} ` +
			`login_refused{"reason":"bound to another person at the identity provider"} create login_refused{"reason":"disabled"}`
		if got := auditActions(t, db); got != want {
			t.Errorf("audited %s\nwant    %s", got, want)
		}
	})
}
