package e2e

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ims-council/ims"
)

// The demo system administrator adds a webhook subscriber for card payments (the form's errors
// first) and copies the secret shown once; a card payment is then delivered to the subscriber,
// which refuses the first attempt and accepts the retry, both signed with that secret; the delivery
// log shows both attempts and the delivery is sent again. The subscriber is turned off at the end,
// so later journeys send it nothing. Every page passes axe-core.
func (s *suite) testAdminWebhooks(t *testing.T) {
	type request struct {
		header http.Header
		body   []byte
	}
	var mu sync.Mutex
	var got []request
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, request{r.Header.Clone(), body})
		first := len(got) == 1
		mu.Unlock()
		if first {
			http.Error(w, "finance system starting", http.StatusInternalServerError)
		}
	}))
	t.Cleanup(receiver.Close)

	p := s.page(t)
	s.signIn(t, p, "super@demo.example")
	p.open(s.srv.URL+"/admin/webhooks", http.StatusOK)
	p.wantHeading("Webhooks")
	p.checkAccessible("webhooks")
	p.clickText("Add a subscriber", http.StatusOK)
	p.clickText("Add subscriber", http.StatusUnprocessableEntity)
	p.wantText(".govuk-error-summary", "Enter a name for the subscriber", "Enter the URL webhooks are sent to", "Choose at least one event")
	p.checkAccessible("new webhook subscriber form with errors")
	p.fill("f-name", "Finance system")
	p.fill("f-url", receiver.URL+"/ims")
	p.check(`input[name=events][value="payment.succeeded"]`)
	p.clickText("Add subscriber", http.StatusOK)
	p.wantHeading("Webhook subscriber added")
	p.checkAccessible("webhook secret")
	secret := p.text("#webhook-secret")

	pay := s.api.createPayment(t, apiPaymentRequest{Lines: twoBills(), ReturnURL: s.caller})
	card := s.page(t)
	card.open(pay.NextURL, http.StatusOK)
	card.enterCard(cardSucceeds)
	wantReturnedToCaller(t, s.leaveCardPage(t, card, payButton, pay.ID))

	deadline := time.Now().Add(time.Minute) // the retry comes after River's first back-off, a second or so
	for {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the subscriber received %d requests in a minute; want the refused one and its retry", n)
		}
		time.Sleep(100 * time.Millisecond)
	}
	mu.Lock()
	for i, r := range got[:2] {
		if err := ims.VerifyWebhook(secret, r.header.Get(ims.WebhookTimestampHeader), r.header.Get(ims.WebhookSignatureHeader),
			r.body, time.Now(), ims.WebhookReplayWindow); err != nil {
			t.Errorf("request %d is not signed with the secret shown: %v", i+1, err)
		}
		if !strings.Contains(string(r.body), `"type":"payment.succeeded"`) || !strings.Contains(string(r.body), pay.ID) {
			t.Errorf("request %d: %s; want payment.succeeded for %s", i+1, r.body, pay.ID)
		}
	}
	mu.Unlock()

	p.open(s.srv.URL+"/admin/webhooks", http.StatusOK)
	p.click(`a[href^="/admin/webhooks/deliveries/"]`, http.StatusOK)
	p.wantHeading("payment.succeeded to Finance system")
	p.wantText("main", "delivered", "500", "finance system starting", "200")
	p.checkAccessible("webhook delivery")
	p.clickText("Send again", http.StatusOK)
	p.wantText(".govuk-notification-banner--success", "will be sent again")

	p.open(s.srv.URL+"/admin/webhooks", http.StatusOK)
	p.clickText("Finance system", http.StatusOK)
	p.checkAccessible("webhook subscriber")
	p.check("#f-enabled-1") // Off
	p.clickText("Save changes", http.StatusOK)
	p.wantText(".govuk-notification-banner--success", "Changes to webhook subscriber Finance system saved")
}
