package sqldb

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/ims-council/ims"
)

// StageAudit records one audit event in tx without placing it in the audit hash chain, so that tx
// need not hold the chain heads (ADR 38): the event commits with the change it records, and a later
// transaction that holds the heads places it in the chain (SealStagedAudit, SealStagedAudits) with
// its own time, actor and content unchanged. It works in InTxWithoutChains.
func (tx *Tx) StageAudit(ctx context.Context, p ims.Principal, action, entity, entityID string, before, after any) error {
	ev, err := stagedEvent(ctx, tx.owner.now(), p, action, entity, entityID, before, after)
	if err != nil {
		return err
	}
	return tx.insertStaged(ctx, ev)
}

// stagedEvent builds the audit event StageAudit stages.
func stagedEvent(ctx context.Context, at time.Time, p ims.Principal, action, entity, entityID string, before, after any) (ims.AuditEvent, error) {
	ev := ims.AuditEvent{At: at, Actor: p.Actor(), RequestID: p.RequestID, Action: action, Entity: entity, EntityID: entityID}
	if ev.RequestID == "" {
		ev.RequestID = ims.RequestIDFrom(ctx)
	}
	var err error
	if ev.Before, err = auditJSON(before); err != nil {
		return ev, err
	}
	ev.After, err = auditJSON(after)
	return ev, err
}

func (tx *Tx) insertStaged(ctx context.Context, ev ims.AuditEvent) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_staged (at, actor, request_id, action, entity, entity_id, before, after)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, ev.At, ev.Actor, ev.RequestID, ev.Action, ev.Entity, ev.EntityID, ev.Before, ev.After)
	if err != nil {
		return fmt.Errorf("staging audit event: %w", err)
	}
	return nil
}

// SealStagedAudit places the staged audit events of one record in the audit hash chain, in the
// order they were staged, in tx, which must hold the chain heads (InTx, InLedgerTx).
func (tx *Tx) SealStagedAudit(ctx context.Context, entity, entityID string) error {
	return tx.sealStaged(ctx, `entity = $1 AND entity_id = $2 ORDER BY id`, entity, entityID)
}

// SealStagedAudits places every audit event staged before a time in the audit hash chain, up to
// limit of them, oldest first, and returns how many it placed: the payment sweep's bound on how
// long an event waits outside the chain.
func (db *DB) SealStagedAudits(ctx context.Context, before time.Time, limit int) (n int, err error) {
	defer ims.Wrap(&err, "SealStagedAudits")
	err = db.InTx(ctx, func(tx *Tx) error {
		var err error
		n, err = tx.sealStagedCount(ctx, `at < $1 ORDER BY id LIMIT $2`, before, limit)
		return err
	})
	return n, err
}

func (tx *Tx) sealStaged(ctx context.Context, where string, args ...any) error {
	_, err := tx.sealStagedCount(ctx, where, args...)
	return err
}

func (tx *Tx) sealStagedCount(ctx context.Context, where string, args ...any) (int, error) {
	// Taken out and read back in one statement: it runs while the chain heads are held.
	rows, err := tx.QueryContext(ctx, `DELETE FROM audit_staged WHERE id IN (SELECT id FROM audit_staged WHERE `+where+`)
		RETURNING id, at, actor, request_id, action, entity, entity_id, before, after`, args...)
	if err != nil {
		return 0, err
	}
	type staged struct {
		id int64
		ev ims.AuditEvent
	}
	var events []staged
	for rows.Next() {
		var s staged
		if err := rows.Scan(&s.id, &s.ev.At, &s.ev.Actor, &s.ev.RequestID, &s.ev.Action, &s.ev.Entity, &s.ev.EntityID, &s.ev.Before, &s.ev.After); err != nil {
			rows.Close()
			return 0, err
		}
		s.ev.At = s.ev.At.UTC() // as DB.audit hashes it
		events = append(events, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	// RETURNING gives no order: the chain takes them in the order they were staged.
	slices.SortFunc(events, func(a, b staged) int { return cmp.Compare(a.id, b.id) })
	for _, s := range events {
		if err := tx.appendAudit(ctx, s.ev); err != nil {
			return 0, err
		}
	}
	return len(events), nil
}

// appendAudit places a built event in the audit chain, as DB.audit does with one it builds.
func (tx *Tx) appendAudit(ctx context.Context, ev ims.AuditEvent) error {
	var err error
	if ev.ID, ev.PrevHash, err = tx.advance(ctx, "audit"); err != nil {
		return err
	}
	ev.Hash = auditHash(ev)
	if tx.deferred != nil {
		tx.deferred.audits = append(tx.deferred.audits, ev)
		tx.setHead("audit", ev.Hash)
		return nil
	}
	if _, err = tx.ExecContext(ctx, `INSERT INTO audit_events
		(id, at, actor, request_id, action, entity, entity_id, before, after, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		ev.ID, ev.At, ev.Actor, ev.RequestID, ev.Action, ev.Entity, ev.EntityID, ev.Before, ev.After, ev.PrevHash, ev.Hash); err != nil {
		return fmt.Errorf("writing audit event: %w", err)
	}
	tx.setHead("audit", ev.Hash)
	return nil
}
