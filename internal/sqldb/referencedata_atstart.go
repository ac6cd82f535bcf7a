package sqldb

import (
	"context"
	"sync"

	"github.com/ims-council/ims"
)

// maxVersionsAtStart bounds versionsAtStart: requests that never take a ReferenceView (an API read)
// leave theirs behind, and the oldest go first.
const maxVersionsAtStart = 1024

// versionsAtStart keeps, by request id, the reference data version an API request read with its
// token's check (APIClientForToken reads both versions in one statement), until the request's
// ReferenceView takes it: creating a card payment through the API reads the two versions in one
// round trip instead of two. The version is the one at the request's start, which is what a
// ReferenceView promises: a change committed before the request began is seen. Request ids are
// random per request (web.Server.withRequestID); a context without one reads the version itself.
type versionsAtStart struct {
	mu       sync.Mutex
	versions map[string]int64
	order    []string // request ids, oldest first
}

// remember keeps version for the request ctx serves, if it has an id.
func (m *versionsAtStart) remember(ctx context.Context, version int64) {
	id := ims.RequestIDFrom(ctx)
	if id == "" {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.versions == nil {
		m.versions = make(map[string]int64)
	}
	if len(m.order) >= maxVersionsAtStart {
		delete(m.versions, m.order[0])
		m.order = m.order[1:]
	}
	m.versions[id] = version
	m.order = append(m.order, id)
}

// take returns, once, the version remembered for the request ctx serves.
func (m *versionsAtStart) take(ctx context.Context) (int64, bool) {
	id := ims.RequestIDFrom(ctx)
	if id == "" {
		return 0, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	version, ok := m.versions[id]
	delete(m.versions, id) // its place in order goes when it comes round: delete of a missing key is a no-op
	return version, ok
}
