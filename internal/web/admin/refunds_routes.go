package admin

import (
	"context"
	"net/url"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// Refunds is the refund service (internal/payments) as the back office uses it. It checks the
// roles, the approval limit, the approver being someone else, and that the caller sees every fund
// of the payment, itself.
type Refunds interface {
	Refundable(ctx context.Context, p ims.Principal, paymentID string) (ims.RefundableLines, error)
	Refund(ctx context.Context, p ims.Principal, req ims.RefundRequest) (ims.PaymentRefund, bool, error)
	RefundsAwaitingApproval(ctx context.Context, p ims.Principal) ([]ims.RefundAwaiting, error)
	ApproveRefund(ctx context.Context, p ims.Principal, id string) (ims.PaymentRefund, error)
	RejectRefund(ctx context.Context, p ims.Principal, id, reason string) (ims.PaymentRefund, error)
}

// refundRoutes are the refund form of a receipt and the approvals of refunds above the limit
// (SPEC §6). The form is open to PartialRefund alone too, so such a user is told what they lack
// rather than refused the page; the service decides.
func (a *Admin) refundRoutes() []web.Route {
	return []web.Route{
		a.page("/admin/receipts/{receipt}/refund", a.refundForm, ims.Refund, ims.PartialRefund),
		a.action("/admin/receipts/{receipt}/refund", a.refundPost, ims.Refund, ims.PartialRefund),
		a.page("/admin/refunds/approvals", a.refundApprovals, ims.RefundApprover),
		a.action("/admin/refunds/{refund}/approve", a.refundApprove, ims.RefundApprover),
		a.action("/admin/refunds/{refund}/reject", a.refundReject, ims.RefundApprover),
	}
}

// refundFormPath is the address of a receipt's refund form.
func refundFormPath(receipt string) string { return receiptPath(receipt) + "/refund" }

// refundsApprovalsPath is the list of refunds awaiting approval.
const refundsApprovalsPath = "/admin/refunds/approvals"

// refundPath is the address of an action on one refund.
func refundPath(id, action string) string {
	return "/admin/refunds/" + url.PathEscape(id) + "/" + action
}
