package govukpaysim

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// eventTypes returns the event types of messages, in order.
func eventTypes(ms []webhookView) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.EventType)
	}
	return out
}

func TestWebhooksAreSignedAndCarryThePayment(t *testing.T) {
	h := newHarness(t, nil)
	p := h.paid(14500)
	h.sim.WaitWebhooks()

	h.hooks.mu.Lock()
	got := slices.Clone(h.hooks.got)
	h.hooks.mu.Unlock()
	if len(got) != 3 {
		t.Fatalf("%d webhooks, want started, succeeded and captured", len(got))
	}
	ids := make(map[string]bool)
	for _, g := range got {
		// What a service does: recompute the HMAC of the raw body with its signing secret.
		mac := hmac.New(sha256.New, []byte("whsec-a"))
		mac.Write(g.body)
		if want := hex.EncodeToString(mac.Sum(nil)); g.signature != want {
			t.Errorf("Pay-Signature %q, want %q", g.signature, want)
		}
		m := decode[webhookView](t, g.body)
		if m.APIVersion != 1 || m.ResourceType != "payment" || m.ResourceID != p.PaymentID || m.Resource.PaymentID != p.PaymentID ||
			m.CreatedDate != "2026-03-14T09:26:53.589Z" || len(m.ID) != 26 {
			t.Errorf("webhook %+v", m)
		}
		ids[m.ID] = true
	}
	if len(ids) != 3 {
		t.Error("webhook_message_id repeats across different events")
	}
	ms := h.hooks.messages(t)
	if diff := cmp.Diff([]string{"card_payment_started", "card_payment_succeeded", "card_payment_captured"}, eventTypes(ms)); diff != "" {
		t.Errorf("event types (-want +got):\n%s", diff)
	}
	if r := ms[0].Resource; r.State.Status != "started" {
		t.Errorf("card_payment_started carries state %s", r.State.Status)
	}
	if r := ms[1].Resource; r.State.Status != "success" || r.Card == nil || r.Card.Last4 != "1111" || r.RefundSummary.AmountAvailable != 14500 {
		t.Errorf("card_payment_succeeded carries %+v", r)
	}
	// A body signed with another secret does not verify.
	mac := hmac.New(sha256.New, []byte("whsec-b"))
	mac.Write(got[0].body)
	if hex.EncodeToString(mac.Sum(nil)) == got[0].signature {
		t.Error("the signature does not depend on the secret")
	}
}

func TestWebhookForEachOutcome(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.Accounts[0].WebhookEvents = []string{"card_payment_succeeded", "card_payment_failed", "card_payment_expired", "card_payment_refunded"}
	})
	declined := h.create(paymentBody(1000, "en"))
	if err := h.sim.Pay(declined.PaymentID, "4000000000000002"); err != nil {
		t.Fatal(err)
	}
	byPayer := h.create(paymentBody(1000, "en"))
	if err := h.sim.CancelByPayer(byPayer.PaymentID); err != nil {
		t.Fatal(err)
	}
	byService := h.create(paymentBody(1000, "en"))
	h.api("POST", "/v1/payments/"+byService.PaymentID+"/cancel", keyA, "")
	paid := h.paid(1000)
	// Each change's messages leave on their own goroutine: wait for the success message before
	// refunding, or the two may arrive in either order.
	h.sim.WaitWebhooks()
	h.refund(paid.PaymentID, 400, 1000)
	h.sim.WaitWebhooks()

	got := make(map[string][]string)
	for _, m := range h.hooks.messages(t) {
		got[m.ResourceID] = append(got[m.ResourceID], m.EventType+" "+m.Resource.State.Code)
	}
	want := map[string][]string{
		declined.PaymentID: {"card_payment_failed P0010"},
		byPayer.PaymentID:  {"card_payment_failed P0030"},
		paid.PaymentID:     {"card_payment_succeeded ", "card_payment_refunded "},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("webhooks by payment (-want +got):\n%s", diff)
	}
}

func TestHeldWebhooksDuplicatedAndReversed(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.Webhooks.Hold = true
		o.Webhooks.Duplicate = 1
		o.Webhooks.Reverse = true
		o.Accounts[0].WebhookEvents = []string{"card_payment_succeeded", "card_payment_refunded"}
	})
	p := h.paid(1000)
	h.refund(p.PaymentID, 1000, 1000)
	h.sim.WaitWebhooks()
	if n := len(h.hooks.messages(t)); n != 0 {
		t.Fatalf("%d held webhooks were sent before the flush", n)
	}
	if err := h.sim.FlushWebhooks(context.Background()); err != nil {
		t.Fatal(err)
	}
	ms := h.hooks.messages(t)
	want := []string{"card_payment_refunded", "card_payment_refunded", "card_payment_succeeded", "card_payment_succeeded"}
	if diff := cmp.Diff(want, eventTypes(ms)); diff != "" {
		t.Fatalf("delivery order (-want +got):\n%s", diff)
	}
	if ms[0].ID != ms[1].ID || ms[2].ID != ms[3].ID || ms[0].ID == ms[2].ID {
		t.Error("a duplicate has a new webhook_message_id; services recognise repeats by it")
	}
	// The refunded message, delivered first, carries the later state.
	if ms[0].Resource.RefundSummary.Status != "full" || ms[2].Resource.RefundSummary.Status != "available" {
		t.Errorf("resources %+v / %+v", ms[0].Resource.RefundSummary, ms[2].Resource.RefundSummary)
	}
	if err := h.sim.FlushWebhooks(context.Background()); err != nil || len(h.hooks.messages(t)) != 4 {
		t.Error("a second flush sent the messages again")
	}
}

