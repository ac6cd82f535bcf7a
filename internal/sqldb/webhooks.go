package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/ims-council/ims"
)

// WebhookQueue is the part of a JobQueue that delivers outgoing webhooks: each delivery is a job
// enqueued in the transaction that records its event, so a rolled-back payment sends nothing and
// a committed one cannot lose its webhook to a crash.
type WebhookQueue interface {
	// DeliverWebhookTx enqueues the delivery id in tx.
	DeliverWebhookTx(ctx context.Context, tx *sql.Tx, deliveryID int64) error
}

// webhookSecretContext binds a sealed secret to its subscriber, so a sealed value copied to
// another row does not open there.
func webhookSecretContext(id int64) string { return fmt.Sprintf("webhook_subscriber:%d:secret", id) }

const webhookSubscriberColumns = `id, name, url, events, enabled, created_at, updated_at`

func scanWebhookSubscriber(row interface{ Scan(...any) error }) (s ims.WebhookSubscriber, err error) {
	var events string
	err = row.Scan(&s.ID, &s.Name, &s.URL, &events, &s.Enabled, &s.CreatedAt, &s.UpdatedAt)
	for _, e := range strings.Split(events, ",") {
		if e != "" {
			s.Events = append(s.Events, ims.WebhookEventType(e))
		}
	}
	return s, err
}

func joinEvents(events []ims.WebhookEventType) string {
	names := make([]string, len(events))
	for i, e := range events {
		names[i] = string(e)
	}
	return strings.Join(names, ",")
}

// InsertWebhookSubscriber stores a new subscriber with its secret sealed, and returns its id.
func (tx *Tx) InsertWebhookSubscriber(ctx context.Context, s ims.WebhookSubscriber, secret string) (id int64, err error) {
	if tx.owner.Secrets == nil {
		return 0, ims.Errorf(ims.Unavailable, "Set IMS_SECRET_KEY before adding webhook subscribers: their secrets are stored encrypted")
	}
	now := tx.owner.now()
	err = tx.QueryRowContext(ctx, `INSERT INTO webhook_subscribers (name, url, events, secret_sealed, enabled, created_at, updated_at)
		VALUES ($1, $2, $3, '', $4, $5, $5) RETURNING id`, s.Name, s.URL, joinEvents(s.Events), s.Enabled, now).Scan(&id)
	if err != nil {
		return 0, err
	}
	return id, tx.SetWebhookSecret(ctx, id, secret)
}

// SetWebhookSecret seals and stores a subscriber's new secret.
func (tx *Tx) SetWebhookSecret(ctx context.Context, id int64, secret string) error {
	if tx.owner.Secrets == nil {
		return ims.Errorf(ims.Unavailable, "Set IMS_SECRET_KEY before changing webhook secrets: they are stored encrypted")
	}
	sealed, err := tx.owner.Secrets.Seal([]byte(secret), webhookSecretContext(id))
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE webhook_subscribers SET secret_sealed = $1, updated_at = $2 WHERE id = $3`,
		sealed, tx.owner.now(), id)
	return err
}

// UpdateWebhookSubscriber stores a subscriber's name, URL, event types and whether it is enabled,
// and reports whether it exists.
func (tx *Tx) UpdateWebhookSubscriber(ctx context.Context, s ims.WebhookSubscriber) (found bool, err error) {
	res, err := tx.ExecContext(ctx, `UPDATE webhook_subscribers SET name = $1, url = $2, events = $3, enabled = $4, updated_at = $5
		WHERE id = $6`, s.Name, s.URL, joinEvents(s.Events), s.Enabled, tx.owner.now(), s.ID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// WebhookSubscriber returns subscriber id as tx sees it.
func (tx *Tx) WebhookSubscriber(ctx context.Context, id int64) (s ims.WebhookSubscriber, found bool, err error) {
	s, err = scanWebhookSubscriber(tx.QueryRowContext(ctx, `SELECT `+webhookSubscriberColumns+` FROM webhook_subscribers WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, false, nil
	}
	return s, err == nil, err
}

// WebhookSubscriber returns subscriber id.
func (db *DB) WebhookSubscriber(ctx context.Context, id int64) (s ims.WebhookSubscriber, found bool, err error) {
	s, err = scanWebhookSubscriber(db.SQL.QueryRowContext(ctx, `SELECT `+webhookSubscriberColumns+` FROM webhook_subscribers WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, false, nil
	}
	return s, err == nil, db.classify(err)
}

// WebhookSubscribers returns every subscriber, by name.
func (db *DB) WebhookSubscribers(ctx context.Context) ([]ims.WebhookSubscriber, error) {
	rows, err := db.SQL.QueryContext(ctx, `SELECT `+webhookSubscriberColumns+` FROM webhook_subscribers ORDER BY name, id`)
	if err != nil {
		return nil, db.classify(err)
	}
	return collectWebhookSubscribers(rows)
}

// EnabledWebhookSubscribers returns the enabled subscribers as tx sees them: those an event may go to.
// In a ledger batch they come from the writer's cache while the reference data version stays the
// same (migration 00033): every card payment's outcome asks, inside the batch that holds the chain heads.
func (tx *Tx) EnabledWebhookSubscribers(ctx context.Context) ([]ims.WebhookSubscriber, error) {
	if tx.subs != nil && tx.subs.read {
		return cloneSubscribers(tx.subs.subs), nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+webhookSubscriberColumns+` FROM webhook_subscribers WHERE enabled ORDER BY id`)
	if err != nil {
		return nil, err
	}
	subs, err := collectWebhookSubscribers(rows)
	if err == nil && tx.subs != nil {
		tx.subs.subs, tx.subs.read = cloneSubscribers(subs), true
	}
	return subs, err
}

// cloneSubscribers copies subscribers, so that what one caller is given no other caller shares.
func cloneSubscribers(subs []ims.WebhookSubscriber) []ims.WebhookSubscriber {
	out := slices.Clone(subs)
	for i := range out {
		out[i].Events = slices.Clone(out[i].Events)
	}
	return out
}

func collectWebhookSubscribers(rows *sql.Rows) ([]ims.WebhookSubscriber, error) {
	defer rows.Close()
	var out []ims.WebhookSubscriber
	for rows.Next() {
		s, err := scanWebhookSubscriber(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
