package govukpay

import (
	"context"
	"net/http"
	"net/url"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp"
)

// createBody is CreateCardPaymentRequest, as much of it as IMS uses. The payer's email is the
// top-level email field: the API's prefilled_cardholder_details holds only a name and an address.
type createBody struct {
	Amount      int64             `json:"amount"`
	Reference   string            `json:"reference"`
	Description string            `json:"description"`
	ReturnURL   string            `json:"return_url"`
	Language    string            `json:"language,omitempty"`
	Email       string            `json:"email,omitempty"`
	MOTO        bool              `json:"moto,omitempty"`
	Metadata    map[string]string `json:"metadata,omitempty"`
}

// CreatePayment asks GOV.UK Pay to start a card payment and returns it, with NextURL set to the
// card page to send the payer to. With an IdempotencyKey, a repeat returns the first payment and
// the request is retried when GOV.UK Pay is briefly unavailable; without one it is sent once.
func (c *Client) CreatePayment(ctx context.Context, req psp.PaymentRequest) (_ psp.Payment, err error) {
	defer ims.Wrap(&err, "govukpay.CreatePayment(%q)", req.Reference)
	if err := checkPayment(req); err != nil {
		return psp.Payment{}, err
	}
	res, err := c.send(ctx, request{
		method: http.MethodPost,
		path:   "/v1/payments",
		body: createBody{
			Amount:      int64(req.Amount),
			Reference:   req.Reference,
			Description: req.Description,
			ReturnURL:   req.ReturnURL,
			Language:    req.Language,
			Email:       req.Email,
			MOTO:        req.MOTO,
			Metadata:    req.Metadata,
		},
		idempotencyKey: req.IdempotencyKey,
		repeatable:     req.IdempotencyKey != "",
	})
	if err != nil {
		return psp.Payment{}, err
	}
	// 200 is what an Idempotency-Key repeat may get instead of 201.
	if res.status != http.StatusCreated && res.status != http.StatusOK {
		return psp.Payment{}, statusError(res, "such payment")
	}
	p, err := parsePayment(res.body)
	if err != nil {
		return psp.Payment{}, err
	}
	if p.Amount != req.Amount {
		return psp.Payment{}, unreadable("payment %s is for %s, not the %s asked for", p.ID, p.Amount.Display(), req.Amount.Display())
	}
	if p.State == psp.InProgress && p.NextURL == "" {
		return psp.Payment{}, unreadable("payment %s has no next_url to send the payer to", p.ID)
	}
	return p, nil
}

// GetPayment returns the payment's current state at GOV.UK Pay; an unknown id is NotFound.
func (c *Client) GetPayment(ctx context.Context, id string) (_ psp.Payment, err error) {
	defer ims.Wrap(&err, "govukpay.GetPayment(%q)", id)
	if id == "" {
		return psp.Payment{}, ims.FieldError("payment_id", "is required")
	}
	res, err := c.send(ctx, request{method: http.MethodGet, path: "/v1/payments/" + url.PathEscape(id), repeatable: true})
	if err != nil {
		return psp.Payment{}, err
	}
	if res.status != http.StatusOK {
		return psp.Payment{}, statusError(res, "payment "+id)
	}
	p, err := parsePayment(res.body)
	if err != nil {
		return psp.Payment{}, err
	}
	if p.ID != id {
		return psp.Payment{}, unreadable("asked for payment %s, got %s", id, p.ID)
	}
	return p, nil
}

// CancelPayment stops a payment the payer has not finished. Cancelling a payment that is already
// cancelled succeeds, so a retried cancellation whose first answer was lost is not an error. A
// payment that has finished otherwise, or is being authorised, cannot be cancelled: that is a
// Conflict, and GetPayment says how it ended.
func (c *Client) CancelPayment(ctx context.Context, id string) (err error) {
	defer ims.Wrap(&err, "govukpay.CancelPayment(%q)", id)
	if id == "" {
		return ims.FieldError("payment_id", "is required")
	}
	res, err := c.send(ctx, request{method: http.MethodPost, path: "/v1/payments/" + url.PathEscape(id) + "/cancel", repeatable: true})
	if err != nil {
		return err
	}
	switch res.status {
	case http.StatusNoContent:
		return nil
	case http.StatusConflict, http.StatusBadRequest:
		// GOV.UK Pay answers 400 or 409 for a payment in a state that cannot be cancelled;
		// neither is something the caller could correct, and one of those states is "cancelled".
		conflict := &ims.Error{Code: ims.Conflict, Message: "payment " + id + " can no longer be cancelled: it has finished or is being authorised"}
		p, err := c.GetPayment(ctx, id)
		if err != nil {
			return conflict
		}
		if p.State == psp.Cancelled {
			return nil
		}
		conflict.Message = "payment " + id + " can no longer be cancelled: GOV.UK Pay says it is " + p.ProviderStatus
		return conflict
	}
	return statusError(res, "payment "+id)
}
