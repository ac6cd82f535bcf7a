package admin

import (
	"strings"

	"github.com/ims-council/ims"
)

// refundState says where a refund is, as staff read it on a receipt: the state, with who approved
// it and why it was rejected or failed.
func refundState(rf ims.PaymentRefund) string {
	switch rf.State {
	case ims.RefundAwaitingApproval:
		return "Awaiting approval"
	case ims.RefundPending:
		if rf.ApprovedBy != "" {
			return "Approved by " + rf.ApprovedBy + ", waiting to be sent"
		}
		return "Requested, waiting to be sent"
	case ims.RefundSending, ims.RefundSubmitted:
		return "Sent to the payment provider"
	case ims.RefundSucceeded:
		if rf.ApprovedBy != "" {
			return "Succeeded (approved by " + rf.ApprovedBy + ")"
		}
		return "Succeeded"
	case ims.RefundRejected:
		return "Rejected by " + rf.ApprovedBy + ": " + strings.TrimPrefix(rf.FailureMessage, "Rejected: ")
	case ims.RefundFailed:
		return "Failed: " + rf.FailureMessage
	}
	return string(rf.State)
}

// mayRefund reports whether p may open a receipt's refund form.
func mayRefund(p ims.Principal) bool { return p.HasRole(ims.Refund) || p.HasRole(ims.PartialRefund) }
