package govukpaysim

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"
)

// A Delivery is one attempt to send a webhook message, for tests to inspect.
type Delivery struct {
	MessageID string
	EventType string
	URL       string
	Attempt   int       // 1 for the first try of each send
	Status    int       // the callback URL's HTTP status; 0 when it did not answer
	Err       string    // why it did not answer; "" when it did
	At        time.Time // the simulator's clock when the attempt was made
}

// maxDeliveries is how many delivery attempts Deliveries remembers, so that a simulator running for
// weeks in a demo does not grow without end.
const maxDeliveries = 1000

// Deliveries returns the webhook delivery attempts so far, oldest first: the last 1000.
func (s *Simulator) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.deliveries)
}

// TakeWebhooks removes the held webhook messages (WebhookPolicy.Hold) from the queue and returns
// them, oldest first, for the test to send in whatever order and as often as it likes with
// DeliverWebhook.
func (s *Simulator) TakeWebhooks() []Webhook {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.held
	s.held = nil
	return out
}

// FlushWebhooks sends the held webhook messages and empties the queue: oldest first, or newest first
// under WebhookPolicy.Reverse, each sent 1+Duplicate times, with retries. It returns after the last
// one, with the errors of those that were never accepted.
func (s *Simulator) FlushWebhooks(ctx context.Context) error {
	out := s.TakeWebhooks()
	if s.opts.Webhooks.Reverse {
		slices.Reverse(out)
	}
	var errs []error
	for _, w := range out {
		for range 1 + s.opts.Webhooks.Duplicate {
			errs = append(errs, s.DeliverWebhook(ctx, w))
		}
	}
	return errors.Join(errs...)
}

// DeliverWebhook sends one message to its URL once, trying again with back-off until the URL
// answers 2xx or the policy's attempts run out, and returns the last failure.
func (s *Simulator) DeliverWebhook(ctx context.Context, w Webhook) error {
	attempts := s.opts.Webhooks.Attempts
	if attempts <= 0 {
		attempts = defaultAttempts
	}
	backoff := s.opts.Webhooks.Backoff
	if backoff <= 0 {
		backoff = defaultBackoff
	}
	var err error
	for attempt := 1; ; attempt++ {
		if err = s.post(ctx, w, attempt); err == nil || attempt == attempts {
			return err
		}
		if !sleep(ctx, backoff) {
			return errors.Join(err, ctx.Err())
		}
		backoff = min(2*backoff, maxBackoff)
	}
}

// WaitWebhooks waits until every message sent in the background so far has been delivered or
// given up.
func (s *Simulator) WaitWebhooks() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.inflight > 0 {
		s.idle.Wait()
	}
}

// sendInBackground sends the messages of one change of state, in order, after the policy's delay.
func (s *Simulator) sendInBackground(out []Webhook) {
	defer func() {
		s.mu.Lock()
		s.inflight--
		if s.inflight == 0 {
			s.idle.Broadcast()
		}
		s.mu.Unlock()
	}()
	if !sleep(s.ctx, s.opts.Webhooks.Delay) {
		return
	}
	for _, w := range out {
		for range 1 + s.opts.Webhooks.Duplicate {
			// A message given up is in Deliveries, where a test sees it; GOV.UK Pay gives up too.
			_ = s.DeliverWebhook(s.ctx, w)
		}
	}
}

// post makes one attempt to send a message and records it.
func (s *Simulator) post(ctx context.Context, w Webhook, attempt int) error {
	d := Delivery{MessageID: w.MessageID, EventType: w.EventType, URL: w.URL, Attempt: attempt, At: s.opts.Clock.Now()}
	err := func() error {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(w.Body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Pay-Signature", w.Signature)
		res, err := s.opts.HTTPClient.Do(req)
		if err != nil {
			return err
		}
		defer res.Body.Close()
		_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10)) // so the connection is reused
		d.Status = res.StatusCode
		if res.StatusCode < 200 || res.StatusCode > 299 {
			return fmt.Errorf("govukpaysim: webhook %s to %s: status %d", w.MessageID, w.URL, res.StatusCode)
		}
		return nil
	}()
	if err != nil && d.Status == 0 {
		d.Err = err.Error()
	}
	s.mu.Lock()
	if len(s.deliveries) == maxDeliveries {
		s.deliveries = slices.Delete(s.deliveries, 0, 1)
	}
	s.deliveries = append(s.deliveries, d)
	s.mu.Unlock()
	return err
}

// sleep waits for d, or until ctx ends, and reports whether it waited the whole time.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
