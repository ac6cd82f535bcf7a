package webhooks_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// A subscriber that does not answer in time is given up on for that attempt, which is logged as
// timed out, and the next attempt delivers once it answers again: a slow subscriber costs an
// attempt, never a payment's time.
func TestASubscriberThatTimesOutIsTriedAgain(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		svc := service(t, db)
		svc.Client.Timeout = 200 * time.Millisecond // DeliveryTimeout's stand-in, so the test is quick
		var calls atomic.Int32
		slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if calls.Add(1) == 1 {
				select { // the first request hangs past the client's limit
				case <-time.After(2 * time.Second):
				case <-r.Context().Done():
				}
				return
			}
			w.WriteHeader(http.StatusNoContent)
		}))
		defer slow.Close()
		subscribe(t, svc, slow.URL, ims.EventPaymentSucceeded)
		enqueue(t, db, ims.WebhookEvent{Type: ims.EventPaymentSucceeded, Data: map[string]string{"receipt_number": "R-9"}})
		d := deliveries(t, svc)[0]

		began := time.Now()
		if err := svc.Deliver(ctx, d.ID, false); err == nil {
			t.Fatal("an attempt the subscriber did not answer in time succeeded")
		}
		if took := time.Since(began); took > 1500*time.Millisecond {
			t.Errorf("the attempt took %v; want it given up at the client's limit", took)
		}
		if d, _, _ = svc.Delivery(ctx, admin, d.ID); d.State != ims.DeliveryPending {
			t.Errorf("after a timed-out attempt the delivery is %s; want pending, to be tried again", d.State)
		}
		if err := svc.Deliver(ctx, d.ID, false); err != nil {
			t.Fatalf("the second attempt: %v", err)
		}
		d, log, err := svc.Delivery(ctx, admin, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.State != ims.DeliveryDelivered || len(log) != 2 || !strings.Contains(strings.ToLower(log[0].Error), "timeout") ||
			log[1].StatusCode != http.StatusNoContent {
			t.Errorf("delivery %s, log %+v; want a timed-out attempt, then a 204", d.State, log)
		}
	})
}
