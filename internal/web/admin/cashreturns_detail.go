package admin

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
	"github.com/ims-council/ims/money"
)

// blankCheques is how many empty cheque rows a cheque return's form offers beyond those entered.
const blankCheques = 3

type crField struct {
	ID, Name, Label, Value, Error, Width string
}

type crLine struct {
	N                                         int
	Fund, Reference, Description, VAT, Amount string
	Adjusted                                  string // "Submitted as £12.50: reason"
	Fields                                    []crField
}

type crCount struct{ Denomination, Amount string }

type crCheque struct{ Number, Drawer, Amount string }

type crNote struct{ Text, By, At string }

type crChequeRow struct {
	Legend string
	Fields []crField
}

// cashReturnPage is a return's page and its printable page.
type cashReturnPage struct {
	Summary                        govukfrontend.ErrorSummary
	ID                             int64
	Title, Href, Template, Kind    string
	Status, StatusTag, Office, Bag string
	Created, Submitted, Authorised string
	Receipt, ReceiptHref           string
	Closed, CloseReason            string
	LinesTotal, BankedTotal        string
	Lines                          []crLine
	Cash                           []crCount
	Cheques                        []crCheque
	Notes                          []crNote
	IsCash                         bool
	Editable, Authorisable, Own    bool
	Closable                       bool
	CloseVerb                      string
	BagField                       crField
	CashFields, ChequeFields       []crField
	ChequeRows                     []crChequeRow
	ChequeCount                    int
	ReasonField, NoteField         crField
}

// cashReturnDetail shows a return with what p may do next: fill and submit a draft, authorise
// (with adjustments) a submitted return, delete or void it, and add notes.
func (a *Admin) cashReturnDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := a.cashReturnID(w, r)
	if !ok {
		return
	}
	a.showCashReturn(w, r, id, http.StatusOK, nil)
}

