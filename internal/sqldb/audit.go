package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ims-council/ims"
)

// Audit appends one event to the audit trail in tx, so a change and its record commit together:
// who (p) did what (action) to which record (entity, entityID), with its state before and after
// (nil when it did not exist), stored as JSON.
func (tx *Tx) Audit(ctx context.Context, p ims.Principal, action, entity, entityID string, before, after any) error {
	return tx.owner.audit(ctx, tx, p, action, entity, entityID, before, after)
}

// audit appends one event to the audit trail inside the caller's transaction, so a change and its
// record commit together. before and after are the record's state (nil when it did not exist); they
// are stored as JSON.
func (db *DB) audit(ctx context.Context, tx *Tx, p ims.Principal, action, entity, entityID string, before, after any) error {
	ev, err := newAuditEvent(ctx, db.now(), p, action, entity, entityID, before, after)
	if err != nil {
		return err
	}
	return tx.appendAudit(ctx, ev)
}

// newAuditEvent builds an audit event, not yet in the chain: who (p) did what to which record at
// a time, with the record's state before and after as JSON.
func newAuditEvent(ctx context.Context, at time.Time, p ims.Principal, action, entity, entityID string, before, after any) (ims.AuditEvent, error) {
	ev := ims.AuditEvent{At: at, Actor: p.Actor(), RequestID: p.RequestID, Action: action, Entity: entity, EntityID: entityID}
	if ev.RequestID == "" {
		ev.RequestID = ims.RequestIDFrom(ctx) // a service acting for a request without its principal (sign-in)
	}
	var err error
	if ev.Before, err = auditJSON(before); err != nil {
		return ev, err
	}
	ev.After, err = auditJSON(after)
	return ev, err
}

// appendAudit places a built event in the audit chain, in tx, which holds the heads.
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

func auditJSON(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("recording audit state: %w", err)
	}
	if string(b) == "null" {
		return "", nil
	}
	return string(b), nil
}

// auditHash is the canonical hash of an audit event chained to its predecessor.
func auditHash(ev ims.AuditEvent) string {
	h := newHasher(ev.PrevHash)
	h.int(ev.ID)
	h.time(ev.At)
	for _, s := range []string{ev.Actor, ev.RequestID, ev.Action, ev.Entity, ev.EntityID, ev.Before, ev.After} {
		h.str(s)
	}
	return h.sum()
}

// AuditFilter narrows an audit trail search.
type AuditFilter struct {
	Entity   string
	EntityID string
	Actor    string
	AfterID  int64 // cursor: events with a larger id
	Limit    int
}

// AuditEvents returns audit events matching f, oldest first. It checks no role: who may read the
// audit trail is the ledger service's decision (ledger.Service.AuditEvents).
func (db *DB) AuditEvents(ctx context.Context, f AuditFilter) (events []ims.AuditEvent, err error) {
	defer ims.Wrap(&err, "AuditEvents")
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	rows, err := db.SQL.QueryContext(ctx, `SELECT id, at, actor, request_id, action, entity, entity_id, before, after, prev_hash, hash
		FROM audit_events
		WHERE ($1 = '' OR entity = $1) AND ($2 = '' OR entity_id = $2) AND ($3 = '' OR actor = $3) AND id > $4
		ORDER BY id LIMIT $5`, f.Entity, f.EntityID, f.Actor, f.AfterID, f.Limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var ev ims.AuditEvent
		if err := rows.Scan(&ev.ID, &ev.At, &ev.Actor, &ev.RequestID, &ev.Action, &ev.Entity, &ev.EntityID,
			&ev.Before, &ev.After, &ev.PrevHash, &ev.Hash); err != nil {
			return nil, err
		}
		events = append(events, ev)
	}
	return events, rows.Err()
}
