package ims

import (
	"time"

	"github.com/ims-council/ims/money"
)

// PaymentState is where a pending payment is in its life. It only moves forward; the last four are final.
type PaymentState string

// The states of a pending payment.
const (
	PaymentCreated    PaymentState = "created"     // recorded, not yet accepted by the provider
	PaymentInProgress PaymentState = "in_progress" // the payer is on the provider's card page
	PaymentSucceeded  PaymentState = "succeeded"
	PaymentFailed     PaymentState = "failed"
	PaymentCancelled  PaymentState = "cancelled"
	PaymentExpired    PaymentState = "expired"
)

// Finished reports whether the state is final.
func (s PaymentState) Finished() bool {
	return s != PaymentCreated && s != PaymentInProgress
}

// MaxBasketLines is the most lines one basket may hold.
const MaxBasketLines = 10

// A PaymentLine is one bill paid in a basket.
type PaymentLine struct {
	Fund      string      `json:"fund_code"`
	Reference string      `json:"reference"`
	Amount    money.Pence `json:"amount"`
	VATCode   string      `json:"vat_code,omitempty"`
	Narrative string      `json:"narrative,omitempty"`
	// OverrideStop takes the line despite its account's stop message; only a Finance user's
	// override counts (CheckReference). Never read from a request body: staff payments set it.
	OverrideStop bool `json:"-"`
}

// Payer is what a payer tells us about themselves: an address where a fund needs one, an email
// address for the receipt.
type Payer struct {
	Name     string   `json:"name,omitempty"`
	Address  []string `json:"address,omitempty"`
	Postcode string   `json:"postcode,omitempty"`
	Email    string   `json:"email,omitempty"`
}

// A PaymentRequest starts a card payment of a basket.
type PaymentRequest struct {
	Lines           []PaymentLine
	Payer           Payer
	ReturnURL       string // where the payer goes when done (the API caller's page); blank for the portal
	ClientReference string // the calling system's own reference
	Language        string // en or cy
	IdempotencyKey  string // API callers: the same key and request return the same payment
	Source          Source // portal, api or staff
	Office          string
	Narrative       string
}

// A PendingPayment is a basket handed to a card payment provider.
type PendingPayment struct {
	ID                string        `json:"id"`
	ProviderAccount   string        `json:"-"`
	ProviderPaymentID string        `json:"provider_payment_id,omitempty"`
	State             PaymentState  `json:"state"`
	Source            Source        `json:"source"`
	APIClientID       int64         `json:"-"`
	ClientReference   string        `json:"client_reference,omitempty"`
	ReturnURL         string        `json:"return_url,omitempty"`
	ReceiptNumber     string        `json:"receipt_number"`
	MOP               string        `json:"mop_code"`
	Office            string        `json:"office_code,omitempty"`
	Language          string        `json:"language"`
	Payer             Payer         `json:"payer"`
	Narrative         string        `json:"narrative,omitempty"`
	Amount            money.Pence   `json:"amount"`
	Lines             []PaymentLine `json:"lines"`
	NextURL           string        `json:"next_url,omitempty"`
	FailureCode       string        `json:"failure_code,omitempty"`
	FailureMessage    string        `json:"failure_message,omitempty"`
	CardBrand         string        `json:"card_brand,omitempty"`
	CardFirst6        string        `json:"-"`
	CardLast4         string        `json:"card_last4,omitempty"`
	Fee               *money.Pence  `json:"fee,omitempty"`
	PostingID         int64         `json:"posting_id,omitempty"`
	Actor             string        `json:"-"`
	CreatedAt         time.Time     `json:"created_at"`
	UpdatedAt         time.Time     `json:"updated_at"`
	FinishedAt        time.Time     `json:"finished_at,omitzero"`
}

// A PaymentOutcome is what the provider says happened to a payment.
type PaymentOutcome struct {
	State      PaymentState
	Code       string // the provider's failure code
	Message    string
	CardBrand  string
	CardFirst6 string
	CardLast4  string
	Fee        *money.Pence
	At         time.Time // when the provider says the payment was made; zero: now
}

// VisibleTo reports whether p may see the payment: an API client sees only the payments it started;
// staff and the system see every payment (their roles are checked where they act on it).
func (pp PendingPayment) VisibleTo(p Principal) bool {
	return p.APIClientID == 0 || pp.APIClientID == p.APIClientID
}
