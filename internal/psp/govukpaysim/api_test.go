package govukpaysim

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCreatePaymentAnswersAsGOVUKPay(t *testing.T) {
	h := newHarness(t, nil)
	body := `{"amount":14500,"reference":"RCPT-000123","description":"Pay your council tax",` +
		`"return_url":"https://ims.example/return/tok123","language":"en","email":"payer@example.com","moto":false,` +
		`"delayed_capture":false,"metadata":{"ims_pending_id":"42","attempt":2,"portal":true}}`
	p := h.create(body)

	if p.PaymentID == "" || len(p.PaymentID) != 26 {
		t.Errorf("payment_id %q, want 26 characters like GOV.UK Pay's", p.PaymentID)
	}
	if p.CreatedDate != "2026-03-14T09:26:53.589Z" {
		t.Errorf("created_date %q, want UTC with milliseconds", p.CreatedDate)
	}
	if p.State.Status != "created" || p.State.Finished || p.State.Code != "" {
		t.Errorf("state %+v, want created and unfinished", p.State)
	}
	if p.Provider != "sandbox" || p.Amount != 14500 || p.Email != "payer@example.com" || p.Language != "en" {
		t.Errorf("payment %+v", p)
	}
	wantMetadata := map[string]any{"ims_pending_id": "42", "attempt": float64(2), "portal": true}
	if diff := cmp.Diff(wantMetadata, p.Metadata); diff != "" {
		t.Errorf("metadata (-want +got):\n%s", diff)
	}
	if p.RefundSummary.Status != "pending" || p.RefundSummary.AmountAvailable != 14500 || p.RefundSummary.AmountSubmitted != 0 {
		t.Errorf("refund_summary %+v, want pending with the whole amount", p.RefundSummary)
	}
	if p.Fee != nil || p.Card != nil {
		t.Errorf("an unpaid payment reports a fee or card details: %+v", p)
	}
	links := p.Links
	if !strings.HasPrefix(links["next_url"].Href, h.base+"/secure/") || links["next_url"].Method != "GET" {
		t.Errorf("next_url %+v", links["next_url"])
	}
	if strings.Contains(links["next_url"].Href, p.PaymentID) {
		t.Error("next_url contains the payment id: anyone who knows the id could pay or cancel on the card page")
	}
	if post := links["next_url_post"]; post.Href != h.base+"/secure" || post.Params["chargeTokenId"] == "" {
		t.Errorf("next_url_post %+v", post)
	}
	for name, want := range map[string]string{
		"self":    h.base + "/v1/payments/" + p.PaymentID,
		"events":  h.base + "/v1/payments/" + p.PaymentID + "/events",
		"refunds": h.base + "/v1/payments/" + p.PaymentID + "/refunds",
		"cancel":  h.base + "/v1/payments/" + p.PaymentID + "/cancel",
	} {
		if links[name].Href != want {
			t.Errorf("_links.%s %q, want %q", name, links[name].Href, want)
		}
	}
	if got := h.get(p.PaymentID); got.PaymentID != p.PaymentID || got.Reference != "RCPT-000123" {
		t.Errorf("GET returned %+v", got)
	}
}

func TestAPIKeys(t *testing.T) {
	h := newHarness(t, nil)
	p := h.create(paymentBody(1000, "en"))

	for _, key := range []string{"", "api_test_wrong"} {
		status, body := h.api("GET", "/v1/payments/"+p.PaymentID, key, "")
		if status != http.StatusUnauthorized || !strings.Contains(string(body), "description") {
			t.Errorf("key %q: %d %s, want 401 with an error body", key, status, body)
		}
		if status, _ := h.api("POST", "/v1/payments", key, paymentBody(1000, "en")); status != http.StatusUnauthorized {
			t.Errorf("key %q could create a payment: %d", key, status)
		}
	}
	// Another account's key does not see the payment at all, as in GOV.UK Pay.
	status, body := h.api("GET", "/v1/payments/"+p.PaymentID, keyB, "")
	if status != http.StatusNotFound || decode[errorJSON](t, body).Code != "P0200" {
		t.Errorf("account B reading account A's payment: %d %s, want 404 P0200", status, body)
	}
	if status, _ := h.api("POST", "/v1/payments/"+p.PaymentID+"/cancel", keyB, ""); status != http.StatusNotFound {
		t.Errorf("account B cancelling account A's payment: %d, want 404", status)
	}
	if got := h.get(p.PaymentID); got.State.Status != "created" {
		t.Errorf("state after account B's attempts: %s", got.State.Status)
	}
}

