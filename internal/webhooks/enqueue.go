package webhooks

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// A Payload is the JSON body of every delivery: the event's id (the same for every subscriber
// and every attempt, so a receiver can ignore one it has seen), its type, when it happened, and
// its data.
type Payload struct {
	ID      string               `json:"id"`
	Type    ims.WebhookEventType `json:"type"`
	Created time.Time            `json:"created"`
	Data    json.RawMessage      `json:"data"`
}

// Enqueue records event e in tx, the transaction of the change it reports, for every enabled
// subscriber that wants its type: the event's body is stored once and each subscriber gets a
// delivery whose job is enqueued in tx. A rolled-back change therefore sends nothing, and a
// committed one cannot lose its webhooks. With no such subscriber it writes nothing. It makes no
// network call: delivery is the job's.
func Enqueue(ctx context.Context, tx *sqldb.Tx, e ims.WebhookEvent) (err error) {
	defer ims.Wrap(&err, "webhooks.Enqueue(%s)", e.Type)
	if !e.Type.Valid() {
		return fmt.Errorf("%q is not a webhook event type", e.Type)
	}
	subs, err := tx.EnabledWebhookSubscribers(ctx)
	if err != nil {
		return err
	}
	var wanting []ims.WebhookSubscriber
	for _, s := range subs {
		if s.Wants(e.Type) {
			wanting = append(wanting, s)
		}
	}
	if len(wanting) == 0 {
		return nil
	}
	data, err := json.Marshal(e.Data)
	if err != nil {
		return err
	}
	id, err := eventID()
	if err != nil {
		return err
	}
	now := tx.Now()
	body, err := json.Marshal(Payload{ID: id, Type: e.Type, Created: now, Data: data})
	if err != nil {
		return err
	}
	eventRow, err := tx.InsertWebhookEvent(ctx, id, e.Type, body, now)
	if err != nil {
		return err
	}
	for _, s := range wanting {
		if _, err := tx.InsertWebhookDelivery(ctx, eventRow, s.ID); err != nil {
			return err
		}
	}
	return nil
}

// eventID returns a new event id, unguessable so that one cannot be forged into a receiver's list
// of events seen.
func eventID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return "evt_" + hex.EncodeToString(b), nil
}
