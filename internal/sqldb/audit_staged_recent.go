package sqldb

import "sync"

// maxRecentStaged bounds recentStaged; past it, it starts again empty.
const maxRecentStaged = 10000

// recentStaged keeps the audit events this instance staged for the records it created (a card
// payment's creation, CreatePendingPayment), until a transaction that places them in the chain
// takes them (StagedAudit). A payment's outcome usually comes back to the instance that created
// it, and then places the event without reading it back: a statement fewer on every card payment's
// return. What it does not hold (another instance's payments, one kept before a restart or past
// the bound) is read from the database; what it holds wrongly (an event the sweep placed
// meanwhile) fails the ledger batch that uses it, as a read one would (SealStagedAuditRead).
type recentStaged struct {
	mu     sync.Mutex
	events map[string][]StagedEvent // by entity and id
}

func stagedKey(entity, entityID string) string { return entity + "\x00" + entityID }

// keep remembers an event staged for a record.
func (r *recentStaged) keep(entity, entityID string, s StagedEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.events == nil || len(r.events) >= maxRecentStaged {
		r.events = map[string][]StagedEvent{}
	}
	key := stagedKey(entity, entityID)
	r.events[key] = append(r.events[key], s)
}

// take returns and forgets the events kept for a record, and false when there are none.
func (r *recentStaged) take(entity, entityID string) ([]StagedEvent, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	key := stagedKey(entity, entityID)
	events, ok := r.events[key]
	delete(r.events, key)
	return events, ok
}
