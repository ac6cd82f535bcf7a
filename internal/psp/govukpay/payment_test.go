package govukpay

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp"
	"github.com/ims-council/ims/money"
)

// created is GOV.UK Pay's answer to a new payment, from the API description's examples, for amount.
func (f *fakePay) created(amount int64) map[string]any {
	p := f.example("CreatePaymentResult")
	p["amount"] = amount
	p["state"] = map[string]any{"status": "created", "finished": false}
	p["_links"].(map[string]any)["next_url"] = map[string]any{"href": "https://card.payments.service.gov.uk/secure/7b1f", "method": "GET"}
	delete(p, "card_details")
	return p
}

// payment is GOV.UK Pay's answer to "get a payment", from the examples, in the given state.
func (f *fakePay) payment(status, code, message string) map[string]any {
	p := f.example("PaymentWithAllLinks")
	st := map[string]any{"status": status, "finished": status != "created" && status != "started" && status != "submitted" && status != "capturable"}
	if code != "" {
		st["code"], st["message"] = code, message
	}
	p["state"] = st
	return p
}

func portalRequest() psp.PaymentRequest {
	return psp.PaymentRequest{
		Amount:         money.Pence(12345),
		Reference:      "R000123",
		Description:    "Council tax",
		ReturnURL:      "https://pay.example-council.gov.uk/return/9f8e7d",
		Language:       "cy",
		Email:          "payer@example.org",
		Metadata:       map[string]string{"pending_payment_id": "41", "ims_instance": "demo"},
		IdempotencyKey: "c5b2e8a0-3d3f-4a4e-9f5e-1a2b3c4d5e6f",
	}
}

