package payments_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/app/apptest"
	"github.com/ims-council/ims/internal/psp/govukpaysim"
	"github.com/ims-council/ims/internal/secretbox"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/webhooks"
)

// subscribeTo adds an enabled webhook subscriber to the given events.
func subscribeTo(t *testing.T, db *sqldb.DB, name string, events ...ims.WebhookEventType) int64 {
	t.Helper()
	if db.Secrets == nil {
		box, err := secretbox.New(apptest.SecretKey)
		must(t, err)
		db.Secrets = box
	}
	admin := ims.Principal{UserID: 1, Roles: []ims.Role{ims.SystemAdmin}}
	sub, _, err := webhooks.New(db, nil).Create(context.Background(), admin,
		ims.WebhookSubscriber{Name: name, URL: "https://" + name + ".example.gov.uk/ims", Events: events, Enabled: true})
	must(t, err)
	return sub.ID
}

// webhookDeliveries lists, for each delivery of an event about ref (a payment or refund id), the
// event type and the subscriber, as "type→subscriber".
func webhookDeliveries(t *testing.T, db *sqldb.DB, ref string) []string {
	t.Helper()
	rows, err := db.SQL.Query(`SELECT e.type, s.name FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
		JOIN webhook_subscribers s ON s.id = d.subscriber_id WHERE e.payload LIKE $1 ORDER BY e.type, s.name`, "%"+ref+"%")
	must(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var typ, name string
		must(t, rows.Scan(&typ, &name))
		out = append(out, typ+"→"+name)
	}
	must(t, rows.Err())
	return out
}

// TestFinishedPaymentsAndRefundsEnqueueOneDeliveryPerSubscriber pays a basket while the browser's
// return, duplicated provider webhooks and the sweep race to apply its outcome: the outcome is
// applied once, so each subscriber to payment.succeeded gets exactly one delivery and subscribers
// to other events none; a declined card and a refund give their own events.
func TestFinishedPaymentsAndRefundsEnqueueOneDeliveryPerSubscriber(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true, Duplicate: 2, Reverse: true})
		subscribeTo(t, db, "rents", ims.EventPaymentSucceeded)
		subscribeTo(t, db, "ledger", ims.EventPaymentSucceeded, ims.EventPaymentFailed, ims.EventRefundSucceeded)
		subscribeTo(t, db, "imports", ims.EventImportCompleted)

		_, created := r.apiCreate(t, "wh-once", basket)
		id := created["id"].(string)
		must(t, r.sim.Pay(r.providerPaymentID(t, id), "4242424242424242"))
		returnLink := r.providerReturnLink(t, id)
		db.Clock.(*sqldbtest.Clock).Advance(10 * time.Minute) // old enough for the sweep
		ctx := context.Background()
		var wg sync.WaitGroup
		for range 3 {
			wg.Add(3)
			go func() {
				defer wg.Done()
				if res, err := noRedirects.Get(returnLink); err == nil {
					res.Body.Close()
				}
			}()
			go func() { defer wg.Done(); r.sim.FlushWebhooks(ctx) }()
			go func() { defer wg.Done(); r.pay.Sweep(ctx) }()
		}
		wg.Wait()
		r.sim.WaitWebhooks()
		if got, want := strings.Join(webhookDeliveries(t, db, id), ", "), "payment.succeeded→ledger, payment.succeeded→rents"; got != want {
			t.Errorf("deliveries for the paid payment: %s; want %s", got, want)
		}

		_, declined := r.apiCreate(t, "wh-declined", basket)
		did := declined["id"].(string)
		must(t, r.sim.Pay(r.providerPaymentID(t, did), "4000000000000002"))
		if got := r.apiGet(t, did); got["state"] != "failed" {
			t.Fatalf("declined payment: %v", got)
		}
		if got, want := strings.Join(webhookDeliveries(t, db, did), ", "), "payment.failed→ledger"; got != want {
			t.Errorf("deliveries for the declined payment: %s; want %s", got, want)
		}

		status, ref := r.apiRefund(t, id, "wh-r1", `{"reason":"Paid twice","lines":[{"line":1,"amount":"10.00"}]}`)
		if status != 201 || ref["state"] != "succeeded" {
			t.Fatalf("refund: %d %v", status, ref)
		}
		if got, want := strings.Join(webhookDeliveries(t, db, ref["id"].(string)), ", "), "refund.succeeded→ledger"; got != want {
			t.Errorf("deliveries for the refund: %s; want %s", got, want)
		}
	})
}
