package admin

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
)

// reverseImportPage asks a finance officer to confirm reversing an import, with the reason.
type reverseImportPage struct {
	Import              ims.Import
	Value               string
	Action, Back        string
	Reason, ReasonError string
	Summary             govukfrontend.ErrorSummary
}

// paymentImportReverseForm asks to confirm, since a reversal posts the opposite of every line.
func (a *Admin) paymentImportReverseForm(w http.ResponseWriter, r *http.Request) {
	a.showReverseForm(w, r, http.StatusOK, "", nil)
}

// showReverseForm renders the confirmation, with the reason typed and the problem (refusal) if any.
func (a *Admin) showReverseForm(w http.ResponseWriter, r *http.Request, status int, reason string, problem error) {
	id, err := pathID(r, "import")
	var imp ims.Import
	if err == nil {
		imp, err = a.Imports.Get(r.Context(), web.PrincipalFrom(r.Context()), id)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if problem == nil && imp.State != ims.ImportPosted {
		state, _ := paymentImportState(imp.State)
		a.fail(w, r, ims.Errorf(ims.Conflict, "Import %d cannot be reversed: only a posted import can be, and it is %s.", id, strings.ToLower(state)))
		return
	}
	v := reverseImportPage{Import: imp, Value: pounds(imp.Totals.Ledger.Pence + imp.Totals.Suspense.Pence),
		Action: paymentImportPath(id) + "/reverse", Back: paymentImportPath(id), Reason: reason}
	title := "Reverse import " + strconv.FormatInt(id, 10)
	if problem != nil {
		msg := ims.ErrorMessage(problem)
		href := "#f-reason"
		if f := ims.ErrorFields(problem)["reason"]; f != "" {
			msg, v.ReasonError = f, f
		} else {
			href = v.Back
		}
		v.Summary.Errors = []govukfrontend.ErrorLink{{Text: msg, Href: href}}
		title = "Error: " + title
	}
	a.render(w, r, status, "admin-imports-reverse", title, v)
}

// paymentImportReverse reverses the import with one reversing posting; a refusal (money of it
// already refunded, journalled or allocated) is shown on the confirmation page.
func (a *Admin) paymentImportReverse(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "import")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	reason := r.PostFormValue("reason")
	_, err = a.Imports.Reverse(r.Context(), web.PrincipalFrom(r.Context()), id, reason)
	switch c := ims.ErrorCode(err); {
	case err == nil:
	case c == ims.Invalid || c == ims.Conflict:
		status := http.StatusUnprocessableEntity
		if c == ims.Conflict {
			status = http.StatusConflict
		}
		a.showReverseForm(w, r, status, reason, err)
		return
	default:
		a.fail(w, r, err)
		return
	}
	a.flash(r, "Import "+strconv.FormatInt(id, 10)+" reversed")
	http.Redirect(w, r, paymentImportPath(id), http.StatusSeeOther)
}
