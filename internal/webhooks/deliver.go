package webhooks

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// maxErrorBody is how much of a refusing subscriber's answer is kept in the log: enough to read
// its reason, never a whole page.
const maxErrorBody = 300

// Deliver makes one attempt at delivery id (the job's work): it signs the event's body with the
// subscriber's secret and the current time, posts it, and logs the attempt. A 2xx answer delivers
// it. Anything else is returned as an error so the job is tried again later, unless final says
// this was the last attempt, when the delivery is marked failed for a person to re-send. A
// delivery already delivered, or to a subscriber since disabled, is not sent.
func (s *Service) Deliver(ctx context.Context, id int64, final bool) (err error) {
	defer ims.Wrap(&err, "webhooks.Deliver(%d)", id)
	d, found, err := s.DB.WebhookDelivery(ctx, id)
	if err != nil {
		return err
	}
	if !found || d.State == ims.DeliveryDelivered {
		return nil
	}
	url, secret, enabled, err := s.DB.WebhookTarget(ctx, id)
	if err != nil {
		return err
	}
	if !enabled {
		return s.record(ctx, id, ims.WebhookAttempt{At: s.DB.Now(), Error: "Not sent: the subscriber is disabled"}, ims.DeliveryFailed)
	}
	a := s.post(ctx, d, url, secret)
	state := ims.DeliveryPending
	switch {
	case a.Error == "":
		state = ims.DeliveryDelivered
	case final:
		state = ims.DeliveryFailed
	}
	if err := s.record(ctx, id, a, state); err != nil {
		return err
	}
	if a.Error != "" {
		s.Log.WarnContext(ctx, "webhook not delivered", "delivery", id, "event", d.EventID, "subscriber", d.SubscriberID,
			"status", a.StatusCode, "err", a.Error, "final", final)
		return fmt.Errorf("delivery %d to subscriber %d: %s", id, d.SubscriberID, a.Error)
	}
	return nil
}

// post sends the delivery once and describes the attempt; Error is empty when it was delivered.
func (s *Service) post(ctx context.Context, d ims.WebhookDelivery, url, secret string) ims.WebhookAttempt {
	start := s.DB.Now()
	a := ims.WebhookAttempt{At: start}
	body := []byte(d.Payload)
	ctx, cancel := context.WithTimeout(ctx, DeliveryTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		a.Error = err.Error()
		return a
	}
	ts := start.Unix()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "IMS-Webhooks/1")
	req.Header.Set(ims.WebhookIDHeader, d.EventID)
	req.Header.Set(ims.WebhookTimestampHeader, strconv.FormatInt(ts, 10))
	req.Header.Set(ims.WebhookSignatureHeader, ims.SignWebhook(secret, ts, body))
	began := time.Now()
	resp, err := s.Client.Do(req)
	a.Duration = time.Since(began)
	if err != nil {
		a.Error = err.Error()
		return a
	}
	defer resp.Body.Close()
	a.StatusCode = resp.StatusCode
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		a.Error = fmt.Sprintf("The subscriber answered %s", resp.Status)
		if len(bytes.TrimSpace(answer)) > 0 {
			a.Error += ": " + string(bytes.ToValidUTF8(bytes.TrimSpace(answer), []byte("?")))
		}
	}
	return a
}

// record logs an attempt and sets the delivery's state. It is not audited: it is IMS's own work,
// kept in the delivery log.
func (s *Service) record(ctx context.Context, id int64, a ims.WebhookAttempt, state string) error {
	return s.DB.InTxWithoutChains(context.WithoutCancel(ctx), func(tx *sqldb.Tx) error {
		return tx.RecordWebhookAttempt(ctx, id, a, state)
	})
}

// Resend queues delivery id again, for a person who has fixed the subscriber: the same event id
// and body, signed afresh at each attempt. A delivery still waiting for its next attempt is left
// as it is.
func (s *Service) Resend(ctx context.Context, p ims.Principal, id int64) (err error) {
	defer ims.Wrap(&err, "webhooks.Resend(%d)", id)
	if err := require(p); err != nil {
		return err
	}
	d, found, err := s.DB.WebhookDelivery(ctx, id)
	if err != nil {
		return err
	}
	if !found {
		return ims.Errorf(ims.NotFound, "There is no webhook delivery %d", id)
	}
	if d.State == ims.DeliveryPending {
		return ims.Errorf(ims.Conflict, "Delivery %d is already waiting to be sent; it will be tried again on its own", id)
	}
	return s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.ResetWebhookDelivery(ctx, id); err != nil {
			return err
		}
		if err := tx.QueueWebhookDelivery(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, p, "resend", "webhook_delivery", fmt.Sprint(id), map[string]string{"state": d.State},
			map[string]string{"state": ims.DeliveryPending, "event_id": d.EventID})
	})
}

// Deliveries returns the latest deliveries to subscriber id (every subscriber when 0), newest first.
func (s *Service) Deliveries(ctx context.Context, p ims.Principal, subscriberID int64, limit int) (_ []ims.WebhookDelivery, err error) {
	defer ims.Wrap(&err, "webhooks.Deliveries(%d)", subscriberID)
	if err := require(p); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	return s.DB.WebhookDeliveries(ctx, subscriberID, limit)
}

// Delivery returns delivery id with its log, oldest attempt first.
func (s *Service) Delivery(ctx context.Context, p ims.Principal, id int64) (_ ims.WebhookDelivery, _ []ims.WebhookAttempt, err error) {
	defer ims.Wrap(&err, "webhooks.Delivery(%d)", id)
	if err := require(p); err != nil {
		return ims.WebhookDelivery{}, nil, err
	}
	d, found, err := s.DB.WebhookDelivery(ctx, id)
	if err != nil {
		return d, nil, err
	}
	if !found {
		return d, nil, ims.Errorf(ims.NotFound, "There is no webhook delivery %d", id)
	}
	log, err := s.DB.WebhookAttempts(ctx, id)
	return d, log, err
}
