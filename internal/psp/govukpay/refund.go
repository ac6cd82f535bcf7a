package govukpay

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp"
	"github.com/ims-council/ims/money"
)

// refundBody is PaymentRefundRequest.
type refundBody struct {
	Amount int64 `json:"amount"`
	// RefundAmountAvailable makes GOV.UK Pay refuse (412) when its idea of what is left to refund
	// differs from ours, which is what stops one refund being issued twice.
	RefundAmountAvailable int64 `json:"refund_amount_available,omitempty"`
}

// wireRefund is GOV.UK Pay's Refund object.
type wireRefund struct {
	RefundID    string `json:"refund_id"`
	PaymentID   string `json:"payment_id"`
	Amount      *int64 `json:"amount"`
	Status      string `json:"status"`
	CreatedDate string `json:"created_date"`
}

// Refund asks GOV.UK Pay to return req.Amount of a succeeded payment. When req.ExpectedAvailable
// is set and GOV.UK Pay reckons a different amount is left, nothing is refunded and the error is
// a Conflict. The request is sent once and never retried: GOV.UK Pay takes no idempotency key for
// refunds, so a second attempt after a lost answer could refund twice. An error wrapping
// psp.ErrNotSent means the request never left; any other Unavailable error leaves the outcome
// unknown, for the caller to find out with ListRefunds.
func (c *Client) Refund(ctx context.Context, paymentID string, req psp.RefundRequest) (_ psp.Refund, err error) {
	defer ims.Wrap(&err, "govukpay.Refund(%q)", paymentID)
	if paymentID == "" {
		return psp.Refund{}, ims.FieldError("payment_id", "is required")
	}
	if err := checkRefund(req); err != nil {
		return psp.Refund{}, err
	}
	res, err := c.send(ctx, request{
		method: http.MethodPost,
		path:   "/v1/payments/" + url.PathEscape(paymentID) + "/refunds",
		body:   refundBody{Amount: int64(req.Amount), RefundAmountAvailable: int64(req.ExpectedAvailable)},
	})
	if err != nil {
		return psp.Refund{}, err
	}
	switch res.status {
	case http.StatusOK, http.StatusAccepted:
	case http.StatusPreconditionFailed:
		return psp.Refund{}, &ims.Error{Code: ims.Conflict, Message: "GOV.UK Pay refused the refund because the amount available to refund is no longer " +
			req.ExpectedAvailable.Display() + ": another refund has been made since; read the payment again before refunding"}
	default:
		return psp.Refund{}, statusError(res, "payment "+paymentID)
	}
	r, err := parseRefund(res.body)
	if err != nil {
		// The refund may well have been made; saying so stops someone simply trying again.
		return psp.Refund{}, unreadable("GOV.UK Pay accepted the refund of payment %s but its answer cannot be read; check the payment's refunds before trying again", paymentID)
	}
	return ofPayment(r, paymentID)
}

// GetRefund returns a refund's current state; an unknown payment or refund is NotFound.
func (c *Client) GetRefund(ctx context.Context, paymentID, refundID string) (_ psp.Refund, err error) {
	defer ims.Wrap(&err, "govukpay.GetRefund(%q, %q)", paymentID, refundID)
	p := ims.Problems{}
	if paymentID == "" {
		p.Add("payment_id", "is required")
	}
	if refundID == "" {
		p.Add("refund_id", "is required")
	}
	if err := p.Err("The refund cannot be looked up."); err != nil {
		return psp.Refund{}, err
	}
	res, err := c.send(ctx, request{
		method:     http.MethodGet,
		path:       "/v1/payments/" + url.PathEscape(paymentID) + "/refunds/" + url.PathEscape(refundID),
		repeatable: true,
	})
	if err != nil {
		return psp.Refund{}, err
	}
	if res.status != http.StatusOK {
		return psp.Refund{}, statusError(res, "refund "+refundID+" of payment "+paymentID)
	}
	r, err := parseRefund(res.body)
	if err != nil {
		return psp.Refund{}, err
	}
	if r.ID != refundID {
		return psp.Refund{}, unreadable("asked for refund %s, got %s", refundID, r.ID)
	}
	return ofPayment(r, paymentID)
}

// refundListBody is RefundForSearchResult, the answer to GET /v1/payments/{id}/refunds.
type refundListBody struct {
	PaymentID string `json:"payment_id"`
	Embedded  struct {
		Refunds []json.RawMessage `json:"refunds"`
	} `json:"_embedded"`
}

// ListRefunds returns every refund GOV.UK Pay holds for a payment, including those made in its
// admin tool; an unknown payment is NotFound.
func (c *Client) ListRefunds(ctx context.Context, paymentID string) (_ []psp.Refund, err error) {
	defer ims.Wrap(&err, "govukpay.ListRefunds(%q)", paymentID)
	if paymentID == "" {
		return nil, ims.FieldError("payment_id", "is required")
	}
	res, err := c.send(ctx, request{
		method:     http.MethodGet,
		path:       "/v1/payments/" + url.PathEscape(paymentID) + "/refunds",
		repeatable: true,
	})
	if err != nil {
		return nil, err
	}
	if res.status != http.StatusOK {
		return nil, statusError(res, "payment "+paymentID)
	}
	var body refundListBody
	if err := json.Unmarshal(res.body, &body); err != nil {
		return nil, unreadable("the refunds of payment %s are not JSON", paymentID)
	}
	if body.PaymentID != "" && body.PaymentID != paymentID {
		return nil, unreadable("asked for the refunds of payment %s, got those of %s", paymentID, clip(body.PaymentID))
	}
	list := make([]psp.Refund, 0, len(body.Embedded.Refunds))
	for _, raw := range body.Embedded.Refunds {
		r, err := parseRefund(raw)
		if err != nil {
			return nil, err
		}
		if r, err = ofPayment(r, paymentID); err != nil {
			return nil, err
		}
		list = append(list, r)
	}
	return list, nil
}

// ofPayment checks that a refund GOV.UK Pay returned belongs to the payment asked about.
func ofPayment(r psp.Refund, paymentID string) (psp.Refund, error) {
	switch r.PaymentID {
	case "":
		r.PaymentID = paymentID
	case paymentID:
	default:
		return psp.Refund{}, unreadable("refund %s is of payment %s, not %s", r.ID, clip(r.PaymentID), paymentID)
	}
	return r, nil
}

// parseRefund reads a Refund object, refusing one without an id, an amount or a documented status.
func parseRefund(b []byte) (psp.Refund, error) {
	var w wireRefund
	if err := json.Unmarshal(b, &w); err != nil {
		return psp.Refund{}, unreadable("the refund is not JSON")
	}
	if w.RefundID == "" {
		return psp.Refund{}, unreadable("the refund has no refund_id")
	}
	if w.Amount == nil || *w.Amount < 0 {
		return psp.Refund{}, unreadable("refund %s has no amount", w.RefundID)
	}
	st := psp.RefundState(w.Status)
	switch st {
	case psp.RefundSubmitted, psp.RefundSucceeded, psp.RefundFailed:
	default:
		return psp.Refund{}, unreadable("refund %s has the unknown status %q", w.RefundID, clip(w.Status))
	}
	r := psp.Refund{ID: w.RefundID, PaymentID: w.PaymentID, Amount: money.Pence(*w.Amount), State: st}
	if w.CreatedDate != "" {
		t, err := time.Parse(time.RFC3339Nano, w.CreatedDate)
		if err != nil {
			return psp.Refund{}, unreadable("refund %s has the unreadable created_date %q", w.RefundID, clip(w.CreatedDate))
		}
		r.CreatedAt = t
	}
	return r, nil
}
