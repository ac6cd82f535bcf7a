package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/ims-council/ims"
)

// InsertWebhookEvent stores an event's payload (the exact body subscribers receive) and returns
// its row id.
func (tx *Tx) InsertWebhookEvent(ctx context.Context, publicID string, t ims.WebhookEventType, payload []byte, at time.Time) (id int64, err error) {
	err = tx.QueryRowContext(ctx, `INSERT INTO webhook_events (public_id, type, payload, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		publicID, string(t), string(payload), at).Scan(&id)
	return id, err
}

// InsertWebhookDelivery records that event eventID is to be delivered to a subscriber, and
// enqueues the delivery (see QueueWebhookDelivery). It returns the delivery's id.
func (tx *Tx) InsertWebhookDelivery(ctx context.Context, eventID, subscriberID int64) (id int64, err error) {
	err = tx.QueryRowContext(ctx, `INSERT INTO webhook_deliveries (event_id, subscriber_id, state, created_at)
		VALUES ($1, $2, 'pending', $3) RETURNING id`, eventID, subscriberID, tx.owner.now()).Scan(&id)
	if err != nil {
		return 0, err
	}
	return id, tx.QueueWebhookDelivery(ctx, id)
}

// QueueWebhookDelivery enqueues delivery id in tx when the database has a queue that delivers
// webhooks; without one (a command that runs no jobs) the delivery waits, pending, for a re-send.
func (tx *Tx) QueueWebhookDelivery(ctx context.Context, id int64) error {
	if q, ok := tx.owner.Jobs.(WebhookQueue); ok {
		sqlTx, err := tx.sqlTxNow(ctx)
		if err != nil {
			return err
		}
		return q.DeliverWebhookTx(ctx, sqlTx, id)
	}
	return nil
}

// ResetWebhookDelivery makes a delivery pending again, for a re-send, and reports whether it exists.
func (tx *Tx) ResetWebhookDelivery(ctx context.Context, id int64) (found bool, err error) {
	res, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET state = 'pending' WHERE id = $1`, id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

const webhookDeliveryQuery = `SELECT d.id, e.public_id, e.type, d.subscriber_id, s.name, d.state, d.attempts, d.last_status,
	d.last_error, e.payload, d.created_at, d.delivered_at
	FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id JOIN webhook_subscribers s ON s.id = d.subscriber_id`

func scanWebhookDelivery(row interface{ Scan(...any) error }) (d ims.WebhookDelivery, err error) {
	var delivered sql.NullTime
	err = row.Scan(&d.ID, &d.EventID, &d.EventType, &d.SubscriberID, &d.SubscriberName, &d.State, &d.Attempts, &d.LastStatus,
		&d.LastError, &d.Payload, &d.CreatedAt, &delivered)
	if delivered.Valid {
		d.DeliveredAt = &delivered.Time
	}
	return d, err
}

// WebhookDelivery returns delivery id with its event's payload.
func (db *DB) WebhookDelivery(ctx context.Context, id int64) (d ims.WebhookDelivery, found bool, err error) {
	d, err = scanWebhookDelivery(db.SQL.QueryRowContext(ctx, webhookDeliveryQuery+` WHERE d.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return d, false, nil
	}
	return d, err == nil, db.classify(err)
}

// WebhookDeliveries returns the latest limit deliveries to a subscriber (every subscriber when
// subscriberID is 0), newest first.
func (db *DB) WebhookDeliveries(ctx context.Context, subscriberID int64, limit int) ([]ims.WebhookDelivery, error) {
	rows, err := db.SQL.QueryContext(ctx, webhookDeliveryQuery+` WHERE ($1 = 0 OR d.subscriber_id = $1) ORDER BY d.id DESC LIMIT $2`,
		subscriberID, limit)
	if err != nil {
		return nil, db.classify(err)
	}
	defer rows.Close()
	var out []ims.WebhookDelivery
	for rows.Next() {
		d, err := scanWebhookDelivery(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// WebhookTarget returns where delivery id goes: the subscriber's URL and its decrypted secret, and
// whether the subscriber is still enabled.
func (db *DB) WebhookTarget(ctx context.Context, deliveryID int64) (url, secret string, enabled bool, err error) {
	var subscriberID int64
	var sealed string
	err = db.SQL.QueryRowContext(ctx, `SELECT s.id, s.url, s.secret_sealed, s.enabled FROM webhook_deliveries d
		JOIN webhook_subscribers s ON s.id = d.subscriber_id WHERE d.id = $1`, deliveryID).Scan(&subscriberID, &url, &sealed, &enabled)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", false, ims.Errorf(ims.NotFound, "There is no webhook delivery %d", deliveryID)
	}
	if err != nil {
		return "", "", false, db.classify(err)
	}
	if db.Secrets == nil {
		return "", "", false, ims.Errorf(ims.Unavailable, "IMS_SECRET_KEY is not set, so webhook secrets cannot be read")
	}
	b, err := db.Secrets.Open(sealed, webhookSecretContext(subscriberID))
	return url, string(b), enabled, err
}

// RecordWebhookAttempt adds an attempt to a delivery's log and sets the delivery's state (pending
// while attempts remain, delivered or failed) and latest outcome.
func (tx *Tx) RecordWebhookAttempt(ctx context.Context, deliveryID int64, a ims.WebhookAttempt, state string) error {
	var attempts int
	if err := tx.QueryRowContext(ctx, `UPDATE webhook_deliveries SET attempts = attempts + 1, state = $1, last_status = $2,
		last_error = $3, delivered_at = CASE WHEN $1 = 'delivered' THEN $4 ELSE delivered_at END WHERE id = $5 RETURNING attempts`,
		state, a.StatusCode, a.Error, a.At, deliveryID).Scan(&attempts); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO webhook_attempts (delivery_id, attempt, tried_at, status_code, error, duration_ms)
		VALUES ($1, $2, $3, $4, $5, $6)`, deliveryID, attempts, a.At, a.StatusCode, a.Error, a.Duration.Milliseconds())
	return err
}

// WebhookAttempts returns a delivery's log, oldest attempt first.
func (db *DB) WebhookAttempts(ctx context.Context, deliveryID int64) ([]ims.WebhookAttempt, error) {
	rows, err := db.SQL.QueryContext(ctx, `SELECT attempt, tried_at, status_code, error, duration_ms FROM webhook_attempts
		WHERE delivery_id = $1 ORDER BY attempt`, deliveryID)
	if err != nil {
		return nil, db.classify(err)
	}
	defer rows.Close()
	var out []ims.WebhookAttempt
	for rows.Next() {
		var a ims.WebhookAttempt
		var ms int64
		if err := rows.Scan(&a.Attempt, &a.At, &a.StatusCode, &a.Error, &ms); err != nil {
			return nil, err
		}
		a.Duration = time.Duration(ms) * time.Millisecond
		out = append(out, a)
	}
	return out, rows.Err()
}
