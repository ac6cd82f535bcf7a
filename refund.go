package ims

import (
	"time"

	"github.com/ims-council/ims/money"
)

// RefundState is where a refund is in its life. It only moves forward.
type RefundState string

// The states of a refund.
const (
	RefundAwaitingApproval RefundState = "awaiting_approval" // above the limit: a RefundApprover must approve it
	RefundPending          RefundState = "pending"           // approved, not yet sent to the provider
	RefundSending          RefundState = "sending"           // sent once; the provider's answer is not yet known
	RefundSubmitted        RefundState = "submitted"         // the provider accepted it and is processing it
	RefundSucceeded        RefundState = "succeeded"         // the money went back; negative entries are posted
	RefundFailed           RefundState = "failed"            // the provider refused it, or has no record of it
	RefundRejected         RefundState = "rejected"          // an approver refused it; nothing was sent
)

// Finished reports whether the state is final. A failed refund that IMS gave up on (GivenUp) is
// the one exception: if the provider later reports it succeeded, it is posted after all.
func (s RefundState) Finished() bool {
	return s == RefundSucceeded || s == RefundFailed || s == RefundRejected
}

// A RefundLine returns part or all of one line of a payment: its ledger entry, named either by the
// entry's id or by the payment's line number (1 for the first bill in the basket).
type RefundLine struct {
	EntryID int64       `json:"entry_id"`
	Line    int         `json:"line,omitempty"`
	Amount  money.Pence `json:"amount"`
}

// A RefundRequest asks for money of a succeeded card payment to be returned to the payer.
type RefundRequest struct {
	PaymentID      string
	Lines          []RefundLine // empty: everything still refundable
	Reason         string
	IdempotencyKey string // the same key and request return the first refund instead of a second
}

// A PaymentRefund is money being returned to a payer through the payment provider.
type PaymentRefund struct {
	ID               string       `json:"id"`
	PaymentID        string       `json:"payment_id"`
	ProviderRefundID string       `json:"provider_refund_id,omitempty"`
	State            RefundState  `json:"state"`
	Amount           money.Pence  `json:"amount"`
	Reason           string       `json:"reason"`
	RequestedBy      string       `json:"requested_by"`
	ApprovedBy       string       `json:"approved_by,omitempty"` // who approved it, or rejected it when State is rejected
	FailureMessage   string       `json:"failure_message,omitempty"`
	SentAt           time.Time    `json:"sent_at,omitzero"`     // when its one request to the provider left
	GivenUpAt        time.Time    `json:"given_up_at,omitzero"` // when IMS stopped waiting for the provider
	PostingID        int64        `json:"posting_id,omitempty"`
	Lines            []RefundLine `json:"lines"`
	CreatedAt        time.Time    `json:"created_at"`
	FinishedAt       time.Time    `json:"finished_at,omitzero"`
}
