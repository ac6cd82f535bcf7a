package sqldb

import (
	"context"

	"github.com/ims-council/ims"
)

// versionsAtStart keeps, by request id, the reference data version an API request read with its
// token's check (APIClientForToken reads both versions in one statement), until the request's
// ReferenceView takes it: creating a card payment through the API reads the two versions in one
// round trip instead of two. The version is the one at the request's start, which is what a
// ReferenceView promises: a change committed before the request began is seen. Request ids are
// random per request (web.Server.withRequestID); a context without one reads the version itself.
type versionsAtStart struct{ versions takeOnce[int64] }

// remember keeps version for the request ctx serves, if it has an id.
func (m *versionsAtStart) remember(ctx context.Context, version int64) {
	if id := ims.RequestIDFrom(ctx); id != "" {
		m.versions.keep(id, version)
	}
}

// take returns, once, the version remembered for the request ctx serves.
func (m *versionsAtStart) take(ctx context.Context) (int64, bool) {
	if id := ims.RequestIDFrom(ctx); id != "" {
		return m.versions.take(id)
	}
	return 0, false
}
