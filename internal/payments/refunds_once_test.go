package payments_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp"
	"github.com/ims-council/ims/internal/psp/govukpaysim"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/money"
)

// providerRefunded is what the provider says it paid back of a payment: its succeeded refunds.
func (r *rig) providerRefunded(t *testing.T, paymentID string) money.Pence {
	t.Helper()
	list, err := r.client.ListRefunds(context.Background(), r.providerPaymentID(t, paymentID))
	must(t, err)
	var total money.Pence
	for _, pr := range list {
		if pr.State == psp.RefundSucceeded {
			total += pr.Amount
		}
	}
	return total
}

// checkLedgerMatchesProvider fails unless the refunds posted against a payment are exactly those
// the provider made.
func (r *rig) checkLedgerMatchesProvider(t *testing.T, paymentID string) {
	t.Helper()
	if paid, posted := r.providerRefunded(t, paymentID), -r.refundedTotal(t, paymentID); paid != posted {
		t.Errorf("payment %s: the provider refunded %s but the ledger holds refunds of %s", paymentID, paid.Display(), posted.Display())
	}
}

// TestARefundIsSentOnceWhileAWebhookArrives: the provider acts on the refund and tells IMS by
// webhook before its answer to the request arrives. The webhook must settle the refund from the
// provider's records, not send it again.
func TestARefundIsSentOnceWhileAWebhookArrives(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{})
		id := r.paidBasket(t, "p1")
		r.sim.WaitWebhooks()
		r.tap.set(func(p *providerTap) { p.answerDelay = 300 * time.Millisecond })
		status, ref := r.apiRefund(t, id, "r1", `{"reason":"Paid twice","lines":[{"line":1,"amount":"5.00"}]}`)
		r.sim.WaitWebhooks()
		if _, err := r.pay.Sweep(context.Background()); err != nil {
			t.Fatal(err)
		}
		if status != 201 || ref["state"] != "succeeded" {
			t.Errorf("refund: %d %v", status, ref)
		}
		if n := r.tap.posts(); n != 1 {
			t.Errorf("the refund was sent to the provider %d times; want once", n)
		}
		r.checkLedgerMatchesProvider(t, id)
	})
}

// TestTwoPartialRefundsAtOnce sends two partial refunds of one payment together, with webhooks
// arriving as the provider acts: both are made once each, and the ledger shows both.
func TestTwoPartialRefundsAtOnce(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{})
		for round := range 4 {
			id := r.paidBasket(t, fmt.Sprintf("p%d", round))
			before := r.tap.posts()
			var wg sync.WaitGroup
			answers := make([]map[string]any, 2)
			for i, amount := range []string{"25.00", "10.00"} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, answers[i] = r.apiRefund(t, id, fmt.Sprintf("r%d-%d", round, i),
						`{"reason":"Overpaid","lines":[{"line":1,"amount":"`+amount+`"}]}`)
				}()
			}
			wg.Wait()
			r.sim.WaitWebhooks()
			for _, a := range answers {
				if a["state"] != "succeeded" {
					t.Errorf("round %d: refund %v; want succeeded", round, a)
				}
			}
			if n := r.tap.posts() - before; n != 2 {
				t.Errorf("round %d: %d refund requests reached the provider; want 2", round, n)
			}
			r.checkLedgerMatchesProvider(t, id)
			if got := r.refundedTotal(t, id); got != -3500 {
				t.Errorf("round %d: refunds posted %s; want -35.00", round, got)
			}
		}
	})
}

// TestALostRefundAnswerIsSettledFromTheProvider: the provider makes the refund but a proxy loses
// its answer. IMS must not send it again; it reads the provider's refunds and posts it.
func TestALostRefundAnswerIsSettledFromTheProvider(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		id := r.paidBasket(t, "p1")
		r.sim.LoseRefundAnswers(1)
		status, ref := r.apiRefund(t, id, "r1", `{"reason":"Paid twice","lines":[{"line":2,"amount":"12.50"}]}`)
		if status != 201 || ref["state"] != "succeeded" {
			t.Errorf("refund whose answer was lost: %d %v; want 201 succeeded", status, ref)
		}
		if n := r.tap.posts(); n != 1 {
			t.Errorf("the refund was sent %d times; want once", n)
		}
		r.checkLedgerMatchesProvider(t, id)
	})
}

// TestASentRefundSurvivesARestart: the answer is lost and the provider's records cannot be read
// either, so the refund is left "sending"; after a restart the sweep settles it without sending.
func TestASentRefundSurvivesARestart(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		id := r.paidBasket(t, "p1")
		r.sim.LoseRefundAnswers(1)
		r.tap.set(func(p *providerTap) { p.failLists = 100 })
		status, ref := r.apiRefund(t, id, "r1", `{"reason":"Paid twice"}`)
		if status != 201 || ref["state"] != "sending" {
			t.Fatalf("refund with no answer and no records: %d %v; want 201 sending", status, ref)
		}
		r.tap.set(func(p *providerTap) { p.failLists = 0 })
		restarted := anotherInstance(r.pay) // a new instance on the same database
		db.Clock.(*sqldbtest.Clock).Advance(2 * time.Minute)
		if _, err := restarted.Sweep(context.Background()); err != nil {
			t.Fatal(err)
		}
		got, err := db.GetRefund(context.Background(), ims.System(), ref["id"].(string))
		must(t, err)
		if got.State != ims.RefundSucceeded || r.tap.posts() != 1 {
			t.Errorf("after the sweep: %s with %d requests; want succeeded with 1", got.State, r.tap.posts())
		}
		r.checkLedgerMatchesProvider(t, id)
	})
}

