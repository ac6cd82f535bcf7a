package govukpay

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp"
	"github.com/ims-council/ims/internal/psp/govukpaysim"
)

// These tests run the adapter against the built-in simulator, end to end: what one writes the
// other must read. The adapter's own behaviour is pinned by the scripted tests; here a mismatch
// between the two is what fails.

const simKey, simSecret = "sim_api_key_1", "sim_webhook_secret"

// manualClock is a clock the test moves.
type manualClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

type simFixture struct {
	sim    *govukpaysim.Simulator
	client *Client
	clock  *manualClock
	base   string
}

func newSim(t *testing.T) *simFixture {
	t.Helper()
	var handler http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	clock := &manualClock{now: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	base := srv.URL + "/simulator/govukpay"
	sim, err := govukpaysim.New(govukpaysim.Options{
		BaseURL: base,
		Clock:   clock,
		Accounts: []govukpaysim.Account{{APIKey: simKey, ServiceName: "Demo Borough Council", WebhookSecret: simSecret,
			WebhookURLs: []string{"http://127.0.0.1:1/not-called"}, ReportFees: true, Fee: 19}},
		Webhooks: govukpaysim.WebhookPolicy{Hold: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sim.Close)
	handler = sim.Handler()
	c, err := New(Config{BaseURL: base, APIKey: simKey, WebhookSecret: simSecret, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return &simFixture{sim: sim, client: c, clock: clock, base: base}
}

func (s *simFixture) create(t *testing.T) psp.Payment {
	t.Helper()
	p, err := s.client.CreatePayment(context.Background(), portalRequest())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// events parses every held webhook with the adapter, which checks each signature.
func (s *simFixture) events(t *testing.T) []psp.Event {
	t.Helper()
	var out []psp.Event
	for _, w := range s.sim.TakeWebhooks() {
		ev, err := s.client.ParseWebhook(w.Body, w.Signature)
		if err != nil {
			t.Fatalf("webhook %s: %v", w.EventType, err)
		}
		out = append(out, ev)
	}
	return out
}

func TestSimulatorCardPaymentAndRefund(t *testing.T) {
	s := newSim(t)
	ctx := context.Background()
	p := s.create(t)
	if p.State != psp.InProgress || !strings.HasPrefix(p.NextURL, s.base+"/") {
		t.Fatalf("created %+v", p)
	}
	again := s.create(t) // the same Idempotency-Key
	if again.ID != p.ID {
		t.Errorf("a repeated create made payment %s besides %s", again.ID, p.ID)
	}
	if err := s.sim.Pay(p.ID, "4444333322221111"); err != nil {
		t.Fatal(err)
	}
	got, err := s.client.GetPayment(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != psp.Succeeded || got.Amount != 12345 || got.CardLast4 != "1111" || got.CardFirst6 != "444433" ||
		got.Fee == nil || *got.Fee != 19 || got.RefundAvailable != 12345 || got.Metadata["pending_payment_id"] != "41" {
		t.Errorf("paid payment = %+v", got)
	}

	var succeeded *psp.Event
	for _, ev := range s.events(t) {
		if ev.Type == "card_payment_succeeded" {
			succeeded = &ev
		}
	}
	if succeeded == nil || succeeded.Payment == nil || succeeded.Payment.State != psp.Succeeded || succeeded.PaymentID != p.ID {
		t.Fatalf("no card_payment_succeeded event for %s: %+v", p.ID, succeeded)
	}

	r, err := s.client.Refund(ctx, p.ID, psp.RefundRequest{Amount: 2345, ExpectedAvailable: 12345})
	if err != nil {
		t.Fatal(err)
	}
	if r.Amount != 2345 || r.State != psp.RefundSucceeded {
		t.Errorf("refund = %+v", r)
	}
	back, err := s.client.GetRefund(ctx, p.ID, r.ID)
	if err != nil || back.ID != r.ID || back.State != psp.RefundSucceeded {
		t.Errorf("GetRefund = %+v, %v", back, err)
	}
	// A second refund computed from the old balance is refused, not paid twice.
	_, err = s.client.Refund(ctx, p.ID, psp.RefundRequest{Amount: 2345, ExpectedAvailable: 12345})
	if ims.ErrorCode(err) != ims.Conflict {
		t.Errorf("stale refund: err = %v, want Conflict", err)
	}
}

func TestSimulatorUnhappyEndings(t *testing.T) {
	tests := []struct {
		name string
		act  func(s *simFixture, id string) error
		want psp.State
		code string
	}{
		{"declined", func(s *simFixture, id string) error { return s.sim.Pay(id, "4000000000000002") }, psp.Failed, "P0010"},
		{"provider error", func(s *simFixture, id string) error { return s.sim.Pay(id, "4000000000000119") }, psp.Failed, "P0050"},
		{"payer cancelled", func(s *simFixture, id string) error { return s.sim.CancelByPayer(id) }, psp.Cancelled, "P0030"},
		{"we cancelled", func(s *simFixture, id string) error { return s.client.CancelPayment(context.Background(), id) }, psp.Cancelled, "P0040"},
		{"expired", func(s *simFixture, id string) error { s.clock.add(91 * time.Minute); return nil }, psp.Expired, "P0020"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSim(t)
			p := s.create(t)
			if err := tt.act(s, p.ID); err != nil {
				t.Fatal(err)
			}
			got, err := s.client.GetPayment(context.Background(), p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.State != tt.want || got.Code != tt.code || got.NextURL != "" {
				t.Errorf("payment %s %s %q next %q, want %s %s", got.State, got.ProviderStatus, got.Code, got.NextURL, tt.want, tt.code)
			}
			// Cancelling a finished payment: done already if it was cancelled, a Conflict otherwise.
			err = s.client.CancelPayment(context.Background(), p.ID)
			if wantConflict := tt.want != psp.Cancelled; (ims.ErrorCode(err) == ims.Conflict) != wantConflict {
				t.Errorf("cancelling it again: err = %v", err)
			}
		})
	}
}

func TestSimulatorRefusesAWrongKey(t *testing.T) {
	s := newSim(t)
	c, err := New(Config{BaseURL: s.base, APIKey: "not-the-key", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetPayment(context.Background(), "anything")
	if ims.ErrorCode(err) != ims.Internal || !strings.Contains(err.Error(), "API key was refused") {
		t.Errorf("err = %v", err)
	}
	_, err = s.client.GetPayment(context.Background(), "nosuchpayment")
	if ims.ErrorCode(err) != ims.NotFound {
		t.Errorf("unknown payment: err = %v, want NotFound", err)
	}
}
