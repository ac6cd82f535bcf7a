package sqldb

import (
	"cmp"
	"context"
	"errors"
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
	ev, err := newAuditEvent(ctx, tx.owner.now(), p, action, entity, entityID, before, after)
	if err != nil {
		return err
	}
	return tx.insertStaged(ctx, ev)
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
	events, err := queryStaged(ctx, tx, `DELETE FROM audit_staged WHERE id IN (SELECT id FROM audit_staged WHERE `+where+`)
		RETURNING id, at, actor, request_id, action, entity, entity_id, before, after`, args...)
	if err != nil {
		return 0, err
	}
	return len(events), tx.chainStaged(ctx, events)
}

// A StagedEvent is an audit event staged outside the chain, with its staging row's id.
type StagedEvent struct {
	id int64
	ev ims.AuditEvent
}

// StagedAudit reads the staged audit events of one record, in no transaction: what a ledger
// batch's piece will seal (SealStagedAuditRead), read before the batch holds the chain heads.
func (db *DB) StagedAudit(ctx context.Context, entity, entityID string) ([]StagedEvent, error) {
	if entity == "pending_payment" {
		if events, ok := db.stagedOnRead.take(entityID); ok {
			return events, nil // read with the payment by its return or its webhook
		}
	}
	return queryStaged(ctx, db.reads(), `SELECT id, at, actor, request_id, action, entity, entity_id, before, after
		FROM audit_staged WHERE entity = $1 AND entity_id = $2`, entity, entityID)
}

// SealStagedAuditRead is SealStagedAudit for the events read before tx began (StagedAudit). In a
// ledger batch they are placed in the chain as read, and their staging rows are deleted by the
// batch's write statement, just before the commit (deferred.go): a round trip fewer while the
// heads are held. When another transaction placed them first (the sweep) the batch fails and its
// pieces run alone, each sealing what is staged then. Outside a batch it is SealStagedAudit.
func (tx *Tx) SealStagedAuditRead(ctx context.Context, entity, entityID string, read []StagedEvent) error {
	if tx.deferred == nil {
		return tx.SealStagedAudit(ctx, entity, entityID)
	}
	for _, s := range read {
		tx.deferred.staged = append(tx.deferred.staged, s.id)
	}
	return tx.chainStaged(ctx, read)
}

// queryStaged runs query, which returns staged events' rows, and gives them in staging order.
func queryStaged(ctx context.Context, q querier, query string, args ...any) ([]StagedEvent, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var events []StagedEvent
	for rows.Next() {
		var s StagedEvent
		if err := rows.Scan(&s.id, &s.ev.At, &s.ev.Actor, &s.ev.RequestID, &s.ev.Action, &s.ev.Entity, &s.ev.EntityID, &s.ev.Before, &s.ev.After); err != nil {
			return nil, err
		}
		s.ev.At = s.ev.At.UTC() // as DB.audit hashes it
		events = append(events, s)
	}
	// RETURNING gives no order: the chain takes them in the order they were staged.
	slices.SortFunc(events, func(a, b StagedEvent) int { return cmp.Compare(a.id, b.id) })
	return events, rows.Err()
}

// chainStaged places staged events in the audit chain, in the order given.
func (tx *Tx) chainStaged(ctx context.Context, events []StagedEvent) error {
	for _, s := range events {
		if err := tx.appendAudit(ctx, s.ev); err != nil {
			return err
		}
	}
	return nil
}

// deleteStaged deletes a staged event's row, sealed in a ledger batch on SQLite (or in a batch too
// large for one statement): gone already, it was sealed by another transaction.
func (tx *Tx) deleteStaged(ctx context.Context, id int64) error {
	res, err := tx.ExecContext(ctx, `DELETE FROM audit_staged WHERE id = $1`, id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return cmp.Or(err, errSealedElsewhere)
	}
	return nil
}

// errSealedElsewhere fails a ledger batch whose staged audit events were placed in the chain by
// another transaction since they were read: its pieces run again alone.
var errSealedElsewhere = errors.New("an audit event staged for the batch was sealed by another transaction")
