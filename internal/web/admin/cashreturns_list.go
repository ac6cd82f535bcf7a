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

type cashReturnRow struct {
	ID                      int64
	Href, Title, Template   string
	Kind, Status, StatusTag string
	Created, Submitted, Bag string
	Amount, Receipt         string
	Selectable              bool // a submitted return an authoriser may tick for bulk authorise
}

type cashReturnListPage struct {
	Summary       govukfrontend.ErrorSummary
	Status        string
	Statuses      []allocOption
	Rows          []cashReturnRow
	NextHref      string
	Templates     []allocOption // the templates p may make a return from
	CanCreate     bool
	CanAuthorise  bool
	TemplateError string
	Selectable    bool
}

// cashReturnList lists the returns p may see, newest first, filtered by status, with a form to
// start a return from a template p is given and, for an authoriser, to authorise several at once.
func (a *Admin) cashReturnList(w http.ResponseWriter, r *http.Request) {
	a.showCashReturnList(w, r, http.StatusOK, nil)
}

func (a *Admin) showCashReturnList(w http.ResponseWriter, r *http.Request, status int, problem error) {
	p := web.PrincipalFrom(r.Context())
	q := ims.CashReturnQuery{Status: ims.CashReturnStatus(r.URL.Query().Get("status")), Limit: 50}
	q.Before, _ = strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	list, next, err := a.CashReturns.List(r.Context(), p, q)
	if ims.ErrorCode(err) == ims.Invalid {
		q.Status, problem, status = "", err, http.StatusUnprocessableEntity
		list, next, err = a.CashReturns.List(r.Context(), p, q)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	pg := cashReturnListPage{Status: string(q.Status), CanAuthorise: p.HasRole(ims.CashReturnAuthoriser)}
	pg.Statuses = []allocOption{{Value: "", Text: "Any status", Selected: q.Status == ""}}
	for _, s := range ims.CashReturnStatuses() {
		text, _ := cashReturnStatusTag(s)
		pg.Statuses = append(pg.Statuses, allocOption{Value: string(s), Text: text, Selected: s == q.Status})
	}
	for _, cr := range list {
		text, class := cashReturnStatusTag(cr.Status)
		row := cashReturnRow{ID: cr.ID, Href: cashReturnPath(cr.ID), Title: fmt.Sprintf("Return %d", cr.ID), Template: cr.TemplateName,
			Kind: kindName(cr.Kind), Status: text, StatusTag: class, Created: ukTime(cr.CreatedAt), Bag: cr.BagNumber,
			Amount: cr.LinesTotal().Display(), Receipt: cr.Receipt,
			Selectable: pg.CanAuthorise && cr.Status == ims.CashReturnSubmitted && cr.SubmittedBy != p.Actor()}
		if !cr.SubmittedAt.IsZero() {
			row.Submitted = ukTime(cr.SubmittedAt)
		}
		pg.Selectable = pg.Selectable || row.Selectable
		pg.Rows = append(pg.Rows, row)
	}
	if next != 0 {
		pg.NextHref = fmt.Sprintf("/admin/cash-returns?status=%s&before=%d", q.Status, next)
	}
	if p.HasRole(ims.CashReturns) {
		templates, err := a.CashReturns.MyTemplates(r.Context(), p)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		pg.Templates = []allocOption{{Value: "", Text: "Choose a template"}}
		for _, t := range templates {
			pg.Templates = append(pg.Templates, allocOption{Value: t.Code, Text: t.Name, Selected: t.Code == r.PostFormValue("template")})
		}
		pg.CanCreate = len(templates) > 0
	}
	if problem != nil {
		pg.Summary = problemSummary(problem)
		pg.TemplateError = ims.ErrorFields(problem)["template"]
		if pg.TemplateError == "" {
			pg.TemplateError = ims.ErrorFields(problem)["kind"]
		}
	}
	a.render(w, r, status, "admin-cashreturns-list", titleWithError("Cash returns", problem), pg)
}

// problemSummary is an error summary listing err's problems (or its message), without links.
func problemSummary(err error) govukfrontend.ErrorSummary {
	var s govukfrontend.ErrorSummary
	for _, msg := range ims.ErrorFields(err) {
		s.Errors = append(s.Errors, govukfrontend.ErrorLink{Text: msg})
	}
	if len(s.Errors) == 0 {
		s.Errors = append(s.Errors, govukfrontend.ErrorLink{Text: ims.ErrorMessage(err)})
	}
	return s
}

// titleWithError prefixes a page's title with "Error: " when the page shows a problem.
func titleWithError(title string, err error) string {
	if err != nil {
		return "Error: " + title
	}
	return title
}

// cashReturnCreate starts a return from the chosen template and opens it.
func (a *Admin) cashReturnCreate(w http.ResponseWriter, r *http.Request) {
	if !a.parseCashReturnForm(w, r) {
		return
	}
	template := formValue(r, "template")
	var cr ims.CashReturn
	var err error = ims.FieldError("template", "Choose a template")
	if template != "" {
		cr, err = a.CashReturns.Create(r.Context(), web.PrincipalFrom(r.Context()), template, ims.CashReturnKind(formValue(r, "kind")))
	}
	switch ims.ErrorCode(err) {
	case "":
		a.flash(r, fmt.Sprintf("Cash return %d started", cr.ID))
		http.Redirect(w, r, cashReturnPath(cr.ID), http.StatusSeeOther)
	case ims.Invalid, ims.NotFound:
		a.showCashReturnList(w, r, http.StatusUnprocessableEntity, err)
	default:
		a.fail(w, r, err)
	}
}

// cashReturnAuthoriseMany authorises the ticked returns, each without adjustment, and says which
// were authorised and why any other was not.
func (a *Admin) cashReturnAuthoriseMany(w http.ResponseWriter, r *http.Request) {
	if !a.parseCashReturnForm(w, r) {
		return
	}
	var ids []int64
	for _, v := range r.PostForm["id"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		a.showCashReturnList(w, r, http.StatusUnprocessableEntity, ims.FieldError("id", "Tick the returns to authorise"))
		return
	}
	done, refused, err := a.CashReturns.AuthoriseMany(r.Context(), web.PrincipalFrom(r.Context()), ids)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	msg := fmt.Sprintf("%d cash returns authorised", len(done))
	if len(done) == 1 {
		msg = "1 cash return authorised"
	}
	var why []string
	for id, e := range refused {
		why = append(why, fmt.Sprintf("return %d: %s", id, ims.ErrorMessage(e)))
	}
	if len(why) > 0 {
		msg += "; not authorised: " + strings.Join(why, "; ")
	}
	a.flash(r, msg)
	http.Redirect(w, r, "/admin/cash-returns?status=submitted", http.StatusSeeOther)
}
