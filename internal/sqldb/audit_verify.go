package sqldb

import (
	"context"
	"fmt"

	"github.com/ims-council/ims"
)

// VerifyAudit recomputes the audit trail's hash chain, as VerifyLedger does for the ledger, and
// reports the first event that does not match (ChainReport.Postings counts events). Who may ask
// is the ledger service's to decide (ledger.Service.Verify).
func (db *DB) VerifyAudit(ctx context.Context) (rep ims.ChainReport, err error) {
	defer ims.Wrap(&err, "VerifyAudit")
	rows, err := db.SQL.QueryContext(ctx, `SELECT id, at, actor, request_id, action, entity, entity_id, before, after, prev_hash, hash
		FROM audit_events ORDER BY id`)
	if err != nil {
		return rep, err
	}
	defer rows.Close()
	prev := ""
	for rows.Next() {
		var ev ims.AuditEvent
		if err := rows.Scan(&ev.ID, &ev.At, &ev.Actor, &ev.RequestID, &ev.Action, &ev.Entity, &ev.EntityID, &ev.Before,
			&ev.After, &ev.PrevHash, &ev.Hash); err != nil {
			return rep, err
		}
		switch {
		case ev.ID != rep.Postings+1:
			rep.BrokenAt, rep.Reason = ev.ID, fmt.Sprintf("audit event %d follows event %d: events are missing", ev.ID, rep.Postings)
		case ev.PrevHash != prev:
			rep.BrokenAt, rep.Reason = ev.ID, fmt.Sprintf("audit event %d does not link to the event before it", ev.ID)
		case auditHash(ev) != ev.Hash:
			rep.BrokenAt, rep.Reason = ev.ID, fmt.Sprintf("audit event %d (%s %s %s) does not match its hash: it was changed after it was written",
				ev.ID, ev.Action, ev.Entity, ev.EntityID)
		}
		if rep.BrokenAt != 0 {
			return rep, nil
		}
		prev, rep.Head = ev.Hash, ev.Hash
		rep.Postings++
	}
	if err := rows.Err(); err != nil {
		return rep, err
	}
	var seq int64
	var head string
	if err := db.SQL.QueryRowContext(ctx, `SELECT seq, hash FROM chain_heads WHERE name = 'audit'`).Scan(&seq, &head); err != nil {
		return rep, err
	}
	if seq != rep.Postings || head != rep.Head {
		rep.BrokenAt, rep.Reason = rep.Postings+1, fmt.Sprintf("the chain head records %d audit events but %d remain: events were removed from the end", seq, rep.Postings)
	}
	return rep, nil
}
