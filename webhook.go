package ims

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// WebhookEventType names something that happened in IMS that other systems may subscribe to
// (SPEC §11): the "type" of a webhook's payload.
type WebhookEventType string

// The events IMS sends.
const (
	EventPaymentSucceeded     WebhookEventType = "payment.succeeded"
	EventPaymentFailed        WebhookEventType = "payment.failed" // failed, cancelled or expired
	EventRefundSucceeded      WebhookEventType = "refund.succeeded"
	EventRefundFailed         WebhookEventType = "refund.failed"
	EventImportCompleted      WebhookEventType = "import.completed"
	EventCashReturnAuthorised WebhookEventType = "cash_return.authorised"
	EventExportBatchWritten   WebhookEventType = "export.batch_written"
)

// AllWebhookEventTypes returns every event type, in the order forms list them. The slice is new on
// each call.
func AllWebhookEventTypes() []WebhookEventType {
	return []WebhookEventType{EventPaymentSucceeded, EventPaymentFailed, EventRefundSucceeded, EventRefundFailed,
		EventImportCompleted, EventCashReturnAuthorised, EventExportBatchWritten}
}

// Valid reports whether t is one of AllWebhookEventTypes, spelled exactly.
func (t WebhookEventType) Valid() bool {
	for _, known := range AllWebhookEventTypes() {
		if t == known {
			return true
		}
	}
	return false
}

// A WebhookEvent is what a service hands to webhooks.Enqueue inside the transaction that records
// it: its type and the data subscribers receive (marshalled to JSON as the payload's "data").
type WebhookEvent struct {
	Type WebhookEventType
	Data any
}

// A WebhookSubscriber is a system that receives signed webhooks for the event types it chose.
type WebhookSubscriber struct {
	ID        int64              `json:"id"`
	Name      string             `json:"name"`
	URL       string             `json:"url"`
	Events    []WebhookEventType `json:"events"`
	Enabled   bool               `json:"enabled"`
	CreatedAt time.Time          `json:"created_at"`
	UpdatedAt time.Time          `json:"updated_at"`
}

// Wants reports whether the subscriber is enabled and subscribed to events of type t.
func (s WebhookSubscriber) Wants(t WebhookEventType) bool {
	if !s.Enabled {
		return false
	}
	for _, e := range s.Events {
		if e == t {
			return true
		}
	}
	return false
}

// Validate checks a subscriber's name, URL and event types, naming every problem.
func (s WebhookSubscriber) Validate() error {
	p := Problems{}
	switch name := strings.TrimSpace(s.Name); {
	case name == "":
		p.Add("name", "Enter a name for the subscriber")
	case len(name) > 100:
		p.Add("name", "Name must be 100 characters or fewer")
	}
	if msg := webhookURLProblem(s.URL); msg != "" {
		p.Add("url", "%s", msg)
	}
	if len(s.Events) == 0 {
		p.Add("events", "Choose at least one event")
	}
	for _, e := range s.Events {
		if !e.Valid() {
			p.Add("events", "%s is not an event type", strconv.Quote(string(e)))
		}
	}
	return p.Err("The webhook subscriber is not valid")
}

// webhookURLProblem says what is wrong with a subscriber's URL, or "". Deliveries carry payment
// data, so they travel over HTTPS; plain HTTP is allowed only to this machine (loopback), where a
// local relay or a test receiver listens and nothing crosses a network.
func webhookURLProblem(raw string) string {
	if strings.TrimSpace(raw) == "" {
		return "Enter the URL webhooks are sent to"
	}
	if len(raw) > 2000 {
		return "URL must be 2,000 characters or fewer"
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "Enter a full URL starting with https://, like https://finance.example.gov.uk/ims-events"
	}
	if u.User != nil {
		return "URL must not contain a user name or password; the signature proves the webhook comes from IMS"
	}
	if u.Fragment != "" {
		return "URL must not contain a fragment (#…)"
	}
	if u.Scheme == "http" && !loopbackHost(u.Hostname()) {
		return "URL must start with https:// (plain http:// is allowed only to localhost)"
	}
	return ""
}

// loopbackHost reports whether host names this machine.
func loopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// The states of a webhook delivery: waiting for (another) attempt, received by the subscriber
// (a 2xx answer), or given up after the last attempt (a person may send it again).
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed"
)

// A WebhookDelivery is one event on its way to one subscriber, with the outcome of its latest
// attempt.
type WebhookDelivery struct {
	ID             int64            `json:"id"`
	EventID        string           `json:"event_id"`
	EventType      WebhookEventType `json:"event_type"`
	SubscriberID   int64            `json:"subscriber_id"`
	SubscriberName string           `json:"subscriber_name"`
	State          string           `json:"state"`
	Attempts       int              `json:"attempts"`
	LastStatus     int              `json:"last_status,omitempty"` // the HTTP status of the latest attempt, 0 when none came
	LastError      string           `json:"last_error,omitempty"`
	Payload        string           `json:"-"` // the exact body sent, the same bytes every attempt
	CreatedAt      time.Time        `json:"created_at"`
	DeliveredAt    *time.Time       `json:"delivered_at,omitempty"`
}

// A WebhookAttempt is one try at a delivery: the delivery log.
type WebhookAttempt struct {
	Attempt    int           `json:"attempt"`
	At         time.Time     `json:"at"`
	StatusCode int           `json:"status_code,omitempty"` // 0: no answer (refused, timed out)
	Error      string        `json:"error,omitempty"`
	Duration   time.Duration `json:"-"`
}

// The headers of a delivery. The signature is "v1=" and the hex HMAC-SHA256, keyed with the
// subscriber's secret, of the timestamp (Unix seconds), a full stop and the body.
const (
	WebhookIDHeader        = "IMS-Webhook-Id"
	WebhookTimestampHeader = "IMS-Webhook-Timestamp"
	WebhookSignatureHeader = "IMS-Webhook-Signature"
)

// WebhookReplayWindow is how far a delivery's timestamp may be from the receiver's clock before it
// refuses it: a captured delivery replayed later fails, since changing the timestamp breaks the
// signature.
const WebhookReplayWindow = 5 * time.Minute

// SignWebhook returns the signature header value of body sent at timestamp (Unix seconds).
func SignWebhook(secret string, timestamp int64, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(timestamp, 10)))
	mac.Write([]byte("."))
	mac.Write(body)
	return "v1=" + hex.EncodeToString(mac.Sum(nil))
}

// VerifyWebhook checks a delivery as a receiver should (docs/webhooks.md): the timestamp header
// within window of now, and one of the signature header's comma-separated values equal, in
// constant time, to the signature of the timestamp and body.
func VerifyWebhook(secret, timestamp, signature string, body []byte, now time.Time, window time.Duration) error {
	ts, err := strconv.ParseInt(strings.TrimSpace(timestamp), 10, 64)
	if err != nil {
		return Errorf(Unauthorized, "The webhook timestamp %s is not a number of seconds", strconv.Quote(timestamp))
	}
	if d := now.Sub(time.Unix(ts, 0)); d > window || d < -window {
		return Errorf(Unauthorized, "The webhook timestamp is %s from now, outside the replay window", d.Round(time.Second))
	}
	want := []byte(SignWebhook(secret, ts, body))
	for _, got := range strings.Split(signature, ",") {
		if hmac.Equal([]byte(strings.TrimSpace(got)), want) {
			return nil
		}
	}
	return Errorf(Unauthorized, "The webhook signature does not match its body")
}
