package govukpaysim

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// refundView is a refund's JSON as a service reads it.
type refundView struct {
	RefundID    string              `json:"refund_id"`
	PaymentID   string              `json:"payment_id"`
	Amount      int64               `json:"amount"`
	Status      string              `json:"status"`
	CreatedDate string              `json:"created_date"`
	Links       map[string]linkJSON `json:"_links"`
}

// paid creates a payment for amount pence and pays it.
func (h *harness) paid(amount int64) paymentView {
	h.t.Helper()
	p := h.create(paymentBody(amount, "en"))
	if err := h.sim.Pay(p.PaymentID, "4444333322221111"); err != nil {
		h.t.Fatal(err)
	}
	return p
}

// refund asks for a refund of a payment of account A.
func (h *harness) refund(id string, amount, available int64) (int, []byte) {
	h.t.Helper()
	return h.api("POST", "/v1/payments/"+id+"/refunds", keyA,
		fmt.Sprintf(`{"amount":%d,"refund_amount_available":%d}`, amount, available))
}

// errorCode returns the code of an error body.
func errorCode(t *testing.T, body []byte) string {
	t.Helper()
	return decode[errorJSON](t, body).Code
}

func TestFullRefund(t *testing.T) {
	h := newHarness(t, nil)
	p := h.paid(5000)
	status, body := h.refund(p.PaymentID, 5000, 5000)
	if status != http.StatusAccepted {
		t.Fatalf("refund: %d %s, want 202", status, body)
	}
	r := decode[refundView](t, body)
	if r.Status != "success" || r.Amount != 5000 || r.PaymentID != p.PaymentID || len(r.RefundID) != 26 ||
		r.CreatedDate != "2026-03-14T09:26:53.589Z" {
		t.Errorf("refund %+v", r)
	}
	if r.Links["self"].Href != h.base+"/v1/payments/"+p.PaymentID+"/refunds/"+r.RefundID || r.Links["payment"].Href != h.base+"/v1/payments/"+p.PaymentID {
		t.Errorf("refund _links %+v", r.Links)
	}
	got := h.get(p.PaymentID)
	if s := got.RefundSummary; s.Status != "full" || s.AmountAvailable != 0 || s.AmountSubmitted != 5000 {
		t.Errorf("refund_summary %+v, want full", s)
	}
	status, body = h.api("GET", "/v1/payments/"+p.PaymentID+"/refunds/"+r.RefundID, keyA, "")
	if status != http.StatusOK || decode[refundView](t, body).Status != "success" {
		t.Errorf("GET refund: %d %s", status, body)
	}
	if status, body := h.refund(p.PaymentID, 1, 1); status != http.StatusPreconditionFailed {
		t.Errorf("refunding a fully refunded payment, claiming 1p left: %d %s, want 412", status, body)
	}
	if status, body := h.api("POST", "/v1/payments/"+p.PaymentID+"/refunds", keyA, `{"amount":1}`); status != http.StatusBadRequest || errorCode(t, body) != "P0603" {
		t.Errorf("refunding a fully refunded payment: %d %s, want 400 P0603", status, body)
	}
}

func TestPartialRefundsAndTheAvailableAmountCheck(t *testing.T) {
	h := newHarness(t, nil)
	p := h.paid(5000)
	if status, body := h.refund(p.PaymentID, 2000, 5000); status != http.StatusAccepted {
		t.Fatalf("first refund: %d %s", status, body)
	}
	if s := h.get(p.PaymentID).RefundSummary; s.Status != "available" || s.AmountAvailable != 3000 || s.AmountSubmitted != 2000 {
		t.Errorf("refund_summary %+v, want 3000 of 5000 available", s)
	}
	// A retry of the first refund still believes 5000 is available: refused, so it is not paid twice.
	status, body := h.refund(p.PaymentID, 2000, 5000)
	if status != http.StatusPreconditionFailed || errorCode(t, body) != "P0604" {
		t.Errorf("stale refund_amount_available: %d %s, want 412 P0604", status, body)
	}
	// More than is left is refused.
	status, body = h.refund(p.PaymentID, 3001, 3000)
	if status != http.StatusBadRequest || errorCode(t, body) != "P0603" {
		t.Errorf("over-refund: %d %s, want 400 P0603", status, body)
	}
	if s := h.get(p.PaymentID).RefundSummary; s.AmountAvailable != 3000 {
		t.Errorf("refused refunds changed refund_summary: %+v", s)
	}
	// Without refund_amount_available the simulator checks only the amount, as GOV.UK Pay does.
	if status, body := h.api("POST", "/v1/payments/"+p.PaymentID+"/refunds", keyA, `{"amount":3000}`); status != http.StatusAccepted {
		t.Errorf("refund of the rest: %d %s", status, body)
	}
	if s := h.get(p.PaymentID).RefundSummary; s.Status != "full" || s.AmountSubmitted != 5000 {
		t.Errorf("refund_summary %+v, want full", s)
	}
}

