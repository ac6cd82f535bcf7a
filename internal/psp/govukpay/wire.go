package govukpay

import (
	"encoding/json"
	"net/url"
	"time"

	"github.com/ims-council/ims/internal/psp"
	"github.com/ims-council/ims/money"
)

// wirePayment is the part of GOV.UK Pay's payment object (CreatePaymentResult, PaymentWithAllLinks
// and a webhook's resource) that IMS uses. Pointers tell a missing field from a zero one.
type wirePayment struct {
	PaymentID   string                     `json:"payment_id"`
	Amount      *int64                     `json:"amount"`
	Fee         *int64                     `json:"fee"`
	Reference   string                     `json:"reference"`
	Description string                     `json:"description"`
	Email       string                     `json:"email"`
	Metadata    map[string]json.RawMessage `json:"metadata"`
	CreatedDate string                     `json:"created_date"`
	State       *struct {
		Status  string `json:"status"`
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"state"`
	CardDetails *struct {
		CardBrand   string `json:"card_brand"`
		FirstDigits string `json:"first_digits_card_number"`
		LastDigits  string `json:"last_digits_card_number"`
	} `json:"card_details"`
	RefundSummary *struct {
		Status          string `json:"status"`
		AmountAvailable int64  `json:"amount_available"`
	} `json:"refund_summary"`
	Links struct {
		NextURL *struct {
			Href string `json:"href"`
		} `json:"next_url"`
	} `json:"_links"`
}

// parsePayment reads a payment object, refusing one IMS could not act on safely: no id, no
// amount, an undocumented status, an unreadable date or a next_url that is not a web address.
func parsePayment(b []byte) (psp.Payment, error) {
	var w wirePayment
	if err := json.Unmarshal(b, &w); err != nil {
		return psp.Payment{}, unreadable("the payment is not JSON")
	}
	return w.payment()
}

func (w wirePayment) payment() (psp.Payment, error) {
	if w.PaymentID == "" {
		return psp.Payment{}, unreadable("the payment has no payment_id")
	}
	if w.State == nil || w.State.Status == "" {
		return psp.Payment{}, unreadable("payment %s has no state", w.PaymentID)
	}
	state, ok := stateOf(w.State.Status, w.State.Code)
	if !ok {
		return psp.Payment{}, unreadable("payment %s has the unknown status %q", w.PaymentID, clip(w.State.Status))
	}
	if w.Amount == nil || *w.Amount < 0 {
		return psp.Payment{}, unreadable("payment %s has no amount", w.PaymentID)
	}
	p := psp.Payment{
		ID:             w.PaymentID,
		State:          state,
		ProviderStatus: w.State.Status,
		Amount:         money.Pence(*w.Amount),
		Reference:      w.Reference,
		Description:    w.Description,
		Email:          w.Email,
	}
	if state.Finished() && state != psp.Succeeded {
		p.Code, p.Message = w.State.Code, w.State.Message
	}
	if w.Fee != nil {
		fee := money.Pence(*w.Fee)
		p.Fee = &fee
	}
	if w.CreatedDate != "" {
		t, err := time.Parse(time.RFC3339Nano, w.CreatedDate)
		if err != nil {
			return psp.Payment{}, unreadable("payment %s has the unreadable created_date %q", w.PaymentID, clip(w.CreatedDate))
		}
		p.CreatedAt = t
	}
	if len(w.Metadata) > 0 {
		p.Metadata = make(map[string]string, len(w.Metadata))
		for k, raw := range w.Metadata {
			p.Metadata[k] = metadataValue(raw)
		}
	}
	if c := w.CardDetails; c != nil {
		p.CardBrand, p.CardFirst6, p.CardLast4 = c.CardBrand, c.FirstDigits, c.LastDigits
	}
	if r := w.RefundSummary; r != nil {
		p.RefundAvailable, p.RefundStatus = money.Pence(r.AmountAvailable), r.Status
	}
	if state == psp.InProgress && w.Links.NextURL != nil && w.Links.NextURL.Href != "" {
		// IMS redirects the payer's browser here, so it must be a web address and nothing else.
		u, err := url.Parse(w.Links.NextURL.Href)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return psp.Payment{}, unreadable("payment %s has a next_url that is not a web address", w.PaymentID)
		}
		p.NextURL = u.String()
	}
	return p, nil
}

// metadataValue is a metadata value as text. GOV.UK Pay also allows numbers and booleans; IMS only
// sends strings, so the others are kept as their JSON text.
func metadataValue(raw json.RawMessage) string {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s
	}
	return string(raw)
}

// clip shortens provider text quoted in a message people read.
func clip(s string) string {
	if r := []rune(s); len(r) > 100 {
		return string(r[:100]) + "…"
	}
	return s
}