// TestARefundIMSGaveUpOnIsPostedWhenTheProviderReportsIt: the request is lost on the way, IMS
// waits, finds no such refund at the provider and gives up, leaving the money refundable; when the
// provider later reports the refund after all, the ledger records it.
func TestARefundIMSGaveUpOnIsPostedWhenTheProviderReportsIt(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		id := r.paidBasket(t, "p1")
		r.tap.set(func(p *providerTap) { p.dropRequests = 1 })
		status, ref := r.apiRefund(t, id, "r1", `{"reason":"Paid twice","lines":[{"line":1,"amount":"7.00"}]}`)
		if status != 201 || ref["state"] != "sending" {
			t.Fatalf("refund lost on the way: %d %v; want 201 sending", status, ref)
		}
		ctx := context.Background()
		db.Clock.(*sqldbtest.Clock).Advance(11 * time.Minute)
		_, err := r.pay.Sweep(ctx)
		must(t, err)
		got, err := db.GetRefund(ctx, ims.System(), ref["id"].(string))
		must(t, err)
		if got.State != ims.RefundFailed || !strings.Contains(got.FailureMessage, "no record") || r.tap.posts() != 0 {
			t.Fatalf("after the give-up time: %+v (%d requests); want failed, never resent", got, r.tap.posts())
		}
		// The provider reports a refund of the same amount made after IMS sent its request.
		_, err = r.sim.RefundElsewhere(r.providerPaymentID(t, id), money.MustParse("7.00"))
		must(t, err)
		must(t, r.sim.FlushWebhooks(ctx))
		r.sim.WaitWebhooks()
		got, err = db.GetRefund(ctx, ims.System(), ref["id"].(string))
		must(t, err)
		if got.State != ims.RefundSucceeded || got.FailureMessage != "" {
			t.Errorf("after the provider reported it: %+v; want succeeded", got)
		}
		r.checkLedgerMatchesProvider(t, id)
	})
}

// TestAProviderRefundIMSDidNotAskForIsRaised: a refund made in the provider's own admin tool is
// recorded and audited for a person to look into, once, and not posted.
func TestAProviderRefundIMSDidNotAskForIsRaised(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true, Duplicate: 1})
		id := r.paidBasket(t, "p1")
		ctx := context.Background()
		must(t, r.sim.FlushWebhooks(ctx))
		providerRefund, err := r.sim.RefundElsewhere(r.providerPaymentID(t, id), money.MustParse("3.00"))
		must(t, err)
		must(t, r.sim.FlushWebhooks(ctx)) // card_payment_refunded, twice
		r.sim.WaitWebhooks()
		list, err := db.UnmatchedProviderRefunds(ctx)
		must(t, err)
		if len(list) != 1 || list[0].ProviderRefundID != providerRefund || list[0].PaymentID != id || list[0].Amount != 300 {
			t.Fatalf("unmatched provider refunds: %+v; want the one made outside IMS", list)
		}
		if got := r.refundedTotal(t, id); got != 0 {
			t.Errorf("a refund IMS did not ask for was posted: %s", got)
		}
		var audited int
		must(t, db.SQL.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action = 'unmatched_provider_refund' AND entity_id = $1`, id).Scan(&audited))
		if audited != 1 {
			t.Errorf("%d audit events for the unmatched refund; want 1", audited)
		}
	})
}

// TestLedgerMatchesProviderUnderConcurrency: refunds of several payments race with duplicated
// webhooks, sweeps, lost answers and a restart; afterwards every refund was sent at most once and
// every payment's refunds in the ledger equal what the provider paid back.
func TestLedgerMatchesProviderUnderConcurrency(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Duplicate: 1})
		ctx := context.Background()
		var ids []string
		for i := range 4 {
			ids = append(ids, r.paidBasket(t, fmt.Sprintf("p%d", i)))
		}
		r.sim.WaitWebhooks()
		r.sim.LoseRefundAnswers(3)
		var wg sync.WaitGroup
		for i, id := range ids {
			for j, body := range []string{
				`{"reason":"a","lines":[{"line":1,"amount":"20.00"}]}`,
				`{"reason":"b","lines":[{"line":1,"amount":"15.00"},{"line":2,"amount":"2.50"}]}`,
				`{"reason":"c","lines":[{"line":2,"amount":"10.00"}]}`,
			} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r.apiRefund(t, id, fmt.Sprintf("k%d-%d", i, j), body)
				}()
			}
		}
		for range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _ = r.pay.Sweep(ctx)
			}()
		}
		wg.Wait()
		r.sim.WaitWebhooks()
		restarted := anotherInstance(r.pay)
		db.Clock.(*sqldbtest.Clock).Advance(time.Minute)
		_, err := restarted.Sweep(ctx)
		must(t, err)
		sent := 0
		for _, id := range ids {
			refunds, err := db.RefundsOf(ctx, id)
			must(t, err)
			for _, rf := range refunds {
				if !rf.SentAt.IsZero() {
					sent++
				}
				if !rf.State.Finished() {
					t.Errorf("refund %s is still %s", rf.ID, rf.State)
				}
			}
			r.checkLedgerMatchesProvider(t, id)
		}
		if n := r.tap.posts(); n != sent {
			t.Errorf("%d refund requests reached the provider for %d refunds sent", n, sent)
		}
		unmatched, err := db.UnmatchedProviderRefunds(ctx)
		must(t, err)
		if len(unmatched) != 0 {
			t.Errorf("refunds IMS asked for were reported as unknown: %+v", unmatched)
		}
	})
}
