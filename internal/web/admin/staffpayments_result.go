package admin

import (
	"net/http"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
)

// staffResultPage is the result of a staff payment: taken (with its receipt), refused by the card
// provider, cancelled, or still waiting for the provider.
type staffResultPage struct {
	State       string // "succeeded", "failed", "cancelled" or "pending"
	Panel       govukfrontend.Panel
	Receipt     string
	ReceiptHref string // the receipt page, for users who may open it
	Method      string
	Office      string
	Cheque      *ims.Cheque
	Lines       []staffResultLine
	Total       string
	Overrides   []ims.StopOverrideRecord
	Failure     string
	Email       string
	Href        string // this page, to look again while the payment is pending
}

type staffResultLine struct {
	Fund, Reference, Amount, VAT string
}

// staffPostedResult shows a cheque or post-room payment just taken: its receipt number, lines and
// cheque.
func (a *Admin) staffPostedResult(w http.ResponseWriter, r *http.Request) {
	p := web.PrincipalFrom(r.Context())
	res, err := a.StaffPayments.Posted(r.Context(), p, strings.ToUpper(r.PathValue("receipt")))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	po := res.Posting
	pg := staffResultPage{State: "succeeded", Receipt: po.ReceiptNumber, Office: po.Office, Total: po.Total().Display(),
		Overrides: res.Record.Overrides, Panel: govukfrontend.Panel{Title: "Payment taken", Body: "The receipt number is", Reference: po.ReceiptNumber}}
	if res.Record.Kind == ims.StaffCheque {
		pg.Cheque = &res.Record.Cheque
	}
	for _, e := range po.Entries {
		pg.Method = e.MOP
		pg.Lines = append(pg.Lines, staffResultLine{Fund: e.Fund, Reference: e.Reference, Amount: e.Amount.Display(), VAT: e.VATAmount.Display()})
	}
	if p.HasRole(ims.TransactionDetails) {
		pg.ReceiptHref = receiptPath(po.ReceiptNumber)
	}
	a.render(w, r, http.StatusOK, "admin-staffpayments-result", "Payment taken", pg)
}

// staffCardResult is where the card provider sends the officer back: the payment's outcome as the
// provider reports it (the card payment service asks it; the browser is never believed).
func (a *Admin) staffCardResult(w http.ResponseWriter, r *http.Request) {
	p := web.PrincipalFrom(r.Context())
	id := r.URL.Query().Get("payment_id")
	res, err := a.StaffPayments.CardPayment(r.Context(), p, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	pp := res.Payment
	pg := staffResultPage{Receipt: pp.ReceiptNumber, Method: pp.MOP, Total: pp.Amount.Display(), Overrides: res.Record.Overrides,
		Email: pp.Payer.Email, Href: r.URL.RequestURI()}
	for _, l := range pp.Lines {
		pg.Lines = append(pg.Lines, staffResultLine{Fund: l.Fund, Reference: l.Reference, Amount: l.Amount.Display()})
	}
	title := "Payment taken"
	switch pp.State {
	case ims.PaymentSucceeded:
		pg.State = "succeeded"
		pg.Panel = govukfrontend.Panel{Title: title, Body: "The receipt number is", Reference: pp.ReceiptNumber}
		if p.HasRole(ims.TransactionDetails) {
			pg.ReceiptHref = receiptPath(pp.ReceiptNumber)
		}
	case ims.PaymentCancelled:
		pg.State, title = "cancelled", "The card payment was cancelled"
	case ims.PaymentFailed, ims.PaymentExpired:
		pg.State, title, pg.Failure = "failed", "The card payment was not taken", pp.FailureMessage
	default:
		pg.State, title = "pending", "Waiting for the card provider"
	}
	a.render(w, r, http.StatusOK, "admin-staffpayments-result", title, pg)
}
