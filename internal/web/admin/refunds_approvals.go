package admin

import (
	"net/http"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
)

// approvalsPage lists the refunds above the approval limit waiting for a decision.
type approvalsPage struct {
	Summary govukfrontend.ErrorSummary
	Refunds []approvalRow
}

type approvalRow struct {
	ID, Receipt, ReceiptHref, Requested, RequestedBy, Funds string
	Amount, Reason, ApproveAction, RejectAction             string
	ReasonID, RejectReason, RejectError                     string
	Own                                                     bool // the viewer asked for it: someone else decides
}

// refundApprovals lists the refunds awaiting approval that the approver may decide on.
func (a *Admin) refundApprovals(w http.ResponseWriter, r *http.Request) {
	a.showApprovals(w, r, http.StatusOK, "", "", nil)
}

// refundApprove approves a refund and sends it to the payment provider.
func (a *Admin) refundApprove(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("refund")
	ref, err := a.Refunds.ApproveRefund(r.Context(), web.PrincipalFrom(r.Context()), id)
	if err != nil {
		a.approvalFailed(w, r, id, "", err)
		return
	}
	a.flash(r, "Approved. "+refundOutcome(ref))
	http.Redirect(w, r, refundsApprovalsPath, http.StatusSeeOther)
}

// refundReject rejects a refund with the reason given; nothing is sent to the payer.
func (a *Admin) refundReject(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("refund")
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	ref, err := a.Refunds.RejectRefund(r.Context(), web.PrincipalFrom(r.Context()), id, reason)
	if err != nil {
		a.approvalFailed(w, r, id, reason, err)
		return
	}
	a.flash(r, "Refund "+ref.ID+" of "+ref.Amount.Display()+" rejected: nothing is returned to the payer.")
	http.Redirect(w, r, refundsApprovalsPath, http.StatusSeeOther)
}

// approvalFailed shows the list again with why a decision was refused, on the refund's row.
func (a *Admin) approvalFailed(w http.ResponseWriter, r *http.Request, id, reason string, err error) {
	switch ims.ErrorCode(err) {
	case ims.Invalid, ims.Conflict, ims.Forbidden:
		a.showApprovals(w, r, refundStatus(err), id, reason, err)
	default:
		a.fail(w, r, err)
	}
}

func (a *Admin) showApprovals(w http.ResponseWriter, r *http.Request, status int, failedID, reason string, err error) {
	p := web.PrincipalFrom(r.Context())
	list, lerr := a.Refunds.RefundsAwaitingApproval(r.Context(), p)
	if lerr != nil {
		a.fail(w, r, lerr)
		return
	}
	london, lerr := ims.LondonLocation()
	if lerr != nil {
		a.fail(w, r, lerr)
		return
	}
	var pg approvalsPage
	for _, ra := range list {
		who := ra.RequesterName
		if who == "" {
			who = ra.RequestedBy
		}
		row := approvalRow{ID: ra.ID, Receipt: ra.Receipt, ReceiptHref: receiptPath(ra.Receipt),
			Requested: ra.CreatedAt.In(london).Format("2 January 2006 15:04"), RequestedBy: who, Funds: strings.Join(ra.Funds, ", "),
			Amount: ra.Amount.Display(), Reason: ra.Reason, ApproveAction: refundPath(ra.ID, "approve"),
			RejectAction: refundPath(ra.ID, "reject"), ReasonID: "f-reason-" + ra.ID, Own: ra.RequestedBy == p.Actor()}
		if ra.ID == failedID {
			row.RejectReason = reason
			if msg := ims.ErrorFields(err)["reason"]; msg != "" {
				row.RejectError = msg
			}
		}
		pg.Refunds = append(pg.Refunds, row)
	}
	title := "Refunds awaiting approval"
	if err != nil {
		href := "#refund-" + failedID
		msg := ims.ErrorMessage(err)
		if f := ims.ErrorFields(err)["reason"]; f != "" {
			href, msg = "#f-reason-"+failedID, f
		}
		pg.Summary.Errors = []govukfrontend.ErrorLink{{Text: "Refund " + failedID + ": " + msg, Href: href}}
		title = "Error: " + title
	}
	a.render(w, r, status, "admin-refunds-approvals", title, pg)
}
