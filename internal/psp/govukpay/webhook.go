package govukpay

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp"
)

// SignatureHeader is the header carrying a webhook's signature.
const SignatureHeader = "Pay-Signature"

// webhookMessage is the envelope of a GOV.UK Pay webhook.
type webhookMessage struct {
	WebhookMessageID string          `json:"webhook_message_id"`
	CreatedDate      string          `json:"created_date"`
	ResourceID       string          `json:"resource_id"`
	ResourceType     string          `json:"resource_type"`
	EventType        string          `json:"event_type"`
	Resource         json.RawMessage `json:"resource"`
}

// ParseWebhook checks that signature (the Pay-Signature header) is the hex HMAC-SHA256 of body
// under the webhook secret, then parses the message. A wrong or malformed signature is
// Unauthorized; a signed body that is not a webhook message is Invalid; a client without a
// webhook secret refuses every message (Internal: the account is not set up for webhooks).
// Event types IMS does not know are returned, with Type saying which, for the caller to ignore.
func (c *Client) ParseWebhook(body []byte, signature string) (_ psp.Event, err error) {
	defer ims.Wrap(&err, "govukpay.ParseWebhook")
	if len(c.secret) == 0 {
		return psp.Event{}, &ims.Error{Code: ims.Internal, Message: "no GOV.UK Pay webhook secret is configured"}
	}
	if !c.validSignature(body, signature) {
		return psp.Event{}, &ims.Error{Code: ims.Unauthorized, Message: "the webhook's " + SignatureHeader + " does not match its body"}
	}
	return parseWebhook(body)
}

// validSignature compares in constant time, so the time taken says nothing about how much of a
// forged signature was right. Only the exact 64 hex digits are accepted (in either case).
func (c *Client) validSignature(body []byte, signature string) bool {
	if len(signature) != 2*sha256.Size {
		return false
	}
	got, err := hex.DecodeString(signature)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, c.secret)
	mac.Write(body)
	return hmac.Equal(got, mac.Sum(nil))
}

// parseWebhook reads a verified message. It refuses one that lacks what IMS needs to act on it
// exactly once: the message id (to recognise repeats), the event type, the time and the resource.
func parseWebhook(body []byte) (psp.Event, error) {
	var m webhookMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return psp.Event{}, malformed("it is not a JSON object")
	}
	p := ims.Problems{}
	if m.WebhookMessageID == "" {
		p.Add("webhook_message_id", "is required")
	}
	if m.EventType == "" {
		p.Add("event_type", "is required")
	}
	if m.ResourceID == "" {
		p.Add("resource_id", "is required")
	}
	created, err := time.Parse(time.RFC3339Nano, m.CreatedDate)
	if err != nil {
		p.Add("created_date", "must be a date and time such as 2026-01-21T17:15:00.000Z")
	}
	if err := p.Err("The webhook message is incomplete."); err != nil {
		return psp.Event{}, err
	}
	ev := psp.Event{ID: m.WebhookMessageID, Type: m.EventType, CreatedAt: created}
	if m.ResourceType != "payment" {
		// Nothing else is documented yet; the caller sees the type and may ignore it.
		return ev, nil
	}
	ev.PaymentID = m.ResourceID
	if len(m.Resource) == 0 || string(m.Resource) == "null" {
		return psp.Event{}, malformed("the payment event carries no resource")
	}
	pay, err := parsePayment(m.Resource)
	if err != nil {
		return psp.Event{}, malformed("its payment cannot be read: " + ims.ErrorMessage(err))
	}
	if pay.ID != m.ResourceID {
		return psp.Event{}, malformed("its resource is payment " + clip(pay.ID) + ", not " + clip(m.ResourceID))
	}
	ev.Payment = &pay
	return ev, nil
}

func malformed(why string) error {
	return &ims.Error{Code: ims.Invalid, Message: "the webhook message is not one GOV.UK Pay sends: " + why}
}
