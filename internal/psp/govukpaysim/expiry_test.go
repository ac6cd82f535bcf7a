package govukpaysim

import (
	"net/http"
	"testing"
	"time"
)

func TestPaymentsExpireAfter90Minutes(t *testing.T) {
	h := newHarness(t, nil)
	p := h.create(paymentBody(1000, "en"))
	h.page(p.Links["next_url"].Href) // the payer opens the card page and walks away

	h.clock.Advance(90*time.Minute - time.Millisecond)
	if got := h.get(p.PaymentID); got.State.Status != "started" {
		t.Fatalf("just before 90 minutes the payment is %s, want started", got.State.Status)
	}
	h.clock.Advance(time.Millisecond)
	got := h.get(p.PaymentID)
	if got.State.Status != "failed" || got.State.Code != "P0020" || got.State.Message != "Payment expired" || !got.State.Finished {
		t.Errorf("at 90 minutes the state is %+v, want failed P0020", got.State)
	}
	if _, ok := got.Links["next_url"]; ok {
		t.Error("an expired payment still offers next_url")
	}
	if status, location, _ := h.page(p.Links["next_url"].Href); status != http.StatusSeeOther || location != p.ReturnURL {
		t.Errorf("card page of an expired payment: %d to %q, want back to the service", status, location)
	}
	if err := h.sim.Pay(p.PaymentID, "4444333322221111"); err == nil {
		t.Error("an expired payment was paid")
	}

	h.sim.WaitWebhooks()
	var types []string
	for _, m := range h.hooks.messages(t) {
		types = append(types, m.EventType)
	}
	if len(types) != 2 || types[0] != "card_payment_started" || types[1] != "card_payment_expired" {
		t.Errorf("webhooks %v, want started then expired", types)
	}
}

func TestCardPageSubmittedTooLate(t *testing.T) {
	h := newHarness(t, nil)
	p := h.create(paymentBody(1000, "en"))
	_, _, page := h.page(p.Links["next_url"].Href)
	h.clock.Advance(2 * time.Hour)
	status, location, _ := h.submit(formActions(t, page)[0], typedCard("4444333322221111"))
	if status != http.StatusSeeOther || location != p.ReturnURL {
		t.Errorf("late submission: %d to %q", status, location)
	}
	if got := h.get(p.PaymentID); got.State.Code != "P0020" || got.Card != nil {
		t.Errorf("a card submitted after expiry was taken: %+v", got.State)
	}
}

func TestExpireDue(t *testing.T) {
	h := newHarness(t, nil)
	old1 := h.create(paymentBody(1000, "en"))
	old2 := h.create(paymentBody(2000, "en"))
	paid := h.create(paymentBody(3000, "en"))
	if err := h.sim.Pay(paid.PaymentID, "4242424242424242"); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(60 * time.Minute)
	recent := h.create(paymentBody(4000, "en"))
	h.clock.Advance(31 * time.Minute)

	if n := h.sim.ExpireDue(); n != 2 {
		t.Errorf("ExpireDue expired %d payments, want 2", n)
	}
	if n := h.sim.ExpireDue(); n != 0 {
		t.Errorf("a second ExpireDue expired %d more", n)
	}
	for id, want := range map[string]string{old1.PaymentID: "failed", old2.PaymentID: "failed", paid.PaymentID: "success", recent.PaymentID: "created"} {
		if got := h.get(id); got.State.Status != want {
			t.Errorf("payment %s is %s, want %s", id, got.State.Status, want)
		}
	}
	h.sim.WaitWebhooks()
	expired := 0
	for _, m := range h.hooks.messages(t) {
		if m.EventType == "card_payment_expired" {
			expired++
			if m.Resource.State.Code != "P0020" {
				t.Errorf("card_payment_expired carries state %+v", m.Resource.State)
			}
		}
	}
	if expired != 2 {
		t.Errorf("%d card_payment_expired webhooks, want 2", expired)
	}
}
