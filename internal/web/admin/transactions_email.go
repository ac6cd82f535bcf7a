package admin

import (
	"net/http"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
)

// receiptEmailPage asks where to email a card payment's receipt again: the address the payer gave,
// or another one the officer types (the payer lost the first, or mistyped it).
type receiptEmailPage struct {
	Summary              govukfrontend.ErrorSummary
	Receipt, ReceiptHref string
	Action, Key          string
	Stored, Language     string
	Email, EmailError    string
}

// receiptEmailPath is the address of a receipt's "email it again" form.
func receiptEmailPath(receipt string) string { return receiptPath(receipt) + "/email" }

// languageNames names the payer's languages for staff.
var languageNames = map[string]string{"cy": "Welsh", "en": "English"}

// receiptEmailForm shows the form.
func (a *Admin) receiptEmailForm(w http.ResponseWriter, r *http.Request) {
	a.showReceiptEmail(w, r, http.StatusOK, "", newFormKey(), nil)
}

// receiptEmailSend queues the receipt email and goes back to the receipt, or shows the form again
// with what is wrong with the address.
func (a *Admin) receiptEmailSend(w http.ResponseWriter, r *http.Request) {
	p := web.PrincipalFrom(r.Context())
	email := strings.TrimSpace(r.PostFormValue("email"))
	to, err := a.Transactions.ResendReceipt(r.Context(), p, r.PathValue("receipt"), email, r.PostFormValue("key"))
	if err == nil {
		a.flash(r, "The receipt is on its way to "+to)
		http.Redirect(w, r, receiptPath(r.PathValue("receipt")), http.StatusSeeOther)
		return
	}
	if ims.ErrorFields(err)["email"] == "" {
		a.fail(w, r, err)
		return
	}
	a.showReceiptEmail(w, r, http.StatusUnprocessableEntity, email, r.PostFormValue("key"), err)
}

func (a *Admin) showReceiptEmail(w http.ResponseWriter, r *http.Request, status int, email, key string, err error) {
	pp, perr := a.Transactions.ReceiptPayer(r.Context(), web.PrincipalFrom(r.Context()), r.PathValue("receipt"))
	if perr != nil {
		a.fail(w, r, perr)
		return
	}
	pg := receiptEmailPage{Receipt: pp.ReceiptNumber, ReceiptHref: receiptPath(pp.ReceiptNumber), Action: receiptEmailPath(pp.ReceiptNumber),
		Key: key, Stored: pp.Payer.Email, Language: languageNames[pp.Language], Email: email}
	if pg.Language == "" {
		pg.Language = "English"
	}
	title := "Email receipt " + pp.ReceiptNumber + " again"
	if err != nil {
		pg.EmailError = ims.ErrorFields(err)["email"]
		pg.Summary = govukfrontend.ErrorSummary{Errors: []govukfrontend.ErrorLink{{Text: pg.EmailError, Href: "#f-email"}}}
		title = "Error: " + title
	}
	a.render(w, r, status, "admin-receipt-email", title, pg)
}
