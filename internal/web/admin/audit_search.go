package admin

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
)

// auditSearchPage is the content of the audit trail search: the filters and a page of events.
type auditSearchPage struct {
	Nav     []auditNavItem
	Summary govukfrontend.ErrorSummary
	Rows    [][]govukfrontend.TextInput // the filters, a row at a time: who, action, type; id, text; dates
	Invalid bool
	Events  []auditRow
	Older   string // link to the next, older page; "" on the last
	Newest  string // link back to the first page; "" on it
}

// auditRow is one event in the results: what changed is listed field by field.
type auditRow struct {
	ID                                         int64
	Href, When, Who, Action, Entity, RequestID string
	Changes                                    []ims.AuditChange // only the fields that changed
}

// auditFields are the search form's fields in the order shown, and where each row of them ends.
var auditFields = []struct {
	name, label, hint string
	endsRow           bool
}{
	{"who", "Who", "Part of a user's name or email, an API client's name, an id like user:12, or system", false},
	{"action", "Action", "For example login, login_failed, create, update, ledger_verify", false},
	{"entity", "Type of record", "For example user, fund, pending_payment, refund", true},
	{"entity_id", "Record id", "For example 12", false},
	{"text", "Text in the record", "Part of the record before or after the change", true},
	{"from", "From", "For example, 27/3/2026", false},
	{"to", "To", "For example, 27/3/2026", true},
}

// auditSearch shows the audit trail newest first, narrowed by the filters in the query string. A
// search is a read, so the form uses GET and its URL can be bookmarked or shared.
func (a *Admin) auditSearch(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	form := ims.AuditForm{Who: v.Get("who"), Action: v.Get("action"), Entity: v.Get("entity"), EntityID: v.Get("entity_id"),
		Text: v.Get("text"), From: v.Get("from"), To: v.Get("to"), Before: v.Get("before")}
	page := auditSearchPage{Nav: auditNav(auditSearchPath), Rows: [][]govukfrontend.TextInput{nil}}
	q, err := ims.ParseAuditForm(form)
	problems := ims.ErrorFields(err)
	for i, f := range auditFields {
		in := govukfrontend.TextInput{Name: f.name, Label: f.label, Hint: f.hint, Value: v.Get(f.name), Error: problems[f.name]}
		if f.name == "from" || f.name == "to" {
			in.Width = govukfrontend.WidthChars10
		}
		last := len(page.Rows) - 1
		page.Rows[last] = append(page.Rows[last], in)
		if f.endsRow && i < len(auditFields)-1 {
			page.Rows = append(page.Rows, nil)
		}
		if in.Error != "" {
			page.Summary.Errors = append(page.Summary.Errors, govukfrontend.ErrorLink{Text: in.Error, Href: "#" + f.name})
		}
	}
	if msg := problems["before"]; msg != "" {
		page.Summary.Errors = append(page.Summary.Errors, govukfrontend.ErrorLink{Text: msg})
	}
	if err != nil {
		if ims.ErrorCode(err) != ims.Invalid {
			a.fail(w, r, err)
			return
		}
		page.Invalid = true
		a.render(w, r, http.StatusUnprocessableEntity, "admin-audit-search", "Error: Audit trail", page)
		return
	}
	result, err := a.Audit.SearchAudit(r.Context(), web.PrincipalFrom(r.Context()), q)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	for _, e := range result.Events {
		page.Events = append(page.Events, newAuditRow(e))
	}
	if result.Next != 0 {
		page.Older = auditPageLink(v, result.Next)
	}
	if q.Before != 0 {
		page.Newest = auditPageLink(v, 0)
	}
	a.render(w, r, http.StatusOK, "admin-audit-search", "Audit trail", page)
}

// newAuditRow lays out one event for the results table.
func newAuditRow(e ims.AuditEntry) auditRow {
	row := auditRow{ID: e.ID, Href: auditSearchPath + "/events/" + strconv.FormatInt(e.ID, 10), When: londonTime(e.At), Who: e.Who(),
		Action: e.Action, Entity: e.Entity, RequestID: e.RequestID}
	if e.EntityID != "" {
		row.Entity += " " + e.EntityID
	}
	for _, c := range ims.AuditDiff(e.Before, e.After) {
		if c.Changed {
			row.Changes = append(row.Changes, c)
		}
	}
	return row
}

// auditPageLink is the search's URL with the same filters on the page of events before id (the
// first page when 0).
func auditPageLink(v url.Values, before int64) string {
	next := url.Values{}
	for _, f := range auditFields {
		if s := v.Get(f.name); s != "" {
			next.Set(f.name, s)
		}
	}
	if before != 0 {
		next.Set("before", strconv.FormatInt(before, 10))
	}
	if len(next) == 0 {
		return auditSearchPath
	}
	return auditSearchPath + "?" + next.Encode()
}