func TestCreatePaymentSendsTheRequestTheAPIDescribes(t *testing.T) {
	f := newFake(t)
	f.script = []reply{{status: 201, body: f.created(12345)}}
	c, _ := f.client(t, Config{})
	req := portalRequest()
	req.MOTO = true

	got, err := c.CreatePayment(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	reqs := f.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.method != "POST" || r.path != "/v1/payments" {
		t.Errorf("sent %s %s", r.method, r.path)
	}
	if k := r.header.Get("Idempotency-Key"); k != req.IdempotencyKey {
		t.Errorf("Idempotency-Key = %q", k)
	}
	want := map[string]any{
		"amount": 12345.0, "reference": "R000123", "description": "Council tax",
		"return_url": "https://pay.example-council.gov.uk/return/9f8e7d", "language": "cy",
		"email": "payer@example.org", "moto": true,
		"metadata": map[string]any{"pending_payment_id": "41", "ims_instance": "demo"},
	}
	if d := cmp.Diff(want, r.body); d != "" {
		t.Errorf("request body (-want +got):\n%s", d)
	}
	if got.ID != "hu20sqlact5260q2nanm0q8u93" || got.State != psp.InProgress || got.ProviderStatus != "created" {
		t.Errorf("payment = %s %s (%s)", got.ID, got.State, got.ProviderStatus)
	}
	if got.NextURL != "https://card.payments.service.gov.uk/secure/7b1f" {
		t.Errorf("NextURL = %q", got.NextURL)
	}
	if want := time.Date(2016, 1, 21, 17, 15, 0, 0, time.UTC); !got.CreatedAt.Equal(want) {
		t.Errorf("CreatedAt = %v, want %v", got.CreatedAt, want)
	}
	if got.Amount != 12345 {
		t.Errorf("Amount = %d", got.Amount)
	}
}

func TestCreatePaymentLeavesOutWhatWasNotGiven(t *testing.T) {
	f := newFake(t)
	f.script = []reply{{status: 201, body: f.created(500)}}
	c, _ := f.client(t, Config{})
	_, err := c.CreatePayment(context.Background(), psp.PaymentRequest{
		Amount: 500, Reference: "R1", Description: "Parking fine", ReturnURL: "https://example.org/r",
	})
	if err != nil {
		t.Fatal(err)
	}
	r := f.requests()[0]
	for _, k := range []string{"language", "email", "moto", "metadata", "prefilled_cardholder_details"} {
		if _, ok := r.body[k]; ok {
			t.Errorf("the body has %s: %v", k, r.body)
		}
	}
	if _, ok := r.header["Idempotency-Key"]; ok {
		t.Errorf("an Idempotency-Key was sent though none was given")
	}
}

func TestCreatePaymentRefusesAnswersItCannotUse(t *testing.T) {
	f := newFake(t)
	noNext := f.created(12345)
	delete(noNext["_links"].(map[string]any), "next_url")
	scriptNext := f.created(12345)
	scriptNext["_links"].(map[string]any)["next_url"] = map[string]any{"href": "javascript:alert(1)", "method": "GET"}
	for name, body := range map[string]map[string]any{
		"no next_url":         noNext,
		"next_url not a page": scriptNext,
		"another amount":      f.created(100),
	} {
		t.Run(name, func(t *testing.T) {
			f.script = []reply{{status: 201, body: body}}
			c, _ := f.client(t, Config{})
			_, err := c.CreatePayment(context.Background(), portalRequest())
			if ims.ErrorCode(err) != ims.Unavailable || !strings.Contains(err.Error(), "unreadable") {
				t.Errorf("err = %v, want Unavailable (unreadable answer)", err)
			}
		})
	}
}

func TestGetPaymentStates(t *testing.T) {
	tests := []struct {
		status, code, message string
		want                  psp.State
		keepsCode             bool
	}{
		{status: "created", want: psp.InProgress},
		{status: "started", want: psp.InProgress},
		{status: "submitted", want: psp.InProgress},
		{status: "capturable", want: psp.InProgress},
		{status: "success", want: psp.Succeeded},
		{status: "failed", code: "P0010", message: "Payment method rejected", want: psp.Failed, keepsCode: true},
		{status: "failed", code: "P0020", message: "Payment expired", want: psp.Expired, keepsCode: true},
		{status: "failed", code: "P0030", message: "Payment was cancelled by the user", want: psp.Cancelled, keepsCode: true},
		{status: "cancelled", code: "P0040", message: "Payment was cancelled by the service", want: psp.Cancelled, keepsCode: true},
		{status: "failed", code: "P0040", message: "Payment was cancelled by the service", want: psp.Cancelled, keepsCode: true},
		{status: "error", code: "P0050", message: "Payment provider returned an error", want: psp.Failed, keepsCode: true},
	}
	for _, tt := range tests {
		t.Run(tt.status+tt.code, func(t *testing.T) {
			f := newFake(t)
			f.script = []reply{{status: 200, body: f.payment(tt.status, tt.code, tt.message)}}
			c, _ := f.client(t, Config{})
			p, err := c.GetPayment(context.Background(), "hu20sqlact5260q2nanm0q8u93")
			if err != nil {
				t.Fatal(err)
			}
			if p.State != tt.want || p.ProviderStatus != tt.status {
				t.Errorf("state = %s (%s), want %s", p.State, p.ProviderStatus, tt.want)
			}
			if tt.keepsCode && (p.Code != tt.code || p.Message != tt.message) {
				t.Errorf("code, message = %q, %q; want %q, %q", p.Code, p.Message, tt.code, tt.message)
			}
			if (p.NextURL != "") != (tt.want == psp.InProgress) {
				t.Errorf("NextURL = %q in state %s", p.NextURL, p.State)
			}
			if r := f.requests()[0]; r.method != "GET" || r.path != "/v1/payments/hu20sqlact5260q2nanm0q8u93" {
				t.Errorf("sent %s %s", r.method, r.path)
			}
		})
	}
}

func TestGetPaymentRefusesAnUnknownStatus(t *testing.T) {
	f := newFake(t)
	f.script = []reply{{status: 200, body: f.payment("authorised", "", "")}}
	c, _ := f.client(t, Config{})
	_, err := c.GetPayment(context.Background(), "hu20sqlact5260q2nanm0q8u93")
	if ims.ErrorCode(err) != ims.Unavailable || !strings.Contains(err.Error(), "authorised") {
		t.Errorf("err = %v, want Unavailable naming the status", err)
	}
}

func TestGetPaymentCardDetailsFeesAndRefunds(t *testing.T) {
	f := newFake(t)
	body := f.payment("success", "", "")
	body["amount"] = 4200
	body["fee"] = 21
	body["reference"] = "R000777"
	body["email"] = "payer@example.org"
	body["metadata"] = map[string]any{"pending_payment_id": "77", "attempt": 2, "moto": false}
	body["refund_summary"] = map[string]any{"status": "available", "amount_available": 4000, "amount_submitted": 200}
	f.script = []reply{{status: 200, body: body}}
	c, _ := f.client(t, Config{})

	got, err := c.GetPayment(context.Background(), "hu20sqlact5260q2nanm0q8u93")
	if err != nil {
		t.Fatal(err)
	}
	fee := money.Pence(21)
	want := psp.Payment{
		ID: "hu20sqlact5260q2nanm0q8u93", State: psp.Succeeded, ProviderStatus: "success",
		Amount: 4200, Fee: &fee, Reference: "R000777", Description: "Your Service Description",
		Email:     "payer@example.org",
		Metadata:  map[string]string{"pending_payment_id": "77", "attempt": "2", "moto": "false"},
		CardBrand: "Visa", CardFirst6: "123456", CardLast4: "1234",
		CreatedAt:       time.Date(2016, 1, 21, 17, 15, 0, 0, time.UTC),
		RefundAvailable: 4000, RefundStatus: "available",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("payment (-want +got):\n%s", d)
	}
}

func TestGetPaymentWithoutAFeeHasNone(t *testing.T) {
	f := newFake(t)
	body := f.payment("submitted", "", "")
	delete(body, "fee")
	f.script = []reply{{status: 200, body: body}}
	c, _ := f.client(t, Config{})
	got, err := c.GetPayment(context.Background(), "hu20sqlact5260q2nanm0q8u93")
	if err != nil {
		t.Fatal(err)
	}
	if got.Fee != nil {
		t.Errorf("Fee = %d, want none: GOV.UK Pay reported none", *got.Fee)
	}
}

func TestCancelPayment(t *testing.T) {
	const id = "hu20sqlact5260q2nanm0q8u93"
	conflict := map[string]any{"code": "P0502", "description": "Cancellation of payment failed"}
	tests := []struct {
		name   string
		script func(f *fakePay) []reply
		want   ims.Code
		says   string
	}{
		{"cancelled", func(*fakePay) []reply { return []reply{{status: 204}} }, "", ""},
		{"already cancelled", func(f *fakePay) []reply {
			return []reply{{status: 409, body: conflict}, {status: 200, body: f.payment("cancelled", "P0040", "Payment was cancelled by the service")}}
		}, "", ""},
		{"already paid", func(f *fakePay) []reply {
			return []reply{{status: 409, body: conflict}, {status: 200, body: f.payment("success", "", "")}}
		}, ims.Conflict, "success"},
		{"unknown payment", func(*fakePay) []reply {
			return []reply{{status: 404, body: map[string]any{"code": "P0500", "description": "Not found"}}}
		}, ims.NotFound, id},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t)
			f.script = tt.script(f)
			c, _ := f.client(t, Config{})
			err := c.CancelPayment(context.Background(), id)
			if ims.ErrorCode(err) != tt.want || (err != nil && !strings.Contains(err.Error(), tt.says)) {
				t.Errorf("err = %v, want code %q saying %q", err, tt.want, tt.says)
			}
			if r := f.requests()[0]; r.method != "POST" || r.path != "/v1/payments/"+id+"/cancel" {
				t.Errorf("sent %s %s", r.method, r.path)
			}
		})
	}
}
