package payments_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp/govukpaysim"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// In a ledger batch a payment's outcome is written by the batch's one write statement (ADR 38),
// so the piece that brings it is told it finished the payment before anything is written. When
// another transaction finished the payment first, the batch must not overwrite that outcome: it
// is rolled back and its pieces run alone, and the piece then finds the payment finished.
func TestAnOutcomeInABatchYieldsToOneRecordedBeforeIt(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		_, created := r.apiCreate(t, "finished-first", basket)
		id := created["id"].(string)
		// Another instance, say, records the payment as failed.
		must(t, db.InTx(ctx, func(tx *sqldb.Tx) error {
			finished, _, err := tx.FinishPayment(ctx, id, ims.PaymentOutcome{State: ims.PaymentFailed, Code: "P0010", Message: "declined"})
			if err == nil && !finished {
				t.Error("the first outcome did not finish the payment")
			}
			return err
		}))
		var runs []bool
		must(t, db.InLedgerTx(ctx, func(tx *sqldb.Tx) error {
			finished, _, err := tx.FinishPayment(ctx, id, ims.PaymentOutcome{State: ims.PaymentSucceeded, CardBrand: "visa", CardLast4: "4242"})
			runs = append(runs, finished)
			return err
		}))
		if len(runs) == 0 || runs[len(runs)-1] {
			t.Errorf("the batch's piece ran %d times and last saw finished %v; want it to find the payment finished", len(runs), runs)
		}
		pp, err := db.PendingPayment(ctx, ims.System(), id)
		must(t, err)
		if pp.State != ims.PaymentFailed || pp.CardLast4 != "" {
			t.Errorf("payment %s, card %q; want the first outcome, failed, kept", pp.State, pp.CardLast4)
		}
	})
}

// A payment's outcome places its creation's staged audit event in the chain from what was read
// before its ledger batch began (ADR 38). When the sweep placed it meanwhile, the batch must not
// place it a second time: it is rolled back and its pieces run alone, and the chain verifies.
func TestACreationEventSealedMeanwhileIsChainedOnce(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		_, created := r.apiCreate(t, "sealed-meanwhile", basket)
		id := created["id"].(string)
		read, err := db.StagedAudit(ctx, "pending_payment", id)
		must(t, err)
		if len(read) != 1 {
			t.Fatalf("%d staged events for the payment; want its creation", len(read))
		}
		if _, err := db.SealStagedAudits(ctx, time.Now().Add(time.Hour), 100); err != nil { // the sweep
			t.Fatal(err)
		}
		runs := 0
		must(t, db.InLedgerTx(ctx, func(tx *sqldb.Tx) error {
			runs++
			return tx.SealStagedAuditRead(ctx, "pending_payment", id, read)
		}))
		if runs != 2 {
			t.Errorf("the batch's piece ran %d times; want 2 (the batch, then alone)", runs)
		}
		if chained, staged := auditedCreations(t, db, id); chained != 1 || staged != 0 {
			t.Errorf("creation chained %d times, %d still staged; want 1 and 0", chained, staged)
		}
		rep, err := db.VerifyAudit(ctx)
		must(t, err)
		if rep.BrokenAt != 0 {
			t.Errorf("audit chain broken at %d: %s", rep.BrokenAt, rep.Reason)
		}
	})
}

// The creation event a payment's outcome places in the chain, read before its ledger batch (with
// the payment, when its return or its webhook reads it on PostgreSQL), is the one staged when the
// payment was created, unchanged, whichever way the outcome arrives.
func TestTheChainedCreationEventIsTheStagedOne(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		finishBy := map[string]func(t *testing.T, id string){
			"the API's read": func(t *testing.T, id string) { r.apiGet(t, id) },
			"the webhook":    func(t *testing.T, id string) { must(t, r.sim.FlushWebhooks(context.Background())) },
			"the return": func(t *testing.T, id string) {
				link, err := url.Parse(r.providerReturnLink(t, id))
				must(t, err)
				_, err = r.pay.Return(context.Background(), id, link.Query().Get("token"))
				must(t, err)
			},
		}
		for way, finish := range finishBy {
			_, created := r.apiCreate(t, "as-staged-by-"+way, basket)
			id := created["id"].(string)
			event := func(table string) (row [6]string) {
				t.Helper()
				var at time.Time
				must(t, db.SQL.QueryRow(`SELECT at, actor, request_id, action, before, after FROM `+table+`
					WHERE entity = 'pending_payment' AND entity_id = $1 AND action = 'create'`, id).
					Scan(&at, &row[1], &row[2], &row[3], &row[4], &row[5]))
				row[0] = at.UTC().Format(time.RFC3339Nano)
				return row
			}
			staged := event("audit_staged")
			must(t, r.sim.Pay(r.providerPaymentID(t, id), "4444333322221111"))
			finish(t, id)
			if pp, err := db.PendingPayment(context.Background(), ims.System(), id); err != nil || pp.State != ims.PaymentSucceeded {
				t.Fatalf("after %s: %s, %v; want it succeeded", way, pp.State, err)
			}
			if chained := event("audit_events"); chained != staged {
				t.Errorf("finished by %s: chained creation event %q; want the staged one %q", way, chained, staged)
			}
		}
		rep, err := db.VerifyAudit(context.Background())
		must(t, err)
		if rep.BrokenAt != 0 {
			t.Errorf("audit chain broken at %d: %s", rep.BrokenAt, rep.Reason)
		}
	})
}
