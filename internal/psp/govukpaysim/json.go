package govukpaysim

import (
	"time"
)

// The JSON of GOV.UK Pay's API, as its official description names it. Fields GOV.UK Pay leaves out
// when they do not apply are omitempty or pointers.

// paymentJSON is a payment: PaymentWithAllLinks, and CreatePaymentResult on creation.
type paymentJSON struct {
	Amount            int64             `json:"amount"`
	Description       string            `json:"description"`
	Reference         string            `json:"reference"`
	Language          string            `json:"language"`
	Email             string            `json:"email,omitempty"`
	Metadata          map[string]any    `json:"metadata,omitempty"`
	State             stateJSON         `json:"state"`
	PaymentID         string            `json:"payment_id"`
	PaymentProvider   string            `json:"payment_provider"`
	CreatedDate       string            `json:"created_date"`
	RefundSummary     refundSummaryJSON `json:"refund_summary"`
	SettlementSummary settlementJSON    `json:"settlement_summary"`
	CardDetails       *cardDetailsJSON  `json:"card_details,omitempty"`
	DelayedCapture    bool              `json:"delayed_capture"`
	Moto              bool              `json:"moto"`
	ReturnURL         string            `json:"return_url"`
	AuthorisationMode string            `json:"authorisation_mode"`
	Fee               *int64            `json:"fee,omitempty"`
	NetAmount         *int64            `json:"net_amount,omitempty"`
	Links             paymentLinksJSON  `json:"_links"`
}

// stateJSON is PaymentState.
type stateJSON struct {
	Status   string `json:"status"`
	Finished bool   `json:"finished"`
	Code     string `json:"code,omitempty"`
	Message  string `json:"message,omitempty"`
}

// refundSummaryJSON is RefundSummary.
type refundSummaryJSON struct {
	Status          string `json:"status"`
	AmountAvailable int64  `json:"amount_available"`
	AmountSubmitted int64  `json:"amount_submitted"`
}

// settlementJSON is PaymentSettlementSummary: empty until the payment is taken.
type settlementJSON struct {
	CaptureSubmitTime string `json:"capture_submit_time,omitempty"`
	CapturedDate      string `json:"captured_date,omitempty"`
}

// cardDetailsJSON is CardDetails.
type cardDetailsJSON struct {
	CardBrand      string      `json:"card_brand"`
	CardType       string      `json:"card_type"`
	FirstDigits    string      `json:"first_digits_card_number"`
	LastDigits     string      `json:"last_digits_card_number"`
	ExpiryDate     string      `json:"expiry_date"`
	CardholderName string      `json:"cardholder_name"`
	BillingAddress addressJSON `json:"billing_address"`
}

// addressJSON is Address.
type addressJSON struct {
	Line1    string `json:"line1"`
	Line2    string `json:"line2,omitempty"`
	Postcode string `json:"postcode"`
	City     string `json:"city"`
	Country  string `json:"country"`
}

// linkJSON is Link.
type linkJSON struct {
	Href   string `json:"href"`
	Method string `json:"method"`
}

// postLinkJSON is PostLink.
type postLinkJSON struct {
	Type   string            `json:"type,omitempty"`
	Params map[string]string `json:"params,omitempty"`
	Href   string            `json:"href"`
	Method string            `json:"method"`
}

// paymentLinksJSON is PaymentLinks. next_url and next_url_post appear while the payer can still
// pay, cancel while the service can still cancel.
type paymentLinksJSON struct {
	Self        linkJSON      `json:"self"`
	NextURL     *linkJSON     `json:"next_url,omitempty"`
	NextURLPost *postLinkJSON `json:"next_url_post,omitempty"`
	Events      linkJSON      `json:"events"`
	Refunds     linkJSON      `json:"refunds"`
	Cancel      *postLinkJSON `json:"cancel,omitempty"`
}

// eventsJSON is PaymentEvents.
type eventsJSON struct {
	PaymentID string      `json:"payment_id"`
	Events    []eventJSON `json:"events"`
	Links     struct {
		Self linkJSON `json:"self"`
	} `json:"_links"`
}

// eventJSON is PaymentEvent.
type eventJSON struct {
	PaymentID string    `json:"payment_id"`
	State     stateJSON `json:"state"`
	Updated   string    `json:"updated"`
	Links     struct {
		PaymentURL linkJSON `json:"payment_url"`
	} `json:"_links"`
}

// refundJSON is Refund.
// refundListJSON is RefundForSearchResult, the answer to GET /v1/payments/{id}/refunds.
type refundListJSON struct {
	PaymentID string `json:"payment_id"`
	Embedded  struct {
		Refunds []refundJSON `json:"refunds"`
	} `json:"_embedded"`
	Links struct {
		Self    linkJSON `json:"self"`
		Payment linkJSON `json:"payment"`
	} `json:"_links"`
}

