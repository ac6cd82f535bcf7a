package admin

import (
	"context"
	"net/url"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// StaffPayments is the staff payment service (internal/staffpayments) as the back office uses it.
// It checks the roles (Payments for cards over the phone, ChequeProcess, PostPayment), the funds
// the user sees, the methods of payment the user may post and who may override a stop message.
type StaffPayments interface {
	Choices(ctx context.Context, p ims.Principal) (ims.StaffPaymentChoices, error)
	FindAccountHolders(ctx context.Context, p ims.Principal, q ims.AccountHolderSearch) ([]ims.AccountHolder, error)
	Check(ctx context.Context, p ims.Principal, sp ims.StaffPayment) (ims.StaffPaymentCheck, error)
	Take(ctx context.Context, p ims.Principal, sp ims.StaffPayment) (ims.StaffPaymentTaken, error)
	CardPayment(ctx context.Context, p ims.Principal, paymentID string) (ims.StaffPaymentResult, error)
	Posted(ctx context.Context, p ims.Principal, receipt string) (ims.StaffPaymentResult, error)
}

// staffPaymentRoles are the roles that take payments in the back office.
var staffPaymentRoles = []ims.Role{ims.Payments, ims.ChequeProcess, ims.PostPayment}

// staffPaymentRoutes are the staff payment form (SPEC §5.3), the page the card provider sends the
// officer back to, and the result of a cheque or post-room payment.
func (a *Admin) staffPaymentRoutes() []web.Route {
	return []web.Route{
		a.page(staffPaymentFormPath, a.staffPaymentNew, staffPaymentRoles...),
		a.action(staffPaymentFormPath, a.staffPaymentPost, staffPaymentRoles...),
		a.page(StaffCardReturnPath, a.staffCardResult, ims.Payments),
		a.page("/admin/payments/{receipt}", a.staffPostedResult, staffPaymentRoles...),
	}
}

// staffPaymentFormPath is the staff payment form.
const staffPaymentFormPath = "/admin/payments/new"

// StaffCardReturnPath is where the card provider sends an officer back after a card payment over
// the phone, with ?payment_id= added: the payment's result page.
const StaffCardReturnPath = "/admin/payments/card"

// staffPostedPath is the result page of a cheque or post-room payment.
func staffPostedPath(receipt string) string { return "/admin/payments/" + url.PathEscape(receipt) }
