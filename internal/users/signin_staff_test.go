package users_test

import (
	"context"
	"slices"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/demo"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// A request's principal carries the user's roles and the funds of their fund groups, each once;
// a SuperUser sees every fund; a disabled or deleted user is refused. Signing out is audited.
func TestStaffPrincipal(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		r := newSignInRig(t, db)
		doc, err := demo.ReferenceData()
		must(t, err)
		_, err = refdata.New(db).LoadReferenceData(ctx, ims.System(), doc)
		must(t, err)
		// revenues holds funds 23 and 24, sundry 19 and 13, all every fund; all overlaps the others.
		u, err := r.svc.CreateUser(ctx, ims.System(), ims.User{Email: "rev@example.gov.uk", Name: "Rev",
			Roles: []ims.Role{ims.TransactionList, ims.Refund}, FundGroups: []string{"sundry", "revenues"}}, rigPassword, cheap)
		must(t, err)
		p, err := r.svc.StaffPrincipal(ctx, u.ID)
		must(t, err)
		if p.UserID != u.ID || p.Name != "Rev" || !slices.Equal(p.Roles, []ims.Role{ims.Refund, ims.TransactionList}) ||
			!slices.Equal(p.Funds, []string{"13", "19", "23", "24"}) {
			t.Errorf("principal = %+v", p)
		}
		if !p.SeesFund("23") || p.SeesFund("5") {
			t.Errorf("a user of revenues and sundry sees 23: %v, sees 5: %v", p.SeesFund("23"), p.SeesFund("5"))
		}

		super, err := r.svc.CreateUser(ctx, ims.System(), ims.User{Email: "su@example.gov.uk", Name: "Su",
			Roles: []ims.Role{ims.SuperUser}}, rigPassword, cheap)
		must(t, err)
		sp, err := r.svc.StaffPrincipal(ctx, super.ID)
		if err != nil || len(sp.Funds) != 0 || !sp.SeesFund("5") || !sp.SeesFund("23") {
			t.Errorf("SuperUser principal = %+v, %v; want every fund seen without fund groups", sp, err)
		}

		must(t, db.InTx(ctx, func(tx *sqldb.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE users SET disabled = TRUE WHERE id = $1`, u.ID)
			return err
		}))
		if _, err := r.svc.StaffPrincipal(ctx, u.ID); ims.ErrorCode(err) != ims.Unauthorized {
			t.Errorf("disabled user's principal: %v; want Unauthorized", err)
		}
		if _, err := r.svc.StaffPrincipal(ctx, 999); ims.ErrorCode(err) != ims.Unauthorized {
			t.Errorf("unknown user's principal: %v; want Unauthorized", err)
		}

		must(t, r.svc.SignOut(ctx, sp))
		if err := r.svc.SignOut(ctx, ims.System()); ims.ErrorCode(err) != ims.Invalid {
			t.Errorf("the system signed out: %v", err)
		}
		if got, want := auditActions(t, db), "create create logout"; got != want {
			t.Errorf("audited %s; want %s", got, want)
		}
	})
}
