package govukpay

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp"
)

func metadata(n int) map[string]string {
	m := map[string]string{}
	for i := range n {
		m[fmt.Sprintf("key%02d", i)] = "v"
	}
	return m
}

func TestCreatePaymentChecksGOVUKPayLimitsBeforeSending(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*psp.PaymentRequest)
		field string
	}{
		{"11 metadata keys", func(r *psp.PaymentRequest) { r.Metadata = metadata(11) }, "metadata"},
		{"31-character key", func(r *psp.PaymentRequest) { r.Metadata = map[string]string{strings.Repeat("k", 31): "v"} }, "metadata"},
		{"empty key", func(r *psp.PaymentRequest) { r.Metadata = map[string]string{"": "v"} }, "metadata"},
		{"101-character value", func(r *psp.PaymentRequest) { r.Metadata = map[string]string{"k": strings.Repeat("v", 101)} }, "metadata"},
		// GOV.UK Pay counts UTF-16 units: 51 emoji are 102 of them.
		{"51 emoji", func(r *psp.PaymentRequest) { r.Metadata = map[string]string{"k": strings.Repeat("💷", 51)} }, "metadata"},
		{"over £100,000", func(r *psp.PaymentRequest) { r.Amount = 10_000_001 }, "amount"},
		{"negative", func(r *psp.PaymentRequest) { r.Amount = -1 }, "amount"},
		{"French", func(r *psp.PaymentRequest) { r.Language = "fr" }, "language"},
		{"no reference", func(r *psp.PaymentRequest) { r.Reference = "" }, "reference"},
		{"long description", func(r *psp.PaymentRequest) { r.Description = strings.Repeat("d", 256) }, "description"},
		{"no return URL", func(r *psp.PaymentRequest) { r.ReturnURL = "" }, "return_url"},
		{"key with spaces", func(r *psp.PaymentRequest) { r.IdempotencyKey = "not a key" }, "idempotency_key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t) // with no script: any request fails the test
			c, _ := f.client(t, Config{})
			req := portalRequest()
			tt.edit(&req)
			_, err := c.CreatePayment(context.Background(), req)
			if ims.ErrorCode(err) != ims.Invalid || ims.ErrorFields(err)[tt.field] == "" {
				t.Errorf("err = %v, want Invalid about %s", err, tt.field)
			}
			if n := len(f.requests()); n != 0 {
				t.Errorf("%d requests sent; the payment should have been refused before", n)
			}
		})
	}
}

func TestCreatePaymentAcceptsMetadataAtTheLimits(t *testing.T) {
	f := newFake(t)
	f.script = []reply{{status: 201, body: f.created(12345)}}
	c, _ := f.client(t, Config{})
	req := portalRequest()
	req.Metadata = metadata(9)
	req.Metadata[strings.Repeat("k", 30)] = strings.Repeat("ŵ", 50) + strings.Repeat("💷", 25) // 100 UTF-16 units
	if _, err := c.CreatePayment(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if got := len(f.requests()[0].body["metadata"].(map[string]any)); got != 10 {
		t.Errorf("sent %d metadata keys, want 10", got)
	}
}

func TestRefundChecksAmountsBeforeSending(t *testing.T) {
	tests := []struct {
		name  string
		req   psp.RefundRequest
		field string
	}{
		{"nothing", psp.RefundRequest{Amount: 0}, "amount"},
		{"more than available", psp.RefundRequest{Amount: 501, ExpectedAvailable: 500}, "amount"},
		{"negative available", psp.RefundRequest{Amount: 1, ExpectedAvailable: -1}, "refund_amount_available"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t)
			c, _ := f.client(t, Config{})
			_, err := c.Refund(context.Background(), "hu20sqlact5260q2nanm0q8u93", tt.req)
			if ims.ErrorCode(err) != ims.Invalid || ims.ErrorFields(err)[tt.field] == "" {
				t.Errorf("err = %v, want Invalid about %s", err, tt.field)
			}
		})
	}
}
