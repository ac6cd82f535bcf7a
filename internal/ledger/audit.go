package ledger

import (
	"context"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// AuditEvents returns the audit events matching f, oldest first. p needs the Auditor role: the
// audit trail shows every change and who made it, as Verify checks its chain for an Auditor.
func (s *Service) AuditEvents(ctx context.Context, p ims.Principal, f sqldb.AuditFilter) (events []ims.AuditEvent, err error) {
	defer ims.Wrap(&err, "AuditEvents")
	if err := p.Require(ims.Auditor); err != nil {
		return nil, err
	}
	return s.DB.AuditEvents(ctx, f)
}