// cashReturnPrint shows a return alone, to print.
func (a *Admin) cashReturnPrint(w http.ResponseWriter, r *http.Request) {
	id, ok := a.cashReturnID(w, r)
	if !ok {
		return
	}
	cr, err := a.CashReturns.Get(r.Context(), web.PrincipalFrom(r.Context()), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	pg := a.cashReturnPage(r, cr, nil)
	pg.Editable, pg.Authorisable, pg.Closable = false, false, false
	a.render(w, r, http.StatusOK, "admin-cashreturns-print", pg.Title, pg)
}

// showCashReturn renders the return's page; after a refused form, problem holds why and the
// fields keep what was typed.
func (a *Admin) showCashReturn(w http.ResponseWriter, r *http.Request, id int64, status int, problem error) {
	cr, err := a.CashReturns.Get(r.Context(), web.PrincipalFrom(r.Context()), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	pg := a.cashReturnPage(r, cr, problem)
	a.render(w, r, status, "admin-cashreturns-detail", titleWithError(pg.Title, problem), pg)
}

func (a *Admin) cashReturnPage(r *http.Request, cr ims.CashReturn, problem error) cashReturnPage {
	p := web.PrincipalFrom(r.Context())
	text, class := cashReturnStatusTag(cr.Status)
	pg := cashReturnPage{ID: cr.ID, Title: fmt.Sprintf("Cash return %d", cr.ID), Href: cashReturnPath(cr.ID), Template: cr.TemplateName,
		Kind: kindName(cr.Kind), Status: text, StatusTag: class, Office: cr.Office, Bag: cr.BagNumber, Created: ukTime(cr.CreatedAt),
		Receipt: cr.Receipt, ReceiptHref: "/admin/receipts/" + cr.Receipt, CloseReason: cr.CloseReason,
		LinesTotal: cr.LinesTotal().Display(), BankedTotal: cr.BankedTotal().Display(), IsCash: cr.Kind == ims.CashReturnCash,
		Editable:     cr.Status == ims.CashReturnDraft && p.HasRole(ims.CashReturns),
		Authorisable: cr.Status == ims.CashReturnSubmitted && p.HasRole(ims.CashReturnAuthoriser),
		Own:          cr.SubmittedBy == p.Actor()}
	if !cr.SubmittedAt.IsZero() {
		pg.Submitted = ukTime(cr.SubmittedAt)
	}
	if !cr.AuthorisedAt.IsZero() {
		pg.Authorised = ukTime(cr.AuthorisedAt)
	}
	if !cr.ClosedAt.IsZero() {
		pg.Closed = ukTime(cr.ClosedAt)
	}
	switch {
	case cr.Status == ims.CashReturnDraft && (p.HasRole(ims.CashReturns) || p.HasRole(ims.CashReturnDelete)):
		pg.Closable, pg.CloseVerb = true, "Void"
	case cr.Status == ims.CashReturnSubmitted && p.HasRole(ims.CashReturnDelete):
		pg.Closable, pg.CloseVerb = true, "Delete"
	}
	problems := ims.ErrorFields(problem)
	typed := func(name, value string) string {
		if problem != nil && r.PostForm != nil {
			if _, ok := r.PostForm[name]; ok {
				return r.PostFormValue(name)
			}
		}
		return value
	}
	field := func(name, label, value, width string) crField {
		return crField{ID: fieldID(name), Name: name, Label: label, Value: typed(name, value), Error: problems[name], Width: width}
	}
	for i, l := range cr.Lines {
		row := crLine{N: i + 1, Fund: l.Fund, Reference: l.Reference, Description: l.Description, VAT: l.VATCode, Amount: l.Amount.Display()}
		if l.Adjusted() {
			row.Adjusted = fmt.Sprintf("Submitted as %s: %s", l.Submitted.Display(), l.AdjustReason)
		}
		prefix := fmt.Sprintf("lines[%d].", i)
		switch {
		case pg.Editable:
			if l.OverrideReference {
				row.Fields = append(row.Fields, field(prefix+"reference", "Reference", l.Reference, "govuk-input--width-20"))
			}
			if l.OverrideDescription {
				row.Fields = append(row.Fields, field(prefix+"description", "Description", l.Description, "govuk-input--width-20"))
			}
			if l.OverrideVAT {
				row.Fields = append(row.Fields, field(prefix+"vat_code", "VAT code", l.VATCode, "govuk-input--width-4"))
			}
			row.Fields = append(row.Fields, field(prefix+"amount", "Amount in pounds", poundsValue(l.Amount), "govuk-input--width-10"))
		case pg.Authorisable && !pg.Own:
			row.Fields = append(row.Fields, field(prefix+"amount", "Amount to post, in pounds", poundsValue(l.Amount), "govuk-input--width-10"),
				field(prefix+"adjust_reason", "Reason for a change (needed if you change the amount)", "", "govuk-input--width-30"))
		}
		pg.Lines = append(pg.Lines, row)
	}
	for _, c := range cr.Cash {
		pg.Cash = append(pg.Cash, crCount{ims.DenominationName(c.Denomination), c.Amount.Display()})
	}
	for _, c := range cr.Cheques {
		pg.Cheques = append(pg.Cheques, crCheque{c.Number, c.Drawer, c.Amount.Display()})
	}
	for _, n := range cr.Notes {
		pg.Notes = append(pg.Notes, crNote{n.Text, n.ByName, ukTime(n.CreatedAt)})
	}
	if pg.Editable {
		pg.BagField = field("bag_number", "Bag number", cr.BagNumber, "govuk-input--width-10")
		counted := map[money.Pence]money.Pence{}
		for _, c := range cr.Cash {
			counted[c.Denomination] = c.Amount
		}
		for _, d := range ims.Denominations() {
			pg.CashFields = append(pg.CashFields, field(ims.CashField(d), ims.DenominationName(d), poundsValue(counted[d]), "govuk-input--width-5"))
		}
		pg.ChequeCount = len(cr.Cheques) + blankCheques
		if n, err := strconv.Atoi(typed("cheque_count", "")); err == nil && n > len(cr.Cheques) && n <= 200 {
			pg.ChequeCount = n
		}
		for i := range pg.ChequeCount {
			var c ims.BankedCheque
			if i < len(cr.Cheques) {
				c = cr.Cheques[i]
			}
			prefix := fmt.Sprintf("cheques[%d].", i)
			pg.ChequeRows = append(pg.ChequeRows, crChequeRow{fmt.Sprintf("Cheque %d", i+1), []crField{
				field(prefix+"number", fmt.Sprintf("Cheque %d number", i+1), c.Number, "govuk-input--width-10"),
				field(prefix+"drawer", fmt.Sprintf("Cheque %d drawer", i+1), c.Drawer, "govuk-input--width-20"),
				field(prefix+"amount", fmt.Sprintf("Cheque %d amount in pounds", i+1), poundsValue(c.Amount), "govuk-input--width-10")}})
		}
	}
	pg.ReasonField = field("reason", "Reason", "", "")
	pg.NoteField = field("note", "Add a note", "", "")
	if problem != nil {
		onPage := map[string]bool{}
		for _, name := range slices.Collect(maps.Keys(problems)) {
			onPage[name] = r.PostForm != nil && r.PostForm.Has(name)
		}
		pg.Summary = journalSummary(problem, onPage)
	}
	return pg
}

// poundsValue writes an amount for an input: blank for none, else 12.50.
func poundsValue(p money.Pence) string {
	if p == 0 {
		return ""
	}
	return p.String()
}

// cashReturnSave saves what was typed on a draft and, when the Submit button was pressed, submits it.
func (a *Admin) cashReturnSave(w http.ResponseWriter, r *http.Request) {
	id, ok := a.cashReturnID(w, r)
	if !ok || !a.parseCashReturnForm(w, r) {
		return
	}
	p := web.PrincipalFrom(r.Context())
	cr, err := a.CashReturns.Get(r.Context(), p, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	fill, problems := readCashReturnFill(r, cr)
	if err := problems.Err("The cash return cannot be saved"); err != nil {
		a.showCashReturn(w, r, id, http.StatusUnprocessableEntity, err)
		return
	}
	if _, err = a.CashReturns.Save(r.Context(), p, id, fill); err == nil && r.PostFormValue("action") == "submit" {
		if _, err = a.CashReturns.Submit(r.Context(), p, id); err == nil {
			a.flash(r, fmt.Sprintf("Cash return %d submitted for authorisation", id))
		}
	} else if err == nil {
		a.flash(r, fmt.Sprintf("Cash return %d saved", id))
	}
	a.afterCashReturnAction(w, r, id, err)
}

// afterCashReturnAction goes back to the return's page, or shows why the action was refused.
func (a *Admin) afterCashReturnAction(w http.ResponseWriter, r *http.Request, id int64, err error) {
	switch ims.ErrorCode(err) {
	case "":
		http.Redirect(w, r, cashReturnPath(id), http.StatusSeeOther)
	case ims.Invalid:
		a.showCashReturn(w, r, id, http.StatusUnprocessableEntity, err)
	case ims.Conflict:
		a.showCashReturn(w, r, id, http.StatusConflict, err)
	default:
		a.fail(w, r, err)
	}
}

// readCashReturnFill reads the draft form: each line's amount and the parts the template lets
// staff change, the bag number and cash analysis, or the cheques typed (blank rows left out).
func readCashReturnFill(r *http.Request, cr ims.CashReturn) (ims.CashReturnFill, ims.Problems) {
	problems := ims.Problems{}
	pounds := func(name string) money.Pence {
		v, ok := parsePounds(r.PostFormValue(name))
		if !ok {
			problems.Add(name, "Enter the amount in pounds and pence, like 125.50")
		}
		return v
	}
	var f ims.CashReturnFill
	for i := range cr.Lines {
		prefix := fmt.Sprintf("lines[%d].", i)
		f.Lines = append(f.Lines, ims.CashReturnLine{Reference: formValue(r, prefix+"reference"), Description: formValue(r, prefix+"description"),
			VATCode: formValue(r, prefix+"vat_code"), Amount: pounds(prefix + "amount")})
	}
	f.BagNumber = formValue(r, "bag_number")
	if cr.Kind == ims.CashReturnCash {
		for _, d := range ims.Denominations() {
			f.Cash = append(f.Cash, ims.CashCount{Denomination: d, Amount: pounds(ims.CashField(d))})
		}
		return f, problems
	}
	n, _ := strconv.Atoi(r.PostFormValue("cheque_count"))
	for i := range min(max(n, 0), 200) {
		prefix := fmt.Sprintf("cheques[%d].", i)
		c := ims.BankedCheque{Number: formValue(r, prefix+"number"), Drawer: formValue(r, prefix+"drawer")}
		if c.Number == "" && c.Drawer == "" && formValue(r, prefix+"amount") == "" {
			continue
		}
		c.Amount = pounds(prefix + "amount")
		f.Cheques = append(f.Cheques, c)
	}
	return f, problems
}

// cashReturnAuthorise authorises a submitted return with any line amounts changed, each with its
// reason, and posts it.
func (a *Admin) cashReturnAuthorise(w http.ResponseWriter, r *http.Request) {
	id, ok := a.cashReturnID(w, r)
	if !ok || !a.parseCashReturnForm(w, r) {
		return
	}
	p := web.PrincipalFrom(r.Context())
	cr, err := a.CashReturns.Get(r.Context(), p, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	problems := ims.Problems{}
	var adj []ims.CashReturnAdjustment
	for i, l := range cr.Lines {
		name := fmt.Sprintf("lines[%d].amount", i)
		if _, given := r.PostForm[name]; !given {
			continue
		}
		amount, ok := parsePounds(r.PostFormValue(name))
		if !ok {
			problems.Add(name, "Enter the amount in pounds and pence, like 125.50")
			continue
		}
		if amount != l.Amount {
			adj = append(adj, ims.CashReturnAdjustment{Line: i, Amount: amount, Reason: formValue(r, fmt.Sprintf("lines[%d].adjust_reason", i))})
		}
	}
	if err := problems.Err("The cash return cannot be authorised"); err != nil {
		a.showCashReturn(w, r, id, http.StatusUnprocessableEntity, err)
		return
	}
	done, err := a.CashReturns.Authorise(r.Context(), p, id, adj)
	if err == nil {
		a.flash(r, fmt.Sprintf("Cash return %d authorised and posted, receipt %s", id, done.Receipt))
	}
	a.afterCashReturnAction(w, r, id, err)
}

// cashReturnClose deletes a submitted return or voids a draft, with the reason given.
func (a *Admin) cashReturnClose(w http.ResponseWriter, r *http.Request) {
	id, ok := a.cashReturnID(w, r)
	if !ok || !a.parseCashReturnForm(w, r) {
		return
	}
	cr, err := a.CashReturns.Close(r.Context(), web.PrincipalFrom(r.Context()), id, r.PostFormValue("reason"))
	if err == nil {
		text, _ := cashReturnStatusTag(cr.Status)
		a.flash(r, fmt.Sprintf("Cash return %d %s", id, strings.ToLower(text)))
	}
	a.afterCashReturnAction(w, r, id, err)
}

// cashReturnNote adds a note to the return.
func (a *Admin) cashReturnNote(w http.ResponseWriter, r *http.Request) {
	id, ok := a.cashReturnID(w, r)
	if !ok || !a.parseCashReturnForm(w, r) {
		return
	}
	err := a.CashReturns.AddNote(r.Context(), web.PrincipalFrom(r.Context()), id, r.PostFormValue("note"))
	if err == nil {
		a.flash(r, "Note added")
	}
	a.afterCashReturnAction(w, r, id, err)
}
