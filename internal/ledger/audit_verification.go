package ledger

import (
	"context"
	"encoding/json"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// verifyAction is the audit trail's action for a run of the ledger verification.
const verifyAction = "ledger_verify"

// VerifyAndRecord runs Verify for an Auditor and records the run and its result in the audit trail
// (action "ledger_verify", entity "ledger"), so the back office can say when it last ran and who ran
// it. A broken chain is recorded too: that is the result an Auditor most needs kept.
func (s *Service) VerifyAndRecord(ctx context.Context, p ims.Principal) (v ims.LedgerVerification, err error) {
	defer ims.Wrap(&err, "VerifyAndRecord")
	if v.Ledger, v.Audit, err = s.Verify(ctx, p); err != nil {
		return v, err
	}
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		v.At = tx.Now()
		return tx.Audit(ctx, p, verifyAction, "ledger", "", nil, verificationRecord{v.Ledger, v.Audit})
	})
	v.Actor, v.ActorName = p.Actor(), p.Name
	return v, err
}

// LastVerification returns the most recent run of the ledger verification recorded in the audit
// trail, for an Auditor; ok is false when it has never run from the back office.
func (s *Service) LastVerification(ctx context.Context, p ims.Principal) (v ims.LedgerVerification, ok bool, err error) {
	defer ims.Wrap(&err, "LastVerification")
	if err := p.Require(ims.Auditor); err != nil {
		return v, false, err
	}
	events, err := s.DB.SearchAudit(ctx, sqldb.AuditSearch{Action: verifyAction, Entity: "ledger", Limit: 1})
	if err != nil || len(events) == 0 {
		return v, false, err
	}
	e := events[0]
	var rec verificationRecord
	if err := json.Unmarshal([]byte(e.After), &rec); err != nil {
		return v, false, err
	}
	return ims.LedgerVerification{At: e.At, Actor: e.Actor, ActorName: e.ActorName, Ledger: rec.Ledger, Audit: rec.Audit}, true, nil
}

// verificationRecord is what the audit trail keeps of a verification run.
type verificationRecord struct {
	Ledger ims.ChainReport `json:"ledger"`
	Audit  ims.ChainReport `json:"audit"`
}
