package sqldb

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/ims-council/ims"
)

// stagedOnRead keeps, by payment id, the staged audit events (its creation's) that the read of an
// unfinished payment by its return or its webhook brought with it on PostgreSQL, until the
// payment's outcome takes them (DB.StagedAudit): one round trip fewer for each card payment. What
// is kept may be stale by the time it is taken, if the sweep placed the events in the chain
// meanwhile; the batch that seals them then finds their staging rows gone and its pieces run alone,
// each sealing what is staged then (audit_staged.go), as it does for events read just before.
type stagedOnRead = takeOnce[[]StagedEvent]

// stagedColumn is the column a payment read adds on PostgreSQL (p in the query): its staged audit
// events as a JSON array, in staging order, or NULL for none (a finished payment has none left).
const stagedColumn = `(SELECT json_agg(json_build_object('id', s.id, 'at', s.at, 'actor', s.actor,
	'request_id', s.request_id, 'action', s.action, 'entity', s.entity, 'entity_id', s.entity_id,
	'before', s.before, 'after', s.after) ORDER BY s.id) FROM audit_staged s WHERE s.entity = 'pending_payment' AND s.entity_id = p.id)`

// stagedFromJSON reads stagedColumn's array; empty for none.
func stagedFromJSON(column []byte) ([]StagedEvent, error) {
	if len(column) == 0 {
		return nil, nil
	}
	var rows []struct {
		ID        int64     `json:"id"`
		At        time.Time `json:"at"`
		Actor     string    `json:"actor"`
		RequestID string    `json:"request_id"`
		Action    string    `json:"action"`
		Entity    string    `json:"entity"`
		EntityID  string    `json:"entity_id"`
		Before    string    `json:"before"`
		After     string    `json:"after"`
	}
	if err := json.Unmarshal(column, &rows); err != nil {
		return nil, fmt.Errorf("reading a payment's staged audit events: %w", err)
	}
	events := make([]StagedEvent, len(rows))
	for i, r := range rows {
		events[i] = StagedEvent{id: r.ID, ev: ims.AuditEvent{At: r.At.UTC(), Actor: r.Actor, RequestID: r.RequestID,
			Action: r.Action, Entity: r.Entity, EntityID: r.EntityID, Before: r.Before, After: r.After}}
	}
	return events, nil
}
