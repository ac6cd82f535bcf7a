package admin

import (
	"net/http"
	"strconv"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
)

// auditEventPage is the content of one audit event's page: its facts and every field of the record
// before and after, the changed ones marked.
type auditEventPage struct {
	Nav     []auditNavItem
	ID      int64
	Facts   govukfrontend.SummaryList
	Changes []ims.AuditChange
	Back    string
}

// auditEvent shows one audit event in full. An id that is not a number is no event: 404.
func (a *Admin) auditEvent(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		a.fail(w, r, ims.Errorf(ims.NotFound, "There is no audit event %q", r.PathValue("id")))
		return
	}
	e, err := a.Audit.AuditEvent(r.Context(), web.PrincipalFrom(r.Context()), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	rows := []govukfrontend.SummaryRow{
		{Key: "When", Value: londonTime(e.At)},
		{Key: "Who", Value: e.Who()},
		{Key: "Action", Value: e.Action},
		{Key: "Type of record", Value: e.Entity},
		{Key: "Record id", Value: e.EntityID},
		{Key: "Request id", Value: e.RequestID},
		{Key: "Hash", Value: e.Hash},
		{Key: "Previous event's hash", Value: e.PrevHash},
	}
	a.render(w, r, http.StatusOK, "admin-audit-event", "Audit event "+strconv.FormatInt(e.ID, 10), auditEventPage{
		Nav: auditNav(""), ID: e.ID, Facts: govukfrontend.SummaryList{Rows: rows},
		Changes: ims.AuditDiff(e.Before, e.After), Back: auditSearchPath})
}
