package payments_test

import (
	"context"
	"net/url"
	"sync"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp/govukpaysim"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// TestSignedWebhookSettlesWithoutAskingTheProvider: the provider's signed notification that a
// payment succeeded records the outcome from its own body (issue 13: a payment used to cost two
// reads of the provider, one by the webhook and one by the payer's return), and the payer's return
// that follows finds the payment finished and does not ask the provider either.
func TestSignedWebhookSettlesWithoutAskingTheProvider(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		_, created := r.apiCreate(t, "settle", basket)
		id := created["id"].(string)
		must(t, r.sim.Pay(r.providerPaymentID(t, id), "4242424242424242"))
		returnLink := r.providerReturnLink(t, id)
		before := r.tap.reads()

		must(t, r.sim.FlushWebhooks(context.Background()))
		pp, err := db.PendingPayment(context.Background(), ims.System(), id)
		must(t, err)
		if pp.State != ims.PaymentSucceeded || pp.CardLast4 != "4242" || pp.PostingID == 0 || r.postings(t, id) != 1 {
			t.Fatalf("after the webhook: %s, card %q, posting %d, %d postings; want succeeded, 4242, posted once",
				pp.State, pp.CardLast4, pp.PostingID, r.postings(t, id))
		}
		res, err := noRedirects.Get(returnLink)
		must(t, err)
		res.Body.Close()
		if res.StatusCode != 303 {
			t.Errorf("return after the webhook: %d, want 303", res.StatusCode)
		}
		if n := r.tap.reads() - before; n != 0 {
			t.Errorf("the webhook and the return read the provider %d times; want 0", n)
		}
		if n := r.postings(t, id); n != 1 {
			t.Errorf("%d postings; want 1", n)
		}
	})
}

// TestReturnsRacingOnOneInstanceApplyTheOutcomeOnce: many returns of one payment at once on one
// instance, each having read it unfinished, post it once and all answer with the finished payment.
func TestReturnsRacingOnOneInstanceApplyTheOutcomeOnce(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		_, created := r.apiCreate(t, "racing", basket)
		id := created["id"].(string)
		must(t, r.sim.Pay(r.providerPaymentID(t, id), "4242424242424242"))
		returnLink := r.providerReturnLink(t, id)
		link, err := url.Parse(returnLink)
		must(t, err)
		token := link.Query().Get("token")
		var wg sync.WaitGroup
		states := make([]ims.PaymentState, 8)
		for i := range states {
			wg.Add(1)
			go func() {
				defer wg.Done()
				pp, err := r.pay.Return(context.Background(), id, token)
				if err != nil {
					t.Error(err)
				}
				states[i] = pp.State
			}()
		}
		wg.Wait()
		for i, s := range states {
			if s != ims.PaymentSucceeded {
				t.Errorf("return %d answered %s; want succeeded", i, s)
			}
		}
		if n := r.postings(t, id); n != 1 {
			t.Errorf("%d postings; want 1", n)
		}
	})
}
