package ledger

import (
	"context"

	"github.com/ims-council/ims"
)

// Verify recomputes the hash chains of the ledger and of the audit trail from the stored rows and
// reports, for each, the first record that does not match (ChainReport.BrokenAt; 0 when intact): a
// changed field, a removed or added entry, a removed record, or a truncated tail. It reads each
// chain in ordered streams, so memory does not grow with its size. It needs the Auditor role.
func (s *Service) Verify(ctx context.Context, p ims.Principal) (ledger, audit ims.ChainReport, err error) {
	defer ims.Wrap(&err, "Verify")
	if err := p.Require(ims.Auditor); err != nil {
		return ledger, audit, err
	}
	if ledger, err = s.DB.VerifyLedger(ctx); err != nil {
		return ledger, audit, err
	}
	audit, err = s.DB.VerifyAudit(ctx)
	return ledger, audit, err
}
