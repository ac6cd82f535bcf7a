package admin

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
)

// journalDetailPage is a journal's or transfer's page: what it moved, why, and whether it was undone.
type journalDetailPage struct {
	Summary                      govukfrontend.ErrorSummary
	ID                           int64
	Title, Kind, Reason, Amount  string
	Receipt, ReceiptHref         string
	CreatedBy, CreatedAt         string
	Undone                       bool
	UndoReceipt, UndoReceiptHref string
	UndoneBy, UndoneAt           string
	Lines                        []journalLineRow
	CanUndo, TransactionsOK      bool
	UndoHref, Key, UndoReason    string
	ReasonError                  string
}

type journalLineRow struct {
	Kind, Fund, Reference, MOP, VATCode, Narrative, Amount string
}

// journalID reads the {id} of the address, or answers NotFound.
func (a *Admin) journalID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		a.fail(w, r, ims.Errorf(ims.NotFound, "There is no journal or transfer %q", r.PathValue("id")))
		return 0, false
	}
	return id, true
}

// journalDetail shows a journal or transfer with its lines and, until it is undone, the way to undo it.
func (a *Admin) journalDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := a.journalID(w, r)
	if !ok {
		return
	}
	pg, err := a.journalDetailPage(r, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.render(w, r, http.StatusOK, "admin-journals-detail", pg.Title, pg)
}

func (a *Admin) journalDetailPage(r *http.Request, id int64) (journalDetailPage, error) {
	p := web.PrincipalFrom(r.Context())
	j, err := a.Journals.Get(r.Context(), p, id)
	if err != nil {
		return journalDetailPage{}, err
	}
	pg := journalDetailPage{ID: j.ID, Title: fmt.Sprintf("%s %d", kindTitle(j.Kind), j.ID), Kind: string(j.Kind), Reason: j.Reason,
		Amount: j.Amount.Display(), Receipt: j.Receipt, ReceiptHref: "/admin/receipts/" + j.Receipt, CreatedBy: j.CreatedByName,
		CreatedAt: ukTime(j.CreatedAt), Undone: j.Undone(), UndoReceipt: j.UndoReceipt,
		UndoReceiptHref: "/admin/receipts/" + j.UndoReceipt, UndoneBy: j.UndoneByName,
		CanUndo: !j.Undone() && p.HasRole(j.Kind.Role()), TransactionsOK: p.HasRole(ims.TransactionDetails),
		UndoHref: journalPath(j.ID) + "/undo", Key: newFormKey()}
	if j.Undone() {
		pg.UndoneAt = ukTime(j.UndoneAt)
	}
	for _, e := range j.Entries {
		pg.Lines = append(pg.Lines, journalLineRow{Kind: strings.ReplaceAll(string(e.Kind), "_", " "), Fund: e.Fund, Reference: e.Reference,
			MOP: e.MOP, VATCode: e.VATCode, Narrative: e.Narrative, Amount: e.Amount.Display()})
	}
	return pg, nil
}

// journalUndoConfirm asks whether to undo the journal, with an optional reason.
func (a *Admin) journalUndoConfirm(w http.ResponseWriter, r *http.Request) {
	id, ok := a.journalID(w, r)
	if !ok {
		return
	}
	pg, err := a.journalDetailPage(r, id)
	if err == nil && !pg.CanUndo {
		err = ims.Errorf(ims.Conflict, "%s was undone already", pg.Title)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.render(w, r, http.StatusOK, "admin-journals-undo", "Undo "+strings.ToLower(pg.Title[:1])+pg.Title[1:], pg)
}

// journalUndo undoes the journal and goes back to its page; a refusal (undone already, money moved
// on) is shown on the confirmation page.
func (a *Admin) journalUndo(w http.ResponseWriter, r *http.Request) {
	id, ok := a.journalID(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		a.fail(w, r, ims.Errorf(ims.Invalid, "The form could not be read. Go back and try again."))
		return
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	j, _, err := a.Journals.Undo(r.Context(), web.PrincipalFrom(r.Context()), id, reason, r.PostFormValue("key"))
	if err == nil {
		a.flash(r, fmt.Sprintf("%s %d undone, receipt %s", kindTitle(j.Kind), j.ID, j.UndoReceipt))
		http.Redirect(w, r, journalPath(j.ID), http.StatusSeeOther)
		return
	}
	code := ims.ErrorCode(err)
	if code != ims.Invalid && code != ims.Conflict {
		a.fail(w, r, err)
		return
	}
	pg, perr := a.journalDetailPage(r, id)
	if perr != nil {
		a.fail(w, r, perr)
		return
	}
	pg.UndoReason, pg.ReasonError = reason, ims.ErrorFields(err)["reason"]
	link := govukfrontend.ErrorLink{Text: ims.ErrorMessage(err)}
	if pg.ReasonError != "" {
		link = govukfrontend.ErrorLink{Text: pg.ReasonError, Href: "#f-reason"}
	}
	pg.Summary = govukfrontend.ErrorSummary{Errors: []govukfrontend.ErrorLink{link}}
	status := http.StatusConflict
	if code == ims.Invalid {
		status = http.StatusUnprocessableEntity
	}
	a.render(w, r, status, "admin-journals-undo", "Error: Undo "+strings.ToLower(pg.Title[:1])+pg.Title[1:], pg)
}

// kindTitle is "Journal" or "Transfer", to start a sentence.
func kindTitle(k ims.JournalKind) string {
	if k == ims.KindOfTransfer {
		return "Transfer"
	}
	return "Journal"
}