func TestRefundsRefused(t *testing.T) {
	h := newHarness(t, nil)
	unpaid := h.create(paymentBody(5000, "en"))
	p := h.paid(5000)
	tests := []struct {
		name, id, body string
		status         int
		code           string
	}{
		{"unpaid payment", unpaid.PaymentID, `{"amount":100,"refund_amount_available":5000}`, 400, "P0603"},
		{"unknown payment", "nosuchpayment", `{"amount":100}`, 404, "P0600"},
		{"no amount", p.PaymentID, `{"refund_amount_available":5000}`, 400, "P0601"},
		{"zero", p.PaymentID, `{"amount":0,"refund_amount_available":5000}`, 400, "P0602"},
		{"text", p.PaymentID, `{"amount":"100"}`, 400, "P0602"},
		{"not JSON", p.PaymentID, `amount=100`, 400, "P0697"},
		{"more than paid", p.PaymentID, `{"amount":5001,"refund_amount_available":5000}`, 400, "P0603"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := h.api("POST", "/v1/payments/"+tt.id+"/refunds", keyA, tt.body)
			if status != tt.status || errorCode(t, body) != tt.code {
				t.Errorf("%d %s, want %d %s", status, body, tt.status, tt.code)
			}
		})
	}
	if status, _ := h.api("POST", "/v1/payments/"+p.PaymentID+"/refunds", keyB, `{"amount":100}`); status != http.StatusNotFound {
		t.Errorf("account B refunding account A's payment: %d, want 404", status)
	}
	for _, path := range []string{"/v1/payments/" + p.PaymentID + "/refunds/nosuchrefund", "/v1/payments/nosuchpayment/refunds/x"} {
		if status, body := h.api("GET", path, keyA, ""); status != http.StatusNotFound || errorCode(t, body) != "P0700" {
			t.Errorf("GET %s: %d %s, want 404 P0700", path, status, body)
		}
	}
	if s := h.get(p.PaymentID).RefundSummary; s.AmountAvailable != 5000 {
		t.Errorf("refused refunds changed refund_summary: %+v", s)
	}
}

func TestRefundsLeftSubmitted(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.Refunds = RefundStaysSubmitted })
	p := h.paid(5000)
	_, body := h.refund(p.PaymentID, 1500, 5000)
	first := decode[refundView](t, body)
	_, body = h.refund(p.PaymentID, 1000, 3500)
	second := decode[refundView](t, body)
	if first.Status != "submitted" || second.Status != "submitted" {
		t.Fatalf("refunds %s and %s, want submitted", first.Status, second.Status)
	}
	// A submitted refund is not available to refund again.
	if s := h.get(p.PaymentID).RefundSummary; s.AmountAvailable != 2500 || s.AmountSubmitted != 2500 {
		t.Errorf("refund_summary %+v, want 2500 submitted and 2500 left", s)
	}
	h.sim.WaitWebhooks()
	if n := countEvents(t, h, "card_payment_refunded"); n != 0 {
		t.Errorf("%d card_payment_refunded before any refund succeeded", n)
	}

	if err := h.sim.CompleteRefund(p.PaymentID, first.RefundID, true); err != nil {
		t.Fatal(err)
	}
	if err := h.sim.CompleteRefund(p.PaymentID, second.RefundID, false); err != nil {
		t.Fatal(err)
	}
	if err := h.sim.CompleteRefund(p.PaymentID, first.RefundID, false); err == nil {
		t.Error("a finished refund was finished again")
	}
	for id, want := range map[string]string{first.RefundID: "success", second.RefundID: "error"} {
		_, body := h.api("GET", "/v1/payments/"+p.PaymentID+"/refunds/"+id, keyA, "")
		if got := decode[refundView](t, body).Status; got != want {
			t.Errorf("refund %s is %s, want %s", id, got, want)
		}
	}
	// The failed refund's amount can be refunded again.
	if s := h.get(p.PaymentID).RefundSummary; s.AmountAvailable != 3500 || s.AmountSubmitted != 1500 {
		t.Errorf("refund_summary %+v, want 1500 refunded and 3500 left", s)
	}
	h.sim.WaitWebhooks()
	if n := countEvents(t, h, "card_payment_refunded"); n != 1 {
		t.Errorf("%d card_payment_refunded, want 1 for the refund that succeeded", n)
	}
}

