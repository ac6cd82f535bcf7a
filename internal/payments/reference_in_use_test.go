package payments_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp/govukpaysim"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// A card payment not yet paid, so not yet in the ledger, still uses its funds, its MOP and its
// provider account: none can be deleted while it does (only disabled), on both engines. On
// PostgreSQL the payment's rows hold no database keys to them (migration 00035): the stores' own
// in-use checks refuse.
func TestCodesUsedByAnUnpaidCardPaymentCannotBeDeleted(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		if status, body := r.apiCreate(t, "in-use", basket); status != 201 {
			t.Fatalf("create: %d %v", status, body)
		}
		ctx := context.Background()
		admin := ims.Principal{UserID: 1, Roles: []ims.Role{ims.SystemAdmin}}
		for name, del := range map[string]func() error{
			"fund 19":                   func() error { return db.Funds().Delete(ctx, admin, "19") },
			"MOP 90":                    func() error { return db.MOPs().Delete(ctx, admin, "90") },
			"provider account govukpay": func() error { return db.ProviderAccounts().Delete(ctx, admin, "govukpay") },
		} {
			if err := del(); ims.ErrorCode(err) != ims.Conflict || !strings.Contains(ims.ErrorMessage(err), "in use") {
				t.Errorf("deleting %s used by an unpaid card payment: %v; want Conflict, in use", name, err)
			}
		}
		var lines int
		must(t, db.SQL.QueryRow(`SELECT COUNT(*) FROM pending_payment_lines WHERE fund = '19'`).Scan(&lines))
		if lines != 1 {
			t.Errorf("%d lines of fund 19 left; want the payment's one", lines)
		}
		must(t, db.Funds().Delete(ctx, admin, "1")) // the suspense fund: no payment uses it
	})
}