type refundJSON struct {
	RefundID          string   `json:"refund_id"`
	PaymentID         string   `json:"payment_id"`
	CreatedDate       string   `json:"created_date"`
	Amount            int64    `json:"amount"`
	Status            string   `json:"status"`
	SettlementSummary struct{} `json:"settlement_summary"`
	Links             struct {
		Self    linkJSON `json:"self"`
		Payment linkJSON `json:"payment"`
	} `json:"_links"`
}

// errorJSON is RequestError, GOV.UK Pay's error body.
type errorJSON struct {
	Code        string `json:"code,omitempty"`
	Field       string `json:"field,omitempty"`
	Header      string `json:"header,omitempty"`
	Description string `json:"description"`
}

// timestamp formats a time as GOV.UK Pay does: UTC with milliseconds, "2016-01-21T17:15:00.000Z".
func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// paymentProvider is what the simulator reports as the payment service provider: GOV.UK Pay's
// own name for its test accounts.
const paymentProvider = "sandbox"

// paymentJSON returns a payment's API representation. The caller holds s.mu.
func (s *Simulator) paymentJSON(p *payment) paymentJSON {
	j := paymentJSON{
		Amount:            int64(p.amount),
		Description:       p.description,
		Reference:         p.reference,
		Language:          p.language,
		Email:             p.email,
		Metadata:          p.metadata,
		State:             stateJSONOf(p.state),
		PaymentID:         p.id,
		PaymentProvider:   paymentProvider,
		CreatedDate:       timestamp(p.created),
		DelayedCapture:    false,
		Moto:              p.moto,
		ReturnURL:         p.returnURL,
		AuthorisationMode: "web",
		RefundSummary: refundSummaryJSON{
			Status:          p.refundStatus(),
			AmountAvailable: int64(p.refundable()),
			AmountSubmitted: int64(p.refundSubmitted()),
		},
		Links: paymentLinksJSON{
			Self:    linkJSON{s.paymentURL(p.id), "GET"},
			Events:  linkJSON{s.paymentURL(p.id, "/events"), "GET"},
			Refunds: linkJSON{s.paymentURL(p.id, "/refunds"), "GET"},
		},
	}
	if !p.state.finished() {
		// GOV.UK Pay reports the whole amount as available while the payer has not yet paid.
		j.RefundSummary.AmountAvailable = int64(p.amount)
		j.Links.NextURL = &linkJSON{s.cardPageURL(p.token), "GET"}
		j.Links.NextURLPost = &postLinkJSON{
			Type:   "application/x-www-form-urlencoded",
			Params: map[string]string{"chargeTokenId": p.token},
			Href:   s.base + "/secure",
			Method: "POST",
		}
		j.Links.Cancel = &postLinkJSON{Href: s.paymentURL(p.id, "/cancel"), Method: "POST"}
	}
	if c := p.card; c != nil {
		j.CardDetails = &cardDetailsJSON{
			CardBrand: c.brand, CardType: c.cardType,
			FirstDigits: c.first6, LastDigits: c.last4, ExpiryDate: c.expiry,
			CardholderName: c.name,
			BillingAddress: addressJSON{
				Line1: c.address.line1, Line2: c.address.line2, Postcode: c.address.postcode,
				City: c.address.city, Country: c.address.country,
			},
		}
	}
	if p.state.status == statusSuccess {
		j.SettlementSummary = settlementJSON{
			CaptureSubmitTime: timestamp(p.captured),
			CapturedDate:      p.captured.UTC().Format(time.DateOnly),
		}
		if a := s.accounts[p.account]; a.ReportFees {
			fee, net := int64(a.Fee), int64(p.amount-a.Fee)
			j.Fee, j.NetAmount = &fee, &net
		}
	}
	return j
}

// stateJSONOf returns a state's API representation.
func stateJSONOf(st state) stateJSON {
	return stateJSON{Status: st.status, Finished: st.finished(), Code: st.code, Message: st.message}
}

// eventsJSON returns the API representation of a payment's events. The caller holds s.mu.
func (s *Simulator) eventsJSON(p *payment) eventsJSON {
	j := eventsJSON{PaymentID: p.id, Events: make([]eventJSON, 0, len(p.events))}
	j.Links.Self = linkJSON{s.paymentURL(p.id, "/events"), "GET"}
	for _, e := range p.events {
		ej := eventJSON{PaymentID: p.id, State: stateJSONOf(e.state), Updated: timestamp(e.at)}
		ej.Links.PaymentURL = linkJSON{s.paymentURL(p.id), "GET"}
		j.Events = append(j.Events, ej)
	}
	return j
}

// refundJSON returns a refund's API representation. The caller holds s.mu.
func (s *Simulator) refundJSON(p *payment, r *refund) refundJSON {
	j := refundJSON{
		RefundID: r.id, PaymentID: p.id, CreatedDate: timestamp(r.created),
		Amount: int64(r.amount), Status: r.status,
	}
	j.Links.Self = linkJSON{s.paymentURL(p.id, "/refunds/", r.id), "GET"}
	j.Links.Payment = linkJSON{s.paymentURL(p.id), "GET"}
	return j
}