func TestRefundsThatFail(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.Refunds = RefundFails })
	p := h.paid(5000)
	_, body := h.refund(p.PaymentID, 5000, 5000)
	if got := decode[refundView](t, body).Status; got != "error" {
		t.Errorf("refund %s, want error", got)
	}
	if s := h.get(p.PaymentID).RefundSummary; s.Status != "available" || s.AmountAvailable != 5000 {
		t.Errorf("refund_summary %+v after a failed refund, want all of it available", s)
	}
}

// countEvents returns how many webhooks of a type the receiver accepted.
func countEvents(t *testing.T, h *harness, eventType string) int {
	t.Helper()
	n := 0
	for _, m := range h.hooks.messages(t) {
		if m.EventType == eventType {
			n++
		}
	}
	return n
}

func TestListRefundsIncludesThoseMadeElsewhere(t *testing.T) {
	h := newHarness(t, nil)
	p := h.paid(5000)
	if status, body := h.refund(p.PaymentID, 1200, 5000); status != http.StatusAccepted {
		t.Fatalf("refund: %d %s", status, body)
	}
	elsewhere, err := h.sim.RefundElsewhere(p.PaymentID, 300)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.sim.RefundElsewhere(p.PaymentID, 3501); err == nil {
		t.Error("a refund of more than is left was made in the admin tool")
	}
	status, body := h.api("GET", "/v1/payments/"+p.PaymentID+"/refunds", keyA, "")
	if status != http.StatusOK {
		t.Fatalf("list: %d %s", status, body)
	}
	list := decode[struct {
		PaymentID string `json:"payment_id"`
		Embedded  struct {
			Refunds []refundView `json:"refunds"`
		} `json:"_embedded"`
	}](t, body)
	got := list.Embedded.Refunds
	if list.PaymentID != p.PaymentID || len(got) != 2 || got[0].Amount != 1200 || got[1].RefundID != elsewhere || got[1].Amount != 300 || got[1].Status != "success" {
		t.Errorf("refunds of the payment: %+v", list)
	}
	if status, _ := h.api("GET", "/v1/payments/"+p.PaymentID+"/refunds", keyB, ""); status != http.StatusNotFound {
		t.Errorf("another account's payment: %d, want 404", status)
	}
}

func TestALostRefundAnswerStillRefunds(t *testing.T) {
	h := newHarness(t, nil)
	p := h.paid(5000)
	h.sim.LoseRefundAnswers(1)
	// Sent by hand: the answer is a proxy's, not GOV.UK Pay's, so it is not checked against its description.
	req, _ := http.NewRequest("POST", h.base+"/v1/payments/"+p.PaymentID+"/refunds", strings.NewReader(`{"amount":1000,"refund_amount_available":5000}`))
	req.Header.Set("Authorization", "Bearer "+keyA)
	req.Header.Set("Content-Type", "application/json")
	res, err := h.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusBadGateway || res.Header.Get("Content-Type") != "text/html" {
		t.Fatalf("refund whose answer is lost: %d %s, want 502 text/html", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if s := h.get(p.PaymentID).RefundSummary; s.AmountSubmitted != 1000 {
		t.Errorf("refund_summary %+v: the refund should have been made", s)
	}
	// Sent again unchanged, as a careless client would: refused, so the payer is not paid twice.
	if status, body := h.refund(p.PaymentID, 1000, 5000); status != http.StatusPreconditionFailed {
		t.Errorf("the same refund again: %d %s, want 412", status, body)
	}
}
