package demo_test

import (
	"context"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/app"
	"github.com/ims-council/ims/internal/app/apptest"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// Every card payment of the demo's sample week has its payment record, and the demo refunder can
// refund a portal one in full through the built-in simulator serving the demo, which learns of the
// week's payments when it starts.
func TestDemoCardPaymentsCanBeRefunded(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		load(t, db)
		var cardLines, unrecorded int
		if err := db.SQL.QueryRow(`SELECT COUNT(*) FROM ledger_entries WHERE psp_payment_id IS NOT NULL AND psp_payment_id <> ''`).Scan(&cardLines); err != nil {
			t.Fatal(err)
		}
		if err := db.SQL.QueryRow(`SELECT COUNT(*) FROM ledger_entries e WHERE e.psp_payment_id <> '' AND NOT EXISTS
			(SELECT 1 FROM pending_payments p WHERE p.posting_id = e.posting_id AND p.state = 'succeeded')`).Scan(&unrecorded); err != nil {
			t.Fatal(err)
		}
		if cardLines == 0 || unrecorded != 0 {
			t.Fatalf("%d card lines in the week, %d of them without a succeeded payment record", cardLines, unrecorded)
		}
		var paymentID string
		var userID int64
		if err := db.SQL.QueryRow(`SELECT id FROM pending_payments WHERE source = 'portal' ORDER BY created_at DESC, id LIMIT 1`).Scan(&paymentID); err != nil {
			t.Fatal(err)
		}
		if err := db.SQL.QueryRow(`SELECT id FROM users WHERE email = 'refund@demo.example'`).Scan(&userID); err != nil {
			t.Fatal(err)
		}
		a, _ := apptest.Serve(t, db, app.WithSimulator(app.Simulator{}))
		refunder, _, err := users.New(db).StaffSession(ctx, userID)
		if err != nil {
			t.Fatal(err)
		}
		rf, _, err := a.Payments.Refund(ctx, refunder, ims.RefundRequest{PaymentID: paymentID, Reason: "Trying the demo", IdempotencyKey: "demo-1"})
		if err != nil || rf.State != ims.RefundSucceeded {
			t.Fatalf("refunding demo payment %s: %+v %v; want succeeded", paymentID, rf, err)
		}
	})
}
