package admin

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
)

// transferPage is the transfer form: the lines money comes from and the lines it goes to, which
// must balance, and the reason.
type transferPage struct {
	Summary            govukfrontend.ErrorSummary
	From, To           []allocLine
	FromCount, ToCount int
	FromError, ToError string
	Reason, Key        string
	ReasonError        string
}

// transferForm is what a posted (or first shown) transfer form holds.
type transferForm struct {
	From, To    []lineValues
	Reason, Key string
}

// transferNew shows an empty transfer form.
func (a *Admin) transferNew(w http.ResponseWriter, r *http.Request) {
	a.showTransferForm(w, r, http.StatusOK, transferForm{From: make([]lineValues, 1), To: make([]lineValues, blankJournalLines),
		Key: newFormKey()}, nil)
}

// transferCreate makes the transfer, or shows the form again with one more line on a side ("add"),
// or with the problems named on their fields: the server checks that the sides balance.
func (a *Admin) transferCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		a.fail(w, r, ims.Errorf(ims.Invalid, "The form could not be read. Go back and try again."))
		return
	}
	f := transferForm{From: readJournalLines(r, "from", "from_count"), To: readJournalLines(r, "to", "to_count"),
		Reason: strings.TrimSpace(r.PostFormValue("reason")), Key: r.PostFormValue("key")}
	switch r.PostFormValue("add") {
	case "from":
		if len(f.From) < maxAllocationLines {
			f.From = append(f.From, lineValues{})
		}
		a.showTransferForm(w, r, http.StatusOK, f, nil)
		return
	case "to":
		if len(f.To) < maxAllocationLines {
			f.To = append(f.To, lineValues{})
		}
		a.showTransferForm(w, r, http.StatusOK, f, nil)
		return
	}
	problems := ims.Problems{}
	req := ims.TransferRequest{Reason: f.Reason, IdempotencyKey: f.Key}
	var fromAt, toAt []int
	req.From, fromAt = journalLines("from", f.From, problems)
	req.To, toAt = journalLines("to", f.To, problems)
	err := problems.Err("The transfer cannot be made")
	if err == nil {
		var j ims.JournalRecord
		if j, _, err = a.Journals.Transfer(r.Context(), web.PrincipalFrom(r.Context()), req); err == nil {
			a.flash(r, fmt.Sprintf("%s transferred by transfer %d, receipt %s", j.Amount.Display(), j.ID, j.Receipt))
			http.Redirect(w, r, journalPath(j.ID), http.StatusSeeOther)
			return
		}
		err = formFields(err, map[string][]int{"from": fromAt, "to": toAt})
	}
	if ims.ErrorCode(err) != ims.Invalid {
		a.fail(w, r, err)
		return
	}
	a.showTransferForm(w, r, http.StatusUnprocessableEntity, f, err)
}

func (a *Admin) showTransferForm(w http.ResponseWriter, r *http.Request, status int, f transferForm, err error) {
	funds, ferr := a.Journals.Funds(r.Context(), web.PrincipalFrom(r.Context()))
	if ferr != nil {
		a.fail(w, r, ferr)
		return
	}
	problems := ims.ErrorFields(err)
	pg := transferPage{From: buildJournalLines("from", "From", f.From, funds, problems), To: buildJournalLines("to", "To", f.To, funds, problems),
		FromCount: len(f.From), ToCount: len(f.To), FromError: problems["from"], ToError: problems["to"], Reason: f.Reason, Key: f.Key,
		ReasonError: problems["reason"]}
	title := "Transfer"
	if err != nil {
		onPage := map[string]bool{"reason": true}
		for _, side := range [][]allocLine{pg.From, pg.To} {
			for _, l := range side {
				for _, fd := range l.Fields {
					onPage[fd.Name] = true
				}
			}
		}
		pg.Summary = journalSummary(err, onPage)
		title = "Error: " + title
	}
	a.render(w, r, status, "admin-transfers-new", title, pg)
}
