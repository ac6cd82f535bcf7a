package govukpay

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp"
)

const testSecret = "webhook_live_5ecret"

// A webhook message as GOV.UK Pay documents them: an envelope around the payment's API view.
const succeededWebhook = `{
  "webhook_message_id": "s5tlidbkoscd0gk5ueg3guqk3f",
  "created_date": "2026-03-02T10:36:26.988Z",
  "resource_id": "hu20sqlact5260q2nanm0q8u93",
  "api_version": 1,
  "resource_type": "payment",
  "event_type": "card_payment_succeeded",
  "resource": {
    "amount": 4200,
    "description": "Council tax",
    "reference": "R000777",
    "language": "en",
    "metadata": {"pending_payment_id": "77"},
    "email": "payer@example.org",
    "state": {"status": "success", "finished": true},
    "payment_id": "hu20sqlact5260q2nanm0q8u93",
    "payment_provider": "stripe",
    "created_date": "2026-03-02T10:30:00.000Z",
    "refund_summary": {"status": "available", "amount_available": 4200, "amount_submitted": 0},
    "card_details": {"last_digits_card_number": "1111", "first_digits_card_number": "444433",
      "cardholder_name": "J Payer", "expiry_date": "04/29", "card_brand": "Visa", "card_type": "debit"},
    "fee": 21,
    "moto": false
  }
}`

func sign(secret, body string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(body))
	return hex.EncodeToString(m.Sum(nil))
}

func webhookClient(t *testing.T, secret string) *Client {
	t.Helper()
	c, err := New(Config{APIKey: testKey, WebhookSecret: secret})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestParseWebhookReadsASignedPaymentEvent(t *testing.T) {
	c := webhookClient(t, testSecret)
	sig := sign(testSecret, succeededWebhook)
	for _, s := range []string{sig, strings.ToUpper(sig)} {
		ev, err := c.ParseWebhook([]byte(succeededWebhook), s)
		if err != nil {
			t.Fatal(err)
		}
		if ev.ID != "s5tlidbkoscd0gk5ueg3guqk3f" || ev.Type != "card_payment_succeeded" || ev.PaymentID != payID {
			t.Errorf("event = %+v", ev)
		}
		if want := time.Date(2026, 3, 2, 10, 36, 26, 988_000_000, time.UTC); !ev.CreatedAt.Equal(want) {
			t.Errorf("CreatedAt = %v", ev.CreatedAt)
		}
		p := ev.Payment
		if p == nil {
			t.Fatal("no payment")
		}
		if p.State != psp.Succeeded || p.Amount != 4200 || p.Fee == nil || *p.Fee != 21 || p.CardLast4 != "1111" ||
			p.CardFirst6 != "444433" || p.CardBrand != "Visa" || p.Metadata["pending_payment_id"] != "77" {
			t.Errorf("payment = %+v", p)
		}
	}
}

func TestParseWebhookMapsStatesLikeTheAPI(t *testing.T) {
	body := strings.NewReplacer(`"card_payment_succeeded"`, `"card_payment_expired"`,
		`{"status": "success", "finished": true}`, `{"status": "failed", "finished": true, "code": "P0020", "message": "Payment expired"}`,
	).Replace(succeededWebhook)
	ev, err := webhookClient(t, testSecret).ParseWebhook([]byte(body), sign(testSecret, body))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Type != "card_payment_expired" || ev.Payment.State != psp.Expired || ev.Payment.Code != "P0020" {
		t.Errorf("event %s, payment %s %s", ev.Type, ev.Payment.State, ev.Payment.Code)
	}
}

func TestParseWebhookRefusesBadSignatures(t *testing.T) {
	c := webhookClient(t, testSecret)
	good := sign(testSecret, succeededWebhook)
	tests := map[string]string{
		"empty":          "",
		"truncated":      good[:63],
		"one digit more": good + "0",
		"wrong secret":   sign("another secret", succeededWebhook),
		"other body":     sign(testSecret, succeededWebhook+" "),
		"with a prefix":  "sha256=" + good,
		"with a space":   " " + good,
		"not hex":        strings.Repeat("zz", 32),
		"base64":         "q0Yl6Zr1n8Tz0jXQ0mO8b7r6dWwQ1o9a3n5m7p9r1tA=",
	}
	for name, sig := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := c.ParseWebhook([]byte(succeededWebhook), sig)
			if ims.ErrorCode(err) != ims.Unauthorized {
				t.Errorf("err = %v, want Unauthorized", err)
			}
		})
	}
}

