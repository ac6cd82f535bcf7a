// Package webhooks sends IMS's outgoing webhooks (SPEC §11, ADR 34): a SystemAdmin registers
// subscribers (a URL, a secret shown once and stored encrypted, the event types wanted); a
// service records an event with Enqueue inside the transaction that makes it happen, which stores
// the event once and enqueues one delivery job per subscriber that wants it; the job (internal/jobs)
// calls Deliver, which signs the body with the subscriber's secret and posts it, logging every
// attempt. Nothing here runs in a payment's request: a slow or unreachable subscriber only delays
// its own deliveries.
package webhooks

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/ims-council/ims/internal/sqldb"
)

// DeliveryTimeout bounds one attempt: a subscriber that does not answer within it is tried again
// later, and the worker it held is free for the next delivery.
const DeliveryTimeout = 10 * time.Second

// Service manages subscribers and delivers webhooks.
type Service struct {
	DB  *sqldb.DB
	Log *slog.Logger
	// Client posts the deliveries; New gives one with DeliveryTimeout that follows no redirects
	// (a subscriber that moved says so with a new URL, not a redirect the signature did not name).
	Client *http.Client
}

// New returns the service on db.
func New(db *sqldb.DB, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{DB: db, Log: log, Client: &http.Client{
		Timeout:       DeliveryTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}
