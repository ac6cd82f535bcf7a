package ims

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestWebhookSubscriberValidate(t *testing.T) {
	ok := WebhookSubscriber{Name: "Rents", URL: "https://rents.example.gov.uk/ims", Events: []WebhookEventType{EventPaymentSucceeded}, Enabled: true}
	for _, tc := range []struct {
		name   string
		change func(*WebhookSubscriber)
		field  string // "" when valid
		says   string
	}{
		{"https", func(*WebhookSubscriber) {}, "", ""},
		{"http to localhost", func(s *WebhookSubscriber) { s.URL = "http://localhost:8081/hook" }, "", ""},
		{"http to loopback address", func(s *WebhookSubscriber) { s.URL = "http://127.0.0.1:9000/" }, "", ""},
		{"http elsewhere", func(s *WebhookSubscriber) { s.URL = "http://rents.example.gov.uk/ims" }, "url", "https://"},
		{"no scheme", func(s *WebhookSubscriber) { s.URL = "rents.example.gov.uk/ims" }, "url", "full URL"},
		{"ftp", func(s *WebhookSubscriber) { s.URL = "ftp://rents.example.gov.uk/" }, "url", "full URL"},
		{"password in URL", func(s *WebhookSubscriber) { s.URL = "https://u:p@rents.example.gov.uk/" }, "url", "password"},
		{"empty URL", func(s *WebhookSubscriber) { s.URL = "" }, "url", "Enter the URL"},
		{"no name", func(s *WebhookSubscriber) { s.Name = " " }, "name", "Enter a name"},
		{"no events", func(s *WebhookSubscriber) { s.Events = nil }, "events", "at least one"},
		{"unknown event", func(s *WebhookSubscriber) { s.Events = []WebhookEventType{"payment.done"} }, "events", `"payment.done"`},
	} {
		s := ok
		tc.change(&s)
		err := s.Validate()
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s: Validate() = %v; want nil", tc.name, err)
			}
			continue
		}
		if msg := ErrorFields(err)[tc.field]; !strings.Contains(msg, tc.says) {
			t.Errorf("%s: %s problem = %q; want one saying %q", tc.name, tc.field, msg, tc.says)
		}
	}
}

func TestWantsOnlyChosenEventsWhenEnabled(t *testing.T) {
	s := WebhookSubscriber{Events: []WebhookEventType{EventRefundFailed}, Enabled: true}
	if !s.Wants(EventRefundFailed) || s.Wants(EventRefundSucceeded) {
		t.Error("an enabled subscriber wants exactly its events")
	}
	s.Enabled = false
	if s.Wants(EventRefundFailed) {
		t.Error("a disabled subscriber wants events")
	}
}

func TestVerifyWebhook(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	body := []byte(`{"id":"evt_1","type":"payment.succeeded"}`)
	ts := strconv.FormatInt(now.Unix(), 10)
	sig := SignWebhook("whsec_a", now.Unix(), body)
	for _, tc := range []struct {
		name           string
		secret, ts, sg string
		body           []byte
		at             time.Time
		ok             bool
	}{
		{"as sent", "whsec_a", ts, sig, body, now, true},
		{"among several signatures", "whsec_a", ts, "v1=00," + sig, body, now, true},
		{"four minutes late", "whsec_a", ts, sig, body, now.Add(4 * time.Minute), true},
		{"replayed an hour later", "whsec_a", ts, sig, body, now.Add(time.Hour), false},
		{"timestamp moved forward", "whsec_a", strconv.FormatInt(now.Unix()+3600, 10), sig, body, now.Add(time.Hour), false},
		{"body changed", "whsec_a", ts, sig, []byte(`{"id":"evt_2"}`), now, false},
		{"other secret", "whsec_b", ts, sig, body, now, false},
		{"timestamp not a number", "whsec_a", "yesterday", sig, body, now, false},
	} {
		err := VerifyWebhook(tc.secret, tc.ts, tc.sg, tc.body, tc.at, WebhookReplayWindow)
		if (err == nil) != tc.ok {
			t.Errorf("%s: VerifyWebhook = %v; want ok %v", tc.name, err, tc.ok)
		}
	}
	// The signature is HMAC-SHA256 of "timestamp.body", as docs/webhooks.md tells receivers.
	// Computed independently: printf 1.x | openssl dgst -sha256 -hmac key
	if got, want := SignWebhook("key", 1, []byte("x")), "v1=fc4913c41a7bf793267e2a384f3261c9436ec2cd097bd745e7b0d99113f510ec"; got != want {
		t.Errorf("SignWebhook = %q; want %q", got, want)
	}
}
