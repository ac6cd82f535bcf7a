package portal

import (
	"net/http"
	"slices"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
)

// outcomePageContent is the content of the page a payer comes back to from the card page.
type outcomePageContent struct {
	base
	// State is "succeeded", "failed", "cancelled" or "pending".
	State       string
	Panel       govukfrontend.Panel
	Paid        paidLines
	ReceiptHref string
	Email       string
	Href        string // this page, to check again while the payment is pending
}

// outcome shows what happened to a payment, as the provider reports it now (the payment service
// asks the provider; the browser's word is never taken). Only the session that started the payment
// may see it: anyone else gets 404, as for a payment that does not exist.
//
// A payment that succeeded empties the basket; one that failed, was cancelled or expired keeps it,
// so the payer can try again without entering it again.
func (p *Portal) outcome(w http.ResponseWriter, r *http.Request) {
	v := p.newView(w, r)
	ctx := r.Context()
	id := r.PathValue("id")
	if !slices.Contains(v.st.Started, id) {
		v.notFound()
		return
	}
	pp, err := p.pay.Get(ctx, principal(r), id)
	if ims.ErrorCode(err) == ims.NotFound {
		v.notFound()
		return
	}
	if err != nil {
		v.serverError(err)
		return
	}
	c := outcomePageContent{base: v.base(), Href: r.URL.Path}
	current := v.st.Attempt.PaymentID == id
	switch pp.State {
	case ims.PaymentSucceeded:
		posting, err := p.db.PostingByReceipt(ctx, pp.ReceiptNumber)
		if err != nil {
			v.serverError(err)
			return
		}
		if c.Paid, err = v.paidLinesOf(ctx, posting, pp); err != nil {
			v.serverError(err)
			return
		}
		if current {
			v.st.paid()
			v.save()
		}
		c.State, c.Email = "succeeded", pp.Payer.Email
		c.Panel = govukfrontend.Panel{Title: v.t("Payment complete"), Body: v.t("Your receipt number is"), Reference: pp.ReceiptNumber}
		c.ReceiptHref = ReceiptPath(p.receiptKey, pp.ReceiptNumber)
		v.render(http.StatusOK, "portal-outcome", v.layout(v.t("Payment complete"), false), c)
	case ims.PaymentCancelled:
		v.finished(current)
		c.State = "cancelled"
		v.render(http.StatusOK, "portal-outcome", v.layout(v.t("Your payment was cancelled"), false), c)
	case ims.PaymentFailed, ims.PaymentExpired:
		v.finished(current)
		c.State = "failed"
		v.render(http.StatusOK, "portal-outcome", v.layout(v.t("Your payment was not successful"), false), c)
	default:
		c.State = "pending"
		v.render(http.StatusOK, "portal-outcome", v.layout(v.t("We are waiting for your payment to be confirmed"), false), c)
	}
}

// finished forgets the payment attempt for a basket whose payment did not go through, so that the
// next "Continue to payment" starts a new payment.
func (v *view) finished(current bool) {
	if current {
		v.st.Attempt = attempt{}
		v.save()
	}
}
