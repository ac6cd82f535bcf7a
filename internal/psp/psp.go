// Package psp is the one interface IMS uses for every card payment service provider. Adapters live in
// sub-packages named after the provider (govukpay); govukpaysim is a built-in GOV.UK Pay simulator so the
// whole product works, and is tested, without an external account.
package psp

import (
	"context"
	"errors"
	"time"

	"github.com/ims-council/ims/money"
)

// State is a payment's state as IMS sees it, whatever the provider calls it.
type State string

// The payment states. Only InProgress is unfinished.
const (
	InProgress State = "in_progress" // created, started, submitted or capturable at the provider
	Succeeded  State = "succeeded"
	Failed     State = "failed" // declined, card expired, provider error: Code and Message say which
	Cancelled  State = "cancelled"
	Expired    State = "expired" // the payer never finished within the provider's time limit
)

// Finished reports whether the state is final.
func (s State) Finished() bool { return s != InProgress && s != "" }

// A PaymentRequest asks the provider to start a payment and host its card page.
type PaymentRequest struct {
	Amount         money.Pence
	Reference      string // our receipt number
	Description    string // shown to the payer on the card page
	ReturnURL      string // where the provider sends the payer back; carries our unguessable token
	Language       string // "en" or "cy"
	Email          string // pre-fills the card page; optional
	MOTO           bool   // staff take the card details over the phone
	Metadata       map[string]string
	IdempotencyKey string // the same key returns the same payment instead of a second one
}

// A Payment is the provider's view of one payment.
type Payment struct {
	ID             string // the provider's payment id
	State          State
	ProviderStatus string // the provider's own status word, for logs and support
	Code           string // the provider's failure code (GOV.UK Pay: P0010 declined…), when failed
	Message        string // the provider's failure message, when failed
	NextURL        string // the hosted card page, while the payment is in progress
	Amount         money.Pence
	Fee            *money.Pence // the provider's fee, when it reports one
	Reference      string
	Description    string
	Metadata       map[string]string
	Email          string
	CardBrand      string
	CardFirst6     string
	CardLast4      string
	CreatedAt      time.Time
	// RefundAvailable is how much can still be refunded, as the provider reckons it.
	RefundAvailable money.Pence
	RefundStatus    string // available, unavailable, pending, full
}

// A RefundRequest asks the provider to return money of a succeeded payment.
type RefundRequest struct {
	Amount money.Pence
	// ExpectedAvailable is how much IMS believes can still be refunded; providers that support it
	// (GOV.UK Pay's refund_amount_available) refuse the refund when they disagree, which stops a
	// refund being issued twice.
	ExpectedAvailable money.Pence
}

// ErrNotSent is wrapped by an adapter's error when a request never left IMS (the provider could
// not even be connected to), so the caller knows the provider cannot have acted on it. Any other
// error of a request that changes something leaves its outcome unknown.
var ErrNotSent = errors.New("the request was not sent to the payment provider")

// RefundState is a refund's state at the provider.
type RefundState string

// The refund states.
const (
	RefundSubmitted RefundState = "submitted"
	RefundSucceeded RefundState = "success"
	RefundFailed    RefundState = "error"
)

// A Refund is the provider's view of one refund.
type Refund struct {
	ID        string
	PaymentID string
	Amount    money.Pence
	State     RefundState
	CreatedAt time.Time
}

// An Event is a verified webhook notification.
type Event struct {
	ID        string    // the provider's message id, for recognising repeats
	Type      string    // the provider's event type: card_payment_succeeded, card_payment_refunded…
	CreatedAt time.Time // when the provider created it
	PaymentID string
	Payment   *Payment // the payment's state as the event reports it, when it carries one
}

// Provider is one account with a card payment provider.
type Provider interface {
	// Limits returns what the provider accepts in one payment.
	Limits() Limits
	// CreatePayment starts a payment. A request the provider refuses as invalid, so that nothing
	// was created, is an Invalid *ims.Error with the provider's reason, on the provider's field.
	CreatePayment(ctx context.Context, req PaymentRequest) (Payment, error)
	GetPayment(ctx context.Context, id string) (Payment, error)
	CancelPayment(ctx context.Context, id string) error
	// Refund asks for a refund once and never retries it: providers such as GOV.UK Pay take no
	// idempotency key for refunds, so only the caller, by reading ListRefunds, can tell whether a
	// request whose answer was lost was acted on.
	Refund(ctx context.Context, paymentID string, req RefundRequest) (Refund, error)
	GetRefund(ctx context.Context, paymentID, refundID string) (Refund, error)
	// ListRefunds returns every refund the provider holds for a payment, whoever asked for it.
	ListRefunds(ctx context.Context, paymentID string) ([]Refund, error)
	// ParseWebhook verifies a webhook's signature over its raw body and parses it. A bad signature
	// or a malformed body is an error; the caller answers it with 4xx and posts nothing.
	ParseWebhook(body []byte, signature string) (Event, error)
}
