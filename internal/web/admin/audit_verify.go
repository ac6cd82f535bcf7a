package admin

import (
	"fmt"
	"net/http"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
)

// auditVerifyPage is the content of the ledger verification page: the last run, if any, and the
// button that runs it again.
type auditVerifyPage struct {
	Nav      []auditNavItem
	Ran      bool
	Verified bool
	Last     govukfrontend.SummaryList
}

// auditVerifyPage shows the last run of the ledger verification. Showing it starts nothing: only
// the button's POST runs the verification.
func (a *Admin) auditVerifyPage(w http.ResponseWriter, r *http.Request) {
	v, ok, err := a.Audit.LastVerification(r.Context(), web.PrincipalFrom(r.Context()))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	page := auditVerifyPage{Nav: auditNav(auditVerifyPath), Ran: ok, Verified: v.Verified()}
	if ok {
		page.Last = govukfrontend.SummaryList{Rows: []govukfrontend.SummaryRow{
			{Key: "When", Value: londonTime(v.At)},
			{Key: "Run by", Value: v.Who()},
			{Key: "Ledger", Value: chainResult(v.Ledger, "posting", "postings")},
			{Key: "Audit trail", Value: chainResult(v.Audit, "event", "events")},
		}}
	}
	a.render(w, r, http.StatusOK, "admin-audit-verify", "Ledger verification", page)
}

// auditVerify runs the ledger verification in the request, recording it in the audit trail, then
// shows the result. It reads both chains in streams; the request's context stops it when the
// Auditor gives up waiting.
func (a *Admin) auditVerify(w http.ResponseWriter, r *http.Request) {
	v, err := a.Audit.VerifyAndRecord(r.Context(), web.PrincipalFrom(r.Context()))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if v.Verified() {
		a.flash(r, "Verified: the ledger and the audit trail are intact")
	}
	http.Redirect(w, r, auditVerifyPath, http.StatusSeeOther)
}

// chainResult says what a chain's check found: how many records it checked and the first that
// does not match, if any.
func chainResult(c ims.ChainReport, one, many string) string {
	noun := many
	if c.Postings == 1 {
		noun = one
	}
	if c.BrokenAt == 0 {
		return fmt.Sprintf("Intact: %d %s checked", c.Postings, noun)
	}
	s := fmt.Sprintf("Broken at %s %d (%d %s checked)", one, c.BrokenAt, c.Postings, noun)
	if c.Reason != "" {
		s += ": " + c.Reason
	}
	return s
}
