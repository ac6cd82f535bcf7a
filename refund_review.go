package ims

import "github.com/ims-council/ims/money"

// RefundableLines is what a payment still allows to be refunded, as the refund form shows it: the
// method of payment and whether it can refund at all, and for each payment entry (by entry id) the
// amount still refundable — its amount less refunds not failed or rejected and less what journals
// and transfers took from it.
type RefundableLines struct {
	PaymentID     string
	MOP           string
	MOPName       string
	MOPRefundable bool
	Left          map[int64]money.Pence
}

// Total returns the amount of the payment still refundable.
func (r RefundableLines) Total() money.Pence {
	var t money.Pence
	for _, v := range r.Left {
		t += v
	}
	return t
}

// A RefundAwaiting is a refund above the approval limit as its approver sees it: the refund, the
// receipt of the payment it returns money of, the name of whoever asked (blank when it was an API
// client or a user since removed) and the funds of that payment.
type RefundAwaiting struct {
	PaymentRefund
	Receipt       string
	RequesterName string
	Funds         []string
}

// SeesEveryFund reports whether p sees each of funds (see SeesFund): a payment spread over several
// funds is p's to refund or approve only when all of them are, so one person of one fund group
// cannot move another group's money back to a payer.
func (p Principal) SeesEveryFund(funds []string) bool {
	for _, f := range funds {
		if !p.SeesFund(f) {
			return false
		}
	}
	return true
}
