package refdata_test

import (
	"context"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

var admin = ims.Principal{UserID: 1, Name: "admin", Roles: []ims.Role{ims.SystemAdmin}}

// Every change of reference data needs the SystemAdmin role; a refused change leaves no trace.
func TestChangesNeedTheSystemAdminRole(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		svc := refdata.New(db)
		vat := ims.VATCode{Code: "W0", Name: "Standard", Rate: 2000}
		org := ims.Organisation{Name: "Anytown Council"}
		doc := ims.ReferenceData{VATCodes: []ims.VATCode{{Code: "Z0", Name: "Zero"}}}
		refused := func(what string, err error) {
			t.Helper()
			if code := ims.ErrorCode(err); code != ims.Forbidden && code != ims.Unauthorized {
				t.Errorf("%s: %v, want refused", what, err)
			}
		}
		for _, p := range []ims.Principal{{UserID: 2, Roles: []ims.Role{ims.Payments, ims.Auditor, ims.UserAdmin}}, {}} {
			refused("Put", refdata.Put(ctx, p, db.VATCodes(), vat))
			refused("LoadReferenceData", func() error { _, err := svc.LoadReferenceData(ctx, p, doc); return err }())
			refused("SetOrganisation", svc.SetOrganisation(ctx, p, org))
		}
		if codes, err := db.VATCodes().List(ctx); err != nil || len(codes) != 0 {
			t.Fatalf("VAT codes after refused changes = %v, %v; want none", codes, err)
		}

		if err := refdata.Put(ctx, admin, db.VATCodes(), vat); err != nil {
			t.Fatal(err)
		}
		clerk := ims.Principal{UserID: 2, Roles: []ims.Role{ims.Payments}}
		refused("Delete", refdata.Delete(ctx, clerk, db.VATCodes(), "W0"))
		if _, err := db.VATCodes().Get(ctx, "W0"); err != nil {
			t.Fatalf("VAT code after a refused delete: %v", err)
		}
		if err := refdata.Delete(ctx, admin, db.VATCodes(), "W0"); err != nil {
			t.Fatal(err)
		}
		if n, err := svc.LoadReferenceData(ctx, admin, doc); err != nil || n != 1 {
			t.Fatalf("LoadReferenceData by a SystemAdmin = %d, %v", n, err)
		}
		if err := svc.SetOrganisation(ctx, admin, org); err != nil {
			t.Fatal(err)
		}
		if got, err := db.Organisation(ctx); err != nil || got.Name != org.Name {
			t.Fatalf("organisation = %+v, %v", got, err)
		}
	})
}
