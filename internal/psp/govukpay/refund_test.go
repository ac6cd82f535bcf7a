package govukpay

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp"
)

const payID = "hu20sqlact5260q2nanm0q8u93"

func (f *fakePay) refund(status string, amount int64) map[string]any {
	r := f.example("Refund")
	r["status"], r["amount"] = status, amount
	return r
}

func TestRefundSendsTheAvailableAmountAndMapsTheAnswer(t *testing.T) {
	f := newFake(t)
	f.script = []reply{{status: 200, body: f.refund("submitted", 250)}}
	c, _ := f.client(t, Config{})
	got, err := c.Refund(context.Background(), payID, psp.RefundRequest{Amount: 250, ExpectedAvailable: 1200})
	if err != nil {
		t.Fatal(err)
	}
	want := psp.Refund{ID: "act4c33g40j3edfmi8jknab84x", PaymentID: payID, Amount: 250, State: psp.RefundSubmitted,
		CreatedAt: time.Date(2017, 1, 10, 16, 52, 7, 855_000_000, time.UTC)}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("refund (-want +got):\n%s", d)
	}
	r := f.requests()[0]
	if r.method != "POST" || r.path != "/v1/payments/"+payID+"/refunds" {
		t.Errorf("sent %s %s", r.method, r.path)
	}
	if d := cmp.Diff(map[string]any{"amount": 250.0, "refund_amount_available": 1200.0}, r.body); d != "" {
		t.Errorf("body (-want +got):\n%s", d)
	}
}

func TestRefundWithoutAnExpectedAmountLeavesItOut(t *testing.T) {
	f := newFake(t)
	f.script = []reply{{status: 200, body: f.refund("success", 100)}}
	c, _ := f.client(t, Config{})
	if _, err := c.Refund(context.Background(), payID, psp.RefundRequest{Amount: 100}); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.requests()[0].body["refund_amount_available"]; ok {
		t.Errorf("refund_amount_available sent: %v", f.requests()[0].body)
	}
}

func TestRefundAvailableMismatchIsAConflict(t *testing.T) {
	f := newFake(t)
	f.script = []reply{{status: 412}}
	c, _ := f.client(t, Config{})
	_, err := c.Refund(context.Background(), payID, psp.RefundRequest{Amount: 100, ExpectedAvailable: 1200})
	if ims.ErrorCode(err) != ims.Conflict || !strings.Contains(err.Error(), "£12.00") || !strings.Contains(err.Error(), "another refund") {
		t.Errorf("err = %v, want a Conflict saying the available amount is no longer £12.00", err)
	}
}

func TestRefundAnswerOfAnotherPaymentIsRefused(t *testing.T) {
	f := newFake(t)
	other := f.refund("success", 100)
	other["payment_id"] = "someotherpayment0000000000"
	f.script = []reply{{status: 200, body: other}}
	c, _ := f.client(t, Config{})
	_, err := c.GetRefund(context.Background(), payID, "act4c33g40j3edfmi8jknab84x")
	if ims.ErrorCode(err) != ims.Unavailable {
		t.Errorf("err = %v, want Unavailable", err)
	}
}

func TestGetRefund(t *testing.T) {
	for _, st := range []psp.RefundState{psp.RefundSubmitted, psp.RefundSucceeded, psp.RefundFailed} {
		t.Run(string(st), func(t *testing.T) {
			f := newFake(t)
			f.script = []reply{{status: 200, body: f.refund(string(st), 120)}}
			c, _ := f.client(t, Config{})
			got, err := c.GetRefund(context.Background(), payID, "act4c33g40j3edfmi8jknab84x")
			if err != nil {
				t.Fatal(err)
			}
			if got.State != st || got.Amount != 120 || got.PaymentID != payID {
				t.Errorf("refund = %+v", got)
			}
			if r := f.requests()[0]; r.method != "GET" || r.path != "/v1/payments/"+payID+"/refunds/act4c33g40j3edfmi8jknab84x" {
				t.Errorf("sent %s %s", r.method, r.path)
			}
		})
	}
}

func TestGetRefundNotFound(t *testing.T) {
	f := newFake(t)
	f.script = []reply{{status: 404, body: map[string]any{"code": "P0800", "description": "Not found"}}}
	c, _ := f.client(t, Config{})
	_, err := c.GetRefund(context.Background(), payID, "nosuchrefund")
	if ims.ErrorCode(err) != ims.NotFound || !strings.Contains(err.Error(), "nosuchrefund") {
		t.Errorf("err = %v, want NotFound naming the refund", err)
	}
}

func TestRefundWithAnUnreadableAnswerWarnsItMayHaveHappened(t *testing.T) {
	f := newFake(t)
	f.script = []reply{{status: 202, body: "", offContract: true}}
	c, _ := f.client(t, Config{})
	_, err := c.Refund(context.Background(), payID, psp.RefundRequest{Amount: 100, ExpectedAvailable: 1200})
	if ims.ErrorCode(err) != ims.Unavailable || !strings.Contains(err.Error(), "check the payment's refunds") {
		t.Errorf("err = %v", err)
	}
}

func TestListRefunds(t *testing.T) {
	f := newFake(t)
	made := f.refund("success", 250)
	made["payment_id"] = payID
	elsewhere := f.refund("submitted", 100)
	elsewhere["refund_id"], elsewhere["payment_id"] = "b2c3d4e5f6g7h8i9j0k1l2m3n4", payID
	list := map[string]any{"payment_id": payID, "_embedded": map[string]any{"refunds": []any{made, elsewhere}}}
	f.script = []reply{{status: 500, body: downstream}, {status: 200, body: list}}
	c, _ := f.client(t, Config{})
	got, err := c.ListRefunds(context.Background(), payID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Amount != 250 || got[0].State != psp.RefundSucceeded || got[1].ID != "b2c3d4e5f6g7h8i9j0k1l2m3n4" || got[1].State != psp.RefundSubmitted {
		t.Errorf("refunds %+v", got)
	}
	if r := f.requests(); len(r) != 2 || r[1].method != "GET" || r[1].path != "/v1/payments/"+payID+"/refunds" {
		t.Errorf("requests %+v; want the read retried after the 500", r)
	}

	f = newFake(t)
	other := f.refund("success", 250)
	other["payment_id"] = "someoneelsespayment0000000"
	f.script = []reply{{status: 200, body: map[string]any{"payment_id": payID, "_embedded": map[string]any{"refunds": []any{other}}}}}
	c, _ = f.client(t, Config{})
	if _, err := c.ListRefunds(context.Background(), payID); ims.ErrorCode(err) != ims.Unavailable {
		t.Errorf("a refund of another payment in the list: err = %v, want Unavailable (unreadable)", err)
	}
}