func TestParseWebhookWithoutASecretRefusesEverything(t *testing.T) {
	c := webhookClient(t, "")
	// Signed with the empty key, which an attacker could do too.
	_, err := c.ParseWebhook([]byte(succeededWebhook), sign("", succeededWebhook))
	if ims.ErrorCode(err) != ims.Internal {
		t.Errorf("err = %v, want Internal (not configured)", err)
	}
}

func TestParseWebhookRefusesMalformedMessages(t *testing.T) {
	tests := map[string]string{
		"not JSON":           `{"webhook_message_id": `,
		"an array":           `[]`,
		"null":               `null`,
		"no message id":      strings.Replace(succeededWebhook, `"webhook_message_id": "s5tlidbkoscd0gk5ueg3guqk3f",`, "", 1),
		"no event type":      strings.Replace(succeededWebhook, `"event_type": "card_payment_succeeded",`, "", 1),
		"bad date":           strings.Replace(succeededWebhook, `"2026-03-02T10:36:26.988Z"`, `"last Tuesday"`, 1),
		"no resource":        strings.Replace(succeededWebhook, `"resource": {`, `"resource": null, "x": {`, 1),
		"another payment":    strings.Replace(succeededWebhook, `"resource_id": "hu20sqlact5260q2nanm0q8u93"`, `"resource_id": "other"`, 1),
		"unknown status":     strings.Replace(succeededWebhook, `"status": "success"`, `"status": "authorised"`, 1),
		"payment without id": strings.Replace(succeededWebhook, `"payment_id": "hu20sqlact5260q2nanm0q8u93",`, "", 1),
	}
	c := webhookClient(t, testSecret)
	for name, body := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := c.ParseWebhook([]byte(body), sign(testSecret, body))
			if ims.ErrorCode(err) != ims.Invalid {
				t.Errorf("err = %v, want Invalid", err)
			}
		})
	}
}

func TestParseWebhookPassesOnUnknownEvents(t *testing.T) {
	body := `{"webhook_message_id": "m1", "created_date": "2026-03-02T10:36:26.988Z", "resource_id": "r1",
		"resource_type": "dispute", "event_type": "dispute_created", "resource": {"anything": true}}`
	ev, err := webhookClient(t, testSecret).ParseWebhook([]byte(body), sign(testSecret, body))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Type != "dispute_created" || ev.ID != "m1" || ev.Payment != nil || ev.PaymentID != "" {
		t.Errorf("event = %+v", ev)
	}
}

func FuzzParseWebhook(f *testing.F) {
	f.Add([]byte(succeededWebhook), false)
	f.Add([]byte(`{"webhook_message_id":"m","created_date":"2026-03-02T10:36:26Z","resource_id":"r","resource_type":"payment","event_type":"x","resource":{"payment_id":"r","amount":1,"state":{"status":"failed","code":"P0030"}}}`), false)
	f.Add([]byte(`{"resource":[]}`), true)
	f.Add([]byte{}, false)
	c, err := New(Config{APIKey: testKey, WebhookSecret: testSecret})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte, badSig bool) {
		sig := sign(testSecret, string(body))
		if badSig {
			sig = sign("wrong", string(body))
		}
		ev, err := c.ParseWebhook(body, sig)
		if badSig {
			if ims.ErrorCode(err) != ims.Unauthorized {
				t.Fatalf("a wrong signature gave %v", err)
			}
			return
		}
		if err != nil {
			if code := ims.ErrorCode(err); code != ims.Invalid {
				t.Fatalf("a signed body gave %s: %v", code, err)
			}
			return
		}
		if ev.ID == "" || ev.Type == "" || ev.CreatedAt.IsZero() {
			t.Fatalf("an accepted event lacks its id, type or time: %+v", ev)
		}
		if ev.Payment != nil && (ev.Payment.ID != ev.PaymentID || ev.Payment.State == "") {
			t.Fatalf("the event's payment is not the one it names: %+v", ev)
		}
	})
}
