package govukpaysim

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
)

// The webhook event types the simulator sends, as GOV.UK Pay names them.
const (
	eventStarted   = "card_payment_started"
	eventSucceeded = "card_payment_succeeded"
	eventCaptured  = "card_payment_captured"
	eventFailed    = "card_payment_failed" // rejected (P0010), cancelled by the payer (P0030), provider error (P0050)
	eventExpired   = "card_payment_expired"
	eventRefunded  = "card_payment_refunded"
)

// A Webhook is one signed webhook message addressed to one of an account's callback URLs. Each URL
// gets its own Webhook with the same MessageID.
type Webhook struct {
	URL       string
	MessageID string // webhook_message_id, the same in every copy of the message
	EventType string
	PaymentID string
	// Body is sent exactly as it is: Signature is computed over these bytes.
	Body []byte
	// Signature is the Pay-Signature header: the lower-case hex HMAC-SHA256 of Body keyed with the
	// account's webhook signing secret.
	Signature string
}

// webhookBody is a webhook message as GOV.UK Pay sends it, with the payment as it stands after the
// event.
type webhookBody struct {
	WebhookMessageID string      `json:"webhook_message_id"`
	CreatedDate      string      `json:"created_date"`
	ResourceID       string      `json:"resource_id"`
	APIVersion       int         `json:"api_version"`
	ResourceType     string      `json:"resource_type"`
	EventType        string      `json:"event_type"`
	Resource         paymentJSON `json:"resource"`
}

// sign returns the Pay-Signature of a body.
func sign(body []byte, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// emit queues the webhook message of an event on a payment for each of its account's callback
// URLs, when the account subscribes to the event. The caller holds s.mu; unlock sends or holds
// what was queued.
func (s *Simulator) emit(p *payment, eventType string) {
	a := s.accounts[p.account]
	if len(a.WebhookURLs) == 0 || (len(a.WebhookEvents) > 0 && !slices.Contains(a.WebhookEvents, eventType)) {
		return
	}
	msg := webhookBody{
		WebhookMessageID: s.newID(),
		CreatedDate:      timestamp(s.opts.Clock.Now()),
		ResourceID:       p.id,
		APIVersion:       1,
		ResourceType:     "payment",
		EventType:        eventType,
		Resource:         s.paymentJSON(p),
	}
	body, err := json.Marshal(msg)
	if err != nil {
		panic("govukpaysim: a webhook message does not marshal: " + err.Error()) // its types always do
	}
	signature := sign(body, a.WebhookSecret)
	for _, u := range a.WebhookURLs {
		s.outbox = append(s.outbox, Webhook{
			URL: u, MessageID: msg.WebhookMessageID, EventType: eventType, PaymentID: p.id,
			Body: body, Signature: signature,
		})
	}
}

// unlock releases s.mu, then holds or sends the webhook messages queued while it was held. Every
// method that changes payments unlocks with it, so messages leave in the order of their events.
func (s *Simulator) unlock() {
	out := s.outbox
	s.outbox = nil
	if len(out) > 0 && s.opts.Webhooks.Hold {
		s.held = append(s.held, out...)
		out = nil
	}
	send := len(out) > 0 && !s.closed
	if send {
		s.inflight++
	}
	s.mu.Unlock()
	if send {
		go s.sendInBackground(out)
	}
}
