package payments_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp"
	"github.com/ims-council/ims/internal/psp/govukpaysim"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// heldAnswerProvider lets the provider create the first payment but holds its answer until released,
// as a slow network does.
type heldAnswerProvider struct {
	psp.Provider
	answered chan struct{} // closed once the provider has created the held payment
	release  chan struct{}
	once     sync.Once
}

func (h *heldAnswerProvider) CreatePayment(ctx context.Context, req psp.PaymentRequest) (psp.Payment, error) {
	p, err := h.Provider.CreatePayment(ctx, req)
	held := false
	h.once.Do(func() { held = true })
	if held {
		close(h.answered)
		<-h.release
	}
	return p, err
}

// TestTwoInstancesStartingOnePayment: a payment request reaches two instances with one
// Idempotency-Key (a client retrying through a load balancer), whose return links differ. The
// provider refuses the second start as a reuse of the key (409 P0191); that must not close the
// payment the first instance started.
func TestTwoInstancesStartingOnePayment(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		inner := r.pay.Providers
		held := &heldAnswerProvider{answered: make(chan struct{}), release: make(chan struct{})}
		first := anotherInstance(r.pay)
		first.Providers = func(ctx context.Context, account string) (psp.Provider, error) {
			p, err := inner(ctx, account)
			held.Provider = p
			return held, err
		}
		second := anotherInstance(r.pay)
		second.BaseURL = "https://second-instance.example"
		req := ims.PaymentRequest{Lines: []ims.PaymentLine{{Fund: "19", Reference: "SI/26/00401", Amount: 1250}},
			ReturnURL: "https://shop.example.gov.uk/done", Source: ims.SourceAPI, IdempotencyKey: "order-9"}
		ctx := context.Background()
		done := make(chan error, 1)
		go func() {
			_, _, err := first.Start(ctx, ims.System(), req)
			done <- err
		}()
		<-held.answered
		pp, _, err := second.Start(ctx, ims.System(), req)
		if err != nil || pp.State == ims.PaymentFailed {
			t.Errorf("the second instance: %v, %s %s; want the payment as it stands, not closed", err, pp.State, pp.FailureCode)
		}
		time.AfterFunc(50*time.Millisecond, func() { close(held.release) })
		if err := <-done; err != nil {
			t.Fatalf("the first instance: %v", err)
		}
		got, err := db.PendingPayment(ctx, ims.System(), pp.ID)
		must(t, err)
		if got.State != ims.PaymentInProgress || got.NextURL == "" {
			t.Fatalf("payment after both starts: %s %q; want in progress with the card page", got.State, got.NextURL)
		}
		must(t, r.sim.Pay(got.ProviderPaymentID, "4444333322221111"))
		if after, err := r.pay.Get(ctx, ims.System(), pp.ID); err != nil || after.State != ims.PaymentSucceeded {
			t.Errorf("after paying: %s %v", after.State, err)
		}
	})
}
