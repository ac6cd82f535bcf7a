package govukpaysim

import (
	"time"

	"github.com/ims-council/ims/money"
)

// The refund status words of GOV.UK Pay's API.
const (
	refundSubmitted = "submitted"
	refundSuccess   = "success"
	refundError     = "error"
)

// A refund is one refund of a payment.
type refund struct {
	id      string
	amount  money.Pence
	created time.Time
	status  string
}

// initialRefundStatus returns the status a new refund takes under the mode.
func initialRefundStatus(m RefundMode) string {
	switch m {
	case RefundStaysSubmitted:
		return refundSubmitted
	case RefundFails:
		return refundError
	}
	return refundSuccess
}
