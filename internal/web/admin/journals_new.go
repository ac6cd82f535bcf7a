package admin

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
	"github.com/ims-council/ims/money"
)

// journalPage is the journal form: the lines of a receipt money may be moved from, how much of each
// to move, the new lines it goes to, and the reason. Without a receipt it asks for one.
type journalPage struct {
	Summary        govukfrontend.ErrorSummary
	Receipt        string
	ReceiptError   string
	Sources        []journalSourceRow
	Targets        []allocLine
	TargetCount    int
	Reason, Key    string
	ReasonError    string
	SourcesError   string
	TargetsError   string
	NothingToMove  bool
	ReceiptHref    string
	TransactionsOK bool
}

type journalSourceRow struct {
	EntryID                                 int64
	Line                                    int
	Fund, Reference, MOP, Amount, Available string
	Name, ID, Value, Error                  string
}

// journalForm is what a posted (or first shown) journal form holds.
type journalForm struct {
	Receipt, Key, Reason string
	Take                 map[int64]string // amount typed against each source entry
	Targets              []lineValues
}

// journalNew shows the journal form for ?receipt=R, or asks for the receipt.
func (a *Admin) journalNew(w http.ResponseWriter, r *http.Request) {
	f := journalForm{Receipt: strings.TrimSpace(r.URL.Query().Get("receipt")), Key: newFormKey(), Take: map[int64]string{},
		Targets: make([]lineValues, blankJournalLines)}
	a.showJournalForm(w, r, http.StatusOK, f, nil)
}

// journalCreate makes the journal, or shows the form again with one more line ("add") or with the
// problems named on their fields.
func (a *Admin) journalCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		a.fail(w, r, ims.Errorf(ims.Invalid, "The form could not be read. Go back and try again."))
		return
	}
	f := journalForm{Receipt: strings.TrimSpace(r.PostFormValue("receipt")), Key: r.PostFormValue("key"),
		Reason: strings.TrimSpace(r.PostFormValue("reason")), Take: map[int64]string{},
		Targets: readJournalLines(r, "targets", "target_count")}
	for _, s := range r.PostForm["entry"] {
		id, err := strconv.ParseInt(s, 10, 64)
		if err == nil {
			f.Take[id] = strings.TrimSpace(r.PostFormValue("take_" + s))
		}
	}
	if r.PostFormValue("add") == "line" {
		if len(f.Targets) < maxAllocationLines {
			f.Targets = append(f.Targets, lineValues{})
		}
		a.showJournalForm(w, r, http.StatusOK, f, nil)
		return
	}
	problems := ims.Problems{}
	req := ims.JournalRequest{Reason: f.Reason, IdempotencyKey: f.Key}
	var sourceAt []int
	for _, id := range r.PostForm["entry"] {
		n, _ := strconv.ParseInt(id, 10, 64)
		typed := f.Take[n]
		if typed == "" {
			continue
		}
		amount, ok := parsePounds(typed)
		if !ok {
			problems.Add("take_"+id, "Enter the amount in pounds and pence, like 125.50")
		}
		req.Sources = append(req.Sources, ims.JournalSource{EntryID: n, Amount: amount})
		sourceAt = append(sourceAt, int(n))
	}
	var targetAt []int
	req.Targets, targetAt = journalLines("targets", f.Targets, problems)
	err := problems.Err("The journal cannot be made")
	if err == nil {
		var j ims.JournalRecord
		if j, _, err = a.Journals.Journal(r.Context(), web.PrincipalFrom(r.Context()), req); err == nil {
			a.flash(r, fmt.Sprintf("%s moved by journal %d, receipt %s", j.Amount.Display(), j.ID, j.Receipt))
			http.Redirect(w, r, journalPath(j.ID), http.StatusSeeOther)
			return
		}
		err = sourceFields(formFields(err, map[string][]int{"targets": targetAt}), sourceAt)
	}
	if ims.ErrorCode(err) != ims.Invalid {
		a.fail(w, r, err)
		return
	}
	a.showJournalForm(w, r, http.StatusUnprocessableEntity, f, err)
}

// sourceFields renames the service's problems on sources[i] to the form's take_<entry> fields.
func sourceFields(err error, entryAt []int) error {
	fields := ims.ErrorFields(err)
	if ims.ErrorCode(err) != ims.Invalid || len(fields) == 0 {
		return err
	}
	problems := ims.Problems{}
	for name, msg := range fields {
		if m := indexedField.FindStringSubmatch(name); m != nil && m[1] == "sources" {
			if i, _ := strconv.Atoi(m[2]); i < len(entryAt) {
				name = "take_" + strconv.Itoa(entryAt[i])
			}
		}
		problems.Add(name, "%s", msg)
	}
	return problems.Err(ims.ErrorMessage(err))
}

func (a *Admin) showJournalForm(w http.ResponseWriter, r *http.Request, status int, f journalForm, err error) {
	p := web.PrincipalFrom(r.Context())
	pg := journalPage{Receipt: f.Receipt, Key: f.Key, Reason: f.Reason, TargetCount: len(f.Targets),
		TransactionsOK: p.HasRole(ims.TransactionDetails)}
	problems := ims.ErrorFields(err)
	title := "Journal"
	if f.Receipt == "" {
		a.render(w, r, status, "admin-journals-new", title, pg)
		return
	}
	po, lines, serr := a.Journals.Sources(r.Context(), p, f.Receipt)
	switch {
	case ims.ErrorCode(serr) == ims.NotFound || ims.ErrorCode(serr) == ims.Invalid:
		pg.ReceiptError = ims.ErrorMessage(serr)
		pg.Receipt = ""
		pg.Summary = govukfrontend.ErrorSummary{Errors: []govukfrontend.ErrorLink{{Text: pg.ReceiptError, Href: "#receipt"}}}
		a.render(w, r, http.StatusNotFound, "admin-journals-new", "Error: "+title, pg)
		return
	case serr != nil:
		a.fail(w, r, serr)
		return
	}
	pg.Receipt, pg.ReceiptHref = po.ReceiptNumber, "/admin/receipts/"+po.ReceiptNumber
	onPage := map[string]bool{"reason": true}
	var left money.Pence
	for _, e := range lines {
		id := strconv.FormatInt(e.ID, 10)
		pg.Sources = append(pg.Sources, journalSourceRow{EntryID: e.ID, Line: e.Line, Fund: e.Fund, Reference: e.Reference, MOP: e.MOP,
			Amount: e.Amount.Display(), Available: e.Available.Display(), Name: "take_" + id, ID: fieldID("take_" + id),
			Value: f.Take[e.ID], Error: problems["take_"+id]})
		onPage["take_"+id] = true
		left += e.Available
	}
	pg.NothingToMove = left <= 0
	funds, ferr := a.Journals.Funds(r.Context(), p)
	if ferr != nil {
		a.fail(w, r, ferr)
		return
	}
	pg.Targets = buildJournalLines("targets", "New line", f.Targets, funds, problems)
	for _, l := range pg.Targets {
		for _, fd := range l.Fields {
			onPage[fd.Name] = true
		}
	}
	pg.ReasonError, pg.SourcesError, pg.TargetsError = problems["reason"], problems["sources"], problems["targets"]
	if err != nil {
		pg.Summary = journalSummary(err, onPage)
		title = "Error: " + title
	}
	a.render(w, r, status, "admin-journals-new", title, pg)
}