func TestCreatePaymentRefusesBadRequests(t *testing.T) {
	h := newHarness(t, nil)
	long := strings.Repeat("x", 256)
	tests := []struct {
		name, body, header string
		status             int
		code, field        string
	}{
		{"not JSON", `{"amount":`, "", 400, "P0197", ""},
		{"no amount", `{"reference":"R","description":"D","return_url":"https://x.example/r"}`, "", 400, "P0101", "amount"},
		{"no return_url", `{"amount":100,"reference":"R","description":"D"}`, "", 400, "P0101", "return_url"},
		{"zero amount", strings.Replace(paymentBody(1, "en"), `"amount":1`, `"amount":0`, 1), "", 422, "P0102", "amount"},
		{"over £100,000", paymentBody(10_000_001, "en"), "", 422, "P0102", "amount"},
		{"amount as text", strings.Replace(paymentBody(1, "en"), `"amount":1`, `"amount":"1"`, 1), "", 422, "P0102", "amount"},
		{"pounds and pence", strings.Replace(paymentBody(1, "en"), `"amount":1`, `"amount":12.5`, 1), "", 422, "P0102", "amount"},
		{"reference too long", strings.Replace(paymentBody(1, "en"), "RCPT-000123", long, 1), "", 422, "P0102", "reference"},
		{"return_url not a URL", strings.Replace(paymentBody(1, "en"), "https://ims.example/return/tok123", "/return", 1), "", 422, "P0102", "return_url"},
		{"French", paymentBody(1, "fr"), "", 422, "P0102", "language"},
		{"delayed capture", strings.Replace(paymentBody(1, "en"), `{`, `{"delayed_capture":true,`, 1), "", 422, "P0102", "delayed_capture"},
		{"metadata nested", strings.Replace(paymentBody(1, "en"), `{`, `{"metadata":{"a":{"b":1}},`, 1), "", 422, "P0102", "metadata"},
		{"metadata empty", strings.Replace(paymentBody(1, "en"), `{`, `{"metadata":{},`, 1), "", 422, "P0102", "metadata"},
		{"metadata key too long", strings.Replace(paymentBody(1, "en"), `{`, `{"metadata":{"`+long[:31]+`":"v"},`, 1), "", 422, "P0102", "metadata"},
		{"bad idempotency key", paymentBody(1, "en"), "not a key!", 422, "P0102", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var header []string
			if tt.header != "" {
				header = []string{"Idempotency-Key", tt.header}
			}
			status, body := h.api("POST", "/v1/payments", keyA, tt.body, header...)
			e := decode[errorJSON](t, body)
			if status != tt.status || e.Code != tt.code || e.Field != tt.field || e.Description == "" {
				t.Errorf("%d %s, want %d %s on %q", status, body, tt.status, tt.code, tt.field)
			}
		})
	}
	h.sim.mu.Lock()
	defer h.sim.mu.Unlock()
	if n := len(h.sim.payments); n != 0 {
		t.Errorf("%d payments created by refused requests", n)
	}
}

func TestIdempotencyKey(t *testing.T) {
	h := newHarness(t, nil)
	body := paymentBody(2500, "en")
	key := []string{"Idempotency-Key", "ims-pending-42"}

	status, first := h.api("POST", "/v1/payments", keyA, body, key...)
	if status != http.StatusCreated {
		t.Fatalf("first request: %d %s", status, first)
	}
	id := decode[paymentView](t, first).PaymentID

	// A retry, even with its fields in another order and spaced differently, is the same payment.
	reordered := `{ "return_url":"https://ims.example/return/tok123", "description":"Council tax", "reference":"RCPT-000123", "amount":2500, "language":"en" }`
	status, again := h.api("POST", "/v1/payments", keyA, reordered, key...)
	if status != http.StatusOK || decode[paymentView](t, again).PaymentID != id {
		t.Errorf("retry: %d %s, want 200 with payment %s", status, again, id)
	}

	// The same key for a different payment is refused.
	status, conflict := h.api("POST", "/v1/payments", keyA, paymentBody(2600, "en"), key...)
	if e := decode[errorJSON](t, conflict); status != http.StatusConflict || e.Code != "P0191" {
		t.Errorf("reused key: %d %s, want 409 P0191", status, conflict)
	}

	// Keys belong to an account; without a key every request is a new payment.
	status, other := h.api("POST", "/v1/payments", keyB, body, key...)
	if status != http.StatusCreated || decode[paymentView](t, other).PaymentID == id {
		t.Errorf("account B with account A's key: %d %s, want a new payment", status, other)
	}
	if a, b := h.create(body), h.create(body); a.PaymentID == b.PaymentID {
		t.Error("two requests without a key made one payment")
	}
}

