package sqldb_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/money"
)

var admin = ims.Principal{UserID: 1, Name: "admin", Roles: []ims.Role{ims.SystemAdmin, ims.Auditor}}

func TestFundRoundTripAndAudit(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		must(t, db.VATCodes().Put(ctx, admin, ims.VATCode{Code: "W0", Name: "Standard", Rate: 2000}))
		max := money.MustParse("5000")
		f := ims.Fund{Code: "23", Name: "Council Tax", VATCode: "W0", MaxAmount: &max, Portal: true,
			PortalLabel: "Council Tax", Metadata: map[string]string{"system": "revs"}}
		must(t, db.Funds().Put(ctx, admin, f))
		got, err := db.Funds().Get(ctx, "23")
		must(t, err)
		if diff := cmp.Diff(f, got); diff != "" {
			t.Errorf("fund read back differs (-put +got):\n%s", diff)
		}
		f.Disabled = true
		must(t, db.Funds().Put(ctx, admin, f))
		events, err := db.AuditEvents(ctx, sqldb.AuditFilter{Entity: "fund"})
		must(t, err)
		if len(events) != 2 || events[0].Action != "create" || events[1].Action != "update" || events[1].Before == "" {
			t.Fatalf("audit events = %+v; want create then update with before", events)
		}
		if events[0].Actor != "user:1" {
			t.Errorf("actor = %q", events[0].Actor)
		}
	})
}

func TestFundValidationNamesTheField(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		err := db.Funds().Put(ctx, admin, ims.Fund{Code: "23", Name: "Council Tax", VATCode: "ZZ"})
		if ims.ErrorCode(err) != ims.Invalid || ims.ErrorFields(err)["vat_code"] == "" {
			t.Fatalf("unknown VAT code: %v", err)
		}
		err = db.Funds().Put(ctx, admin, ims.Fund{Code: "toolong", Name: ""})
		fields := ims.ErrorFields(err)
		if fields["code"] == "" || fields["name"] == "" {
			t.Fatalf("bad fund: %v", err)
		}
	})
}

func TestOnlyOneSuspenseFund(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		must(t, db.VATCodes().Put(ctx, admin, ims.VATCode{Code: "M0", Name: "Outside scope", Suspense: true}))
		must(t, db.Funds().Put(ctx, admin, ims.Fund{Code: "1", Name: "Suspense", VATCode: "M0", Suspense: true}))
		err := db.Funds().Put(ctx, admin, ims.Fund{Code: "2", Name: "Other", VATCode: "M0", Suspense: true})
		if ims.ErrorCode(err) != ims.Conflict {
			t.Fatalf("second suspense fund: %v", err)
		}
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
