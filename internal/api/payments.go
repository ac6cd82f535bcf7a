package api

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ims-council/ims"
)

type paymentLineJSON struct {
	FundCode  string          `json:"fund_code"`
	Reference string          `json:"reference"`
	Amount    json.RawMessage `json:"amount"`
	VATCode   string          `json:"vat_code,omitempty"`
	Narrative string          `json:"narrative,omitempty"`
}

type paymentRequestJSON struct {
	Lines     []paymentLineJSON `json:"lines"`
	Payer     *ims.Payer        `json:"payer,omitempty"`
	ReturnURL string            `json:"return_url"`
	Reference string            `json:"reference,omitempty"`
	Language  string            `json:"language,omitempty"`
	Narrative string            `json:"narrative,omitempty"`
}

type paymentLineOut struct {
	FundCode  string `json:"fund_code"`
	Reference string `json:"reference"`
	Amount    string `json:"amount"`
	VATCode   string `json:"vat_code,omitempty"`
	Narrative string `json:"narrative,omitempty"`
}

type paymentJSON struct {
	ID             string           `json:"id"`
	State          ims.PaymentState `json:"state"`
	NextURL        string           `json:"next_url,omitempty"`
	ReceiptNumber  string           `json:"receipt_number,omitempty"`
	Amount         string           `json:"amount"`
	Lines          []paymentLineOut `json:"lines"`
	Reference      string           `json:"reference,omitempty"`
	ReturnURL      string           `json:"return_url"`
	Language       string           `json:"language"`
	FailureCode    string           `json:"failure_code,omitempty"`
	FailureMessage string           `json:"failure_message,omitempty"`
	CardBrand      string           `json:"card_brand,omitempty"`
	CardLast4      string           `json:"card_last4,omitempty"`
	CreatedAt      time.Time        `json:"created_at"`
	FinishedAt     *time.Time       `json:"finished_at,omitempty"`
}

// paymentOut is the API's view of a payment. The receipt number is shown once the payment has
// succeeded: before that it is only the provider's reference and proves nothing.
func paymentOut(pp ims.PendingPayment) paymentJSON {
	out := paymentJSON{ID: pp.ID, State: pp.State, Amount: pp.Amount.String(), Reference: pp.ClientReference,
		ReturnURL: pp.ReturnURL, Language: pp.Language, FailureCode: pp.FailureCode, FailureMessage: pp.FailureMessage,
		CardBrand: pp.CardBrand, CardLast4: pp.CardLast4, CreatedAt: pp.CreatedAt, Lines: []paymentLineOut{}}
	if !pp.State.Finished() {
		out.NextURL = pp.NextURL
	}
	if pp.State == ims.PaymentSucceeded {
		out.ReceiptNumber = pp.ReceiptNumber
	}
	if !pp.FinishedAt.IsZero() {
		out.FinishedAt = &pp.FinishedAt
	}
	for _, l := range pp.Lines {
		out.Lines = append(out.Lines, paymentLineOut{FundCode: l.Fund, Reference: l.Reference, Amount: l.Amount.String(),
			VATCode: l.VATCode, Narrative: l.Narrative})
	}
	return out
}

// createPayment answers POST /api/v1/payments. The Idempotency-Key header is required: the same key
// and body return the same payment (200), the same key with another body is a 409.
func (a *API) createPayment(w http.ResponseWriter, r *http.Request) {
	key := strings.TrimSpace(r.Header.Get("Idempotency-Key"))
	if key == "" || len(key) > 255 {
		a.problem(w, r, ims.FieldError("Idempotency-Key", "Send an Idempotency-Key header (1–255 characters) so a retried request cannot pay twice"))
		return
	}
	var body paymentRequestJSON
	if err := decode(r, &body); err != nil {
		a.problem(w, r, err)
		return
	}
	problems := ims.Problems{}
	req := ims.PaymentRequest{ReturnURL: body.ReturnURL, ClientReference: body.Reference, Language: body.Language,
		IdempotencyKey: key, Source: ims.SourceAPI, Narrative: body.Narrative}
	if body.Payer != nil {
		req.Payer = *body.Payer
	}
	if msg := checkReturnURL(body.ReturnURL); msg != "" {
		problems.Add("return_url", "%s", msg)
	}
	for i, l := range body.Lines {
		amount, msg := parseAmount(l.Amount)
		if msg != "" {
			problems.Add("lines["+itoa(i)+"].amount", "%s", msg)
		}
		req.Lines = append(req.Lines, ims.PaymentLine{Fund: l.FundCode, Reference: l.Reference, Amount: amount,
			VATCode: l.VATCode, Narrative: l.Narrative})
	}
	p := principal(r.Context())
	if len(problems) > 0 {
		// The service's checks see the rest of the request, so the caller hears of every mistake
		// at once. An amount that could not be read is zero to them; the message above stands.
		err := a.Payments.Check(r.Context(), p, req)
		if code := ims.ErrorCode(err); code != "" && code != ims.Invalid {
			a.problem(w, r, err)
			return
		}
		for field, msg := range ims.ErrorFields(err) {
			problems.Add(field, "%s", msg)
		}
		a.problem(w, r, problems.Err("The payment request is not valid"))
		return
	}
	pp, created, err := a.Payments.Start(r.Context(), p, req)
	if err != nil {
		a.problem(w, r, err)
		return
	}
	status := http.StatusOK // a repeated request: the payment as it stands
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, paymentOut(pp))
}

// getPayment answers GET /api/v1/payments/{id}; a client sees only its own payments.
func (a *API) getPayment(w http.ResponseWriter, r *http.Request) {
	pp, err := a.Payments.Get(r.Context(), principal(r.Context()), r.PathValue("id"))
	if err != nil {
		a.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, paymentOut(pp))
}

// checkReturnURL returns why a caller's return URL is unacceptable: it must be absolute https (http
// only to this machine, for development), without credentials.
func checkReturnURL(s string) string {
	u, err := url.Parse(s)
	switch {
	case s == "":
		return "return_url is required"
	case err != nil || u.Host == "" || u.User != nil:
		return "return_url must be an absolute URL, like https://example.gov.uk/paid"
	case u.Scheme == "https":
		return ""
	case u.Scheme == "http" && (u.Hostname() == "localhost" || u.Hostname() == "127.0.0.1" || u.Hostname() == "::1"):
		return ""
	}
	return "return_url must use https"
}
