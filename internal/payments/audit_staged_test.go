package payments_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp/govukpaysim"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// auditedCreations counts a payment's creation events in the audit chain and staged outside it.
func auditedCreations(t *testing.T, db *sqldb.DB, id string) (chained, staged int) {
	t.Helper()
	must(t, db.SQL.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE entity = 'pending_payment' AND entity_id = $1 AND action = 'create'`, id).Scan(&chained))
	must(t, db.SQL.QueryRow(`SELECT COUNT(*) FROM audit_staged WHERE entity = 'pending_payment' AND entity_id = $1`, id).Scan(&staged))
	return chained, staged
}

// TestPaymentCreationIsAuditedThenChained (ADR 38): creating a card payment does not wait for the
// audit chain's head, which every ledger batch holds until it commits. Its audit event is written
// with it outside the chain and placed in the chain by the payment's outcome, or by the sweep while
// the payment is still open; the chain verifies throughout.
func TestPaymentCreationIsAuditedThenChained(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		ctx := context.Background()
		if db.Engine == sqldb.Postgres {
			// A transaction holding the chain heads, as a ledger batch does while it commits.
			holding, release, done := make(chan struct{}), make(chan struct{}), make(chan error)
			go func() {
				done <- db.InTx(ctx, func(*sqldb.Tx) error { close(holding); <-release; return nil })
			}()
			<-holding
			created := make(chan int)
			go func() { status, _ := r.apiCreate(t, "while-held", basket); created <- status }()
			select {
			case status := <-created:
				if status != 201 {
					t.Errorf("creating a payment while the chain heads were held: %d", status)
				}
			case <-time.After(10 * time.Second):
				t.Error("creating a payment waited for the chain heads")
			}
			close(release)
			must(t, <-done)
		}

		_, created := r.apiCreate(t, "audited", basket)
		paid := created["id"].(string)
		_, created = r.apiCreate(t, "left-open", basket)
		open := created["id"].(string)
		for _, id := range []string{paid, open} {
			if chained, staged := auditedCreations(t, db, id); chained != 0 || staged != 1 {
				t.Fatalf("payment %s just created: %d creation events in the chain and %d staged; want 0 and 1", id, chained, staged)
			}
		}
		must(t, r.sim.Pay(r.providerPaymentID(t, paid), "4242424242424242"))
		must(t, r.sim.FlushWebhooks(ctx))
		if chained, staged := auditedCreations(t, db, paid); chained != 1 || staged != 0 {
			t.Errorf("paid payment: %d creation events in the chain and %d staged; want 1 and 0", chained, staged)
		}

		db.Clock.(*sqldbtest.Clock).Advance(time.Minute)
		_, err := r.pay.Sweep(ctx)
		must(t, err)
		if chained, staged := auditedCreations(t, db, open); chained != 1 || staged != 0 {
			t.Errorf("open payment after the sweep: %d creation events in the chain and %d staged; want 1 and 0", chained, staged)
		}
		rep, err := db.VerifyAudit(ctx)
		must(t, err)
		if rep.BrokenAt != 0 {
			t.Errorf("audit chain: %+v", rep)
		}
	})
}

// TestSweepPlacesEveryStagedEvent: one sweep places every audit event staged before it in the chain,
// however many more than one of its transactions takes.
func TestSweepPlacesEveryStagedEvent(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		ctx := context.Background()
		must(t, db.InTxWithoutChains(ctx, func(tx *sqldb.Tx) error {
			for i := range 2500 {
				if err := tx.StageAudit(ctx, ims.System(), "create", "pending_payment", fmt.Sprint("pay-staged-", i), nil, nil); err != nil {
					return err
				}
			}
			return nil
		}))
		db.Clock.(*sqldbtest.Clock).Advance(time.Minute)
		_, err := r.pay.Sweep(ctx)
		must(t, err)
		var staged, chained int
		must(t, db.SQL.QueryRow(`SELECT COUNT(*) FROM audit_staged`).Scan(&staged))
		must(t, db.SQL.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE entity_id LIKE 'pay-staged-%'`).Scan(&chained))
		if staged != 0 || chained != 2500 {
			t.Errorf("after the sweep: %d staged, %d in the chain; want 0 and 2500", staged, chained)
		}
		rep, err := db.VerifyAudit(ctx)
		must(t, err)
		if rep.BrokenAt != 0 {
			t.Errorf("audit chain: %+v", rep)
		}
	})
}