func TestTakeAndDeliverWebhooksInAnyOrder(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.Webhooks.Hold = true })
	p := h.paid(1000)
	held := h.sim.TakeWebhooks()
	if len(held) != 3 || len(h.sim.TakeWebhooks()) != 0 {
		t.Fatalf("took %d webhooks, then more", len(held))
	}
	for _, i := range []int{2, 0, 2} {
		if err := h.sim.DeliverWebhook(context.Background(), held[i]); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"card_payment_captured", "card_payment_started", "card_payment_captured"}
	if diff := cmp.Diff(want, eventTypes(h.hooks.messages(t))); diff != "" {
		t.Errorf("delivery order (-want +got):\n%s", diff)
	}
	if held[0].PaymentID != p.PaymentID || held[0].URL != h.hooks.srv.URL {
		t.Errorf("held webhook %+v", held[0])
	}
}

func TestWebhookRetriesWithBackoff(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.Accounts[0].WebhookEvents = []string{"card_payment_succeeded"}
		o.Webhooks.Backoff = 5 * time.Millisecond
	})
	h.hooks.fail = 2
	start := time.Now()
	h.paid(1000)
	h.sim.WaitWebhooks()
	if elapsed := time.Since(start); elapsed < 15*time.Millisecond {
		t.Errorf("three attempts took %v; the waits should be 5ms then 10ms", elapsed)
	}
	if n := len(h.hooks.messages(t)); n != 1 {
		t.Errorf("received %d messages, want the one message once", n)
	}
	var statuses []int
	for _, d := range h.sim.Deliveries() {
		statuses = append(statuses, d.Status)
		if d.EventType != "card_payment_succeeded" || d.URL != h.hooks.srv.URL {
			t.Errorf("delivery %+v", d)
		}
	}
	if diff := cmp.Diff([]int{500, 500, 200}, statuses); diff != "" {
		t.Errorf("attempts (-want +got):\n%s", diff)
	}
}

func TestWebhookRetriesAreBounded(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.Accounts[0].WebhookEvents = []string{"card_payment_succeeded"}
		o.Webhooks.Attempts = 3
	})
	h.hooks.fail = 1000
	h.paid(1000)
	h.sim.WaitWebhooks()
	ds := h.sim.Deliveries()
	if len(ds) != 3 || ds[2].Attempt != 3 || len(h.hooks.messages(t)) != 0 {
		t.Errorf("deliveries %+v, want 3 failed attempts and then none", ds)
	}

	// An address that does not answer is recorded with the reason.
	h2 := newHarness(t, func(o *Options) {
		o.Accounts[0].WebhookURLs = []string{"http://127.0.0.1:1/webhooks"}
		o.Accounts[0].WebhookEvents = []string{"card_payment_succeeded"}
		o.Webhooks.Attempts = 2
		o.Webhooks.Hold = true
	})
	h2.paid(1000)
	if err := h2.sim.FlushWebhooks(context.Background()); err == nil {
		t.Error("FlushWebhooks reported no error for an address that does not answer")
	}
	if ds := h2.sim.Deliveries(); len(ds) != 2 || ds[0].Status != 0 || ds[0].Err == "" {
		t.Errorf("deliveries %+v, want 2 attempts with the error", ds)
	}
}

func TestWebhookDelay(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.Webhooks.Delay = 50 * time.Millisecond
		o.Webhooks.Duplicate = 2
		o.Accounts[0].WebhookEvents = []string{"card_payment_succeeded"}
	})
	h.paid(1000)
	if n := len(h.hooks.messages(t)); n != 0 {
		t.Errorf("%d webhooks arrived before the delay", n)
	}
	h.sim.WaitWebhooks()
	ms := h.hooks.messages(t)
	if len(ms) != 3 || ms[0].ID != ms[2].ID {
		t.Errorf("received %v, want the message three times", eventTypes(ms))
	}
}

func TestCloseStopsBackgroundDeliveries(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.Webhooks.Delay = time.Hour
	})
	h.paid(1000)
	done := make(chan struct{})
	go func() { h.sim.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close waited for an hour-long delay")
	}
	if n := len(h.hooks.messages(t)); n != 0 {
		t.Errorf("%d webhooks sent after Close", n)
	}
	h.paid(1000) // the API keeps working, and sends nothing
	h.sim.WaitWebhooks()
	if n := len(h.sim.Deliveries()); n != 0 {
		t.Errorf("%d deliveries after Close", n)
	}
}
