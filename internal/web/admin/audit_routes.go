package admin

import (
	"context"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// AuditTrail is what the Auditor's pages read and run (ledger.Service): the audit trail search, one
// event, the ledger verification and its last run. Each method checks the Auditor role itself.
type AuditTrail interface {
	SearchAudit(ctx context.Context, p ims.Principal, q ims.AuditQuery) (ims.AuditPage, error)
	AuditEvent(ctx context.Context, p ims.Principal, id int64) (ims.AuditEntry, error)
	VerifyAndRecord(ctx context.Context, p ims.Principal) (ims.LedgerVerification, error)
	LastVerification(ctx context.Context, p ims.Principal) (ims.LedgerVerification, bool, error)
}

// EmailOutbox reads the email outbox for an Auditor (jobs.Outbox).
type EmailOutbox interface {
	Emails(ctx context.Context, p ims.Principal, before int64) (ims.OutboxPage, error)
}

// The Auditor's pages.
const (
	auditSearchPath = "/admin/audit"
	auditVerifyPath = "/admin/audit/verify"
	auditOutboxPath = "/admin/audit/outbox"
)

func (a *Admin) auditRoutes() []web.Route {
	return []web.Route{
		a.page(auditSearchPath, a.auditSearch, ims.Auditor),
		a.page(auditSearchPath+"/events/{id}", a.auditEvent, ims.Auditor),
		a.page(auditVerifyPath, a.auditVerifyPage, ims.Auditor),
		a.action(auditVerifyPath, a.auditVerify, ims.Auditor),
		a.page(auditOutboxPath, a.auditOutbox, ims.Auditor),
	}
}

// auditNavItem is one link of the Audit section's sub navigation.
type auditNavItem struct {
	Text, Href string
	Current    bool
}

// auditNav is the Audit section's sub navigation with the page at current marked.
func auditNav(current string) []auditNavItem {
	items := []auditNavItem{{"Audit trail", auditSearchPath, false}, {"Ledger verification", auditVerifyPath, false},
		{"Email outbox", auditOutboxPath, false}}
	for i := range items {
		items[i].Current = items[i].Href == current
	}
	return items
}

// londonTime shows an instant as staff read it: the time in the UK, like "3 Dec 2026 14:05:09".
func londonTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if loc, err := ims.LondonLocation(); err == nil {
		t = t.In(loc)
	}
	return t.Format("2 Jan 2006 15:04:05")
}
