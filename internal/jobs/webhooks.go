package jobs

import (
	"context"
	"database/sql"
	"time"

	"github.com/riverqueue/river"
)

// queueWebhooks is the queue of outgoing webhook deliveries: their own, so that subscribers that
// are slow to answer hold none of the workers of imports and sweeps.
const queueWebhooks = "webhooks"

// webhookAttempts is how often a delivery is tried: with River's back-off (attempt⁴ seconds) the
// twelfth attempt comes about eleven hours after the first, so a subscriber down overnight still
// receives its events.
const webhookAttempts = 12

// A WebhookDeliverer makes one attempt at a webhook delivery (webhooks.Service); final says it is
// the last, so a failure is recorded as given up.
type WebhookDeliverer interface {
	Deliver(ctx context.Context, deliveryID int64, final bool) error
}

// DeliverWebhookArgs is the job that delivers one event to one subscriber.
type DeliverWebhookArgs struct {
	DeliveryID int64 `json:"delivery_id"`
}

// Kind names the job in River's table.
func (DeliverWebhookArgs) Kind() string { return "deliver_webhook" }

// InsertOpts puts deliveries in their own queue, tried up to webhookAttempts times.
func (DeliverWebhookArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueWebhooks, MaxAttempts: webhookAttempts}
}

type deliverWebhookWorker struct {
	river.WorkerDefaults[DeliverWebhookArgs]
	deliverer WebhookDeliverer
}

// Timeout is a little more than one attempt's HTTP timeout (webhooks.DeliveryTimeout) plus
// recording it.
func (w *deliverWebhookWorker) Timeout(*river.Job[DeliverWebhookArgs]) time.Duration {
	return 30 * time.Second
}

// Work makes one attempt; an error makes River try again after its back-off. Without a deliverer
// the job waits.
func (w *deliverWebhookWorker) Work(ctx context.Context, job *river.Job[DeliverWebhookArgs]) error {
	if w.deliverer == nil {
		return river.JobSnooze(time.Minute)
	}
	return w.deliverer.Deliver(ctx, job.Args.DeliveryID, job.Attempt >= job.MaxAttempts)
}

// DeliverWebhookTx enqueues webhook delivery id in tx (sqldb.WebhookQueue).
func (j *Jobs) DeliverWebhookTx(ctx context.Context, tx *sql.Tx, deliveryID int64) error {
	_, err := j.client.InsertTx(ctx, tx, DeliverWebhookArgs{DeliveryID: deliveryID}, nil)
	return err
}