func TestCancelByTheService(t *testing.T) {
	h := newHarness(t, nil)
	p := h.create(paymentBody(1000, "en"))

	status, body := h.api("POST", "/v1/payments/"+p.PaymentID+"/cancel", keyA, "")
	if status != http.StatusNoContent || len(body) != 0 {
		t.Fatalf("cancel: %d %s, want 204", status, body)
	}
	got := h.get(p.PaymentID)
	if got.State.Status != "cancelled" || got.State.Code != "P0040" || !got.State.Finished || got.State.Message == "" {
		t.Errorf("state %+v, want cancelled P0040", got.State)
	}
	for _, link := range []string{"next_url", "next_url_post", "cancel"} {
		if _, ok := got.Links[link]; ok {
			t.Errorf("a cancelled payment still offers %s", link)
		}
	}
	if got.RefundSummary.Status != "unavailable" || got.RefundSummary.AmountAvailable != 0 {
		t.Errorf("refund_summary %+v, want unavailable", got.RefundSummary)
	}
	status, body = h.api("POST", "/v1/payments/"+p.PaymentID+"/cancel", keyA, "")
	if e := decode[errorJSON](t, body); status != http.StatusBadRequest || e.Code != "P0501" {
		t.Errorf("second cancel: %d %s, want 400 P0501", status, body)
	}
	status, body = h.api("POST", "/v1/payments/nosuchpayment/cancel", keyA, "")
	if e := decode[errorJSON](t, body); status != http.StatusNotFound || e.Code != "P0500" {
		t.Errorf("unknown payment: %d %s, want 404 P0500", status, body)
	}
	// The payer can no longer pay.
	if err := h.sim.Pay(p.PaymentID, "4444333322221111"); err == nil {
		t.Error("a cancelled payment was paid")
	}
}

func TestEventsListEveryState(t *testing.T) {
	h := newHarness(t, nil)
	p := h.create(paymentBody(1000, "en"))
	h.clock.Advance(90 * 1e9) // 90 seconds later the payer pays
	if err := h.sim.Pay(p.PaymentID, "4444333322221111"); err != nil {
		t.Fatal(err)
	}
	status, body := h.api("GET", "/v1/payments/"+p.PaymentID+"/events", keyA, "")
	if status != http.StatusOK {
		t.Fatalf("%d %s", status, body)
	}
	events := decode[struct {
		PaymentID string `json:"payment_id"`
		Events    []struct {
			State   struct{ Status string } `json:"state"`
			Updated string                  `json:"updated"`
			Links   map[string]linkJSON     `json:"_links"`
		} `json:"events"`
	}](t, body)
	var got []string
	for _, e := range events.Events {
		got = append(got, e.State.Status+" "+e.Updated)
		if e.Links["payment_url"].Href != h.base+"/v1/payments/"+p.PaymentID {
			t.Errorf("payment_url %+v", e.Links["payment_url"])
		}
	}
	want := []string{
		"created 2026-03-14T09:26:53.589Z",
		"started 2026-03-14T09:28:23.589Z",
		"submitted 2026-03-14T09:28:23.589Z",
		"success 2026-03-14T09:28:23.589Z",
	}
	if diff := cmp.Diff(want, got); diff != "" || events.PaymentID != p.PaymentID {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	status, body = h.api("GET", "/v1/payments/nosuchpayment/events", keyA, "")
	if e := decode[errorJSON](t, body); status != http.StatusNotFound || e.Code != "P0300" {
		t.Errorf("unknown payment: %d %s, want 404 P0300", status, body)
	}
}

func TestNewRefusesBadOptions(t *testing.T) {
	for name, opts := range map[string]Options{
		"relative base":   {BaseURL: "/simulator", Accounts: []Account{{APIKey: "k"}}},
		"no accounts":     {BaseURL: "http://127.0.0.1/sim"},
		"no key":          {BaseURL: "http://127.0.0.1/sim", Accounts: []Account{{}}},
		"shared key":      {BaseURL: "http://127.0.0.1/sim", Accounts: []Account{{APIKey: "k"}, {APIKey: "k"}}},
		"pattern in path": {BaseURL: "http://127.0.0.1/{sim}", Accounts: []Account{{APIKey: "k"}}},
	} {
		if _, err := New(opts); err == nil {
			t.Errorf("%s: New accepted %+v", name, opts)
		}
	}
}
