package admin_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"sync"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/webhooks"
)

var secretShown = regexp.MustCompile(`whsec_[A-Za-z0-9_-]{43}`)

// A system administrator adds a subscriber (after a plain-http URL and no events are named on
// their fields), copies the secret shown once, and finds each attempt of a delivery that the
// subscriber refused in its log, signed with that secret; once given up it can be sent again. A
// new secret replaces the old one, turning the subscriber off stops its sending, and a finance
// officer cannot open the section.
func TestWebhookPages(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := serve(t, db, config.Config{})
		s.addUser("admin@council.example", ims.SystemAdmin)
		s.addUser("finance@council.example", ims.Finance)
		var mu sync.Mutex
		var got []*http.Request
		var bodies [][]byte
		receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			mu.Lock()
			got, bodies = append(got, r), append(bodies, body)
			mu.Unlock()
			http.Error(w, "ledger closed for the night", http.StatusServiceUnavailable)
		}))
		t.Cleanup(receiver.Close)

		b := s.browser()
		b.signIn("admin@council.example", "/admin")
		b.get("/admin").want(t, http.StatusOK, `href="/admin/webhooks"`)
		b.get("/admin/webhooks").want(t, http.StatusOK, "There are no subscribers yet", `href="/admin/webhooks/new"`)
		b.get("/admin/webhooks/new").want(t, http.StatusOK, `name="url"`, `value="payment.succeeded"`, `value="export.batch_written"`)
		form := url.Values{"name": {"Rents system"}, "url": {"http://rents.example.gov.uk/ims"}, "enabled": {"yes"}}
		b.post("/admin/webhooks/new", form).want(t, http.StatusUnprocessableEntity, `href="#f-url"`,
			"plain http:// is allowed only to localhost", `href="#f-events"`, "Choose at least one event", `value="Rents system"`)
		form.Set("url", receiver.URL+"/ims")
		form["events"] = []string{"payment.succeeded", "refund.succeeded"}
		r := b.post("/admin/webhooks/new", form)
		r.want(t, http.StatusOK, "Webhook subscriber added", "shown only this once")
		secret := secretShown.FindString(r.body)
		if secret == "" {
			t.Fatalf("no secret on the page:\n%s", r.body)
		}
		list := b.get("/admin/webhooks")
		list.want(t, http.StatusOK, "Rents system", "payment.succeeded, refund.succeeded", "On")
		sub := regexp.MustCompile(`/admin/webhooks/(\d+)"`).FindStringSubmatch(list.body)[1]

		if err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			return webhooks.Enqueue(ctx, tx, ims.WebhookEvent{Type: ims.EventPaymentSucceeded, Data: map[string]string{"receipt_number": "R-77"}})
		}); err != nil {
			t.Fatal(err)
		}
		svc := webhooks.New(db, nil)
		ds, err := svc.Deliveries(ctx, ims.System(), 0, 10)
		if err != nil || len(ds) != 1 {
			t.Fatalf("deliveries %v, %v; want 1", ds, err)
		}
		delivery := "/admin/webhooks/deliveries/" + strconv.FormatInt(ds[0].ID, 10)
		// The job's attempts, made here: the test site runs no background jobs.
		if err := svc.Deliver(ctx, ds[0].ID, false); err == nil {
			t.Fatal("a 503 was taken as delivered")
		}
		b.get(delivery).want(t, http.StatusOK, "payment.succeeded to Rents system", "pending", "waiting for its next attempt",
			"503", "ledger closed for the night", "R-77")
		if err := svc.Deliver(ctx, ds[0].ID, true); err == nil {
			t.Fatal("a 503 was taken as delivered")
		}
		mu.Lock()
		for i, req := range got {
			if err := ims.VerifyWebhook(secret, req.Header.Get(ims.WebhookTimestampHeader), req.Header.Get(ims.WebhookSignatureHeader),
				bodies[i], db.Now(), ims.WebhookReplayWindow); err != nil {
				t.Errorf("attempt %d is not signed with the secret shown: %v", i+1, err)
			}
		}
		mu.Unlock()
		b.get("/admin/webhooks").want(t, http.StatusOK, delivery, "failed")
		b.get(delivery).want(t, http.StatusOK, "failed", "Send again", "<td class=\"govuk-table__cell govuk-table__cell--numeric\">2</td>")
		r = b.post(delivery+"/resend", url.Values{})
		if r.status != http.StatusSeeOther || r.location != delivery {
			t.Fatalf("re-send: %d to %q\n%s", r.status, r.location, r.body)
		}
		b.get(delivery).want(t, http.StatusOK, "will be sent again", "pending")
		b.post(delivery+"/resend", url.Values{}).want(t, http.StatusConflict, "already waiting")

		r = b.post("/admin/webhooks/"+sub+"/secret", url.Values{})
		r.want(t, http.StatusOK, "New webhook secret")
		if again := secretShown.FindString(r.body); again == "" || again == secret {
			t.Errorf("new secret %q; want one unlike %q", again, secret)
		}
		form.Set("enabled", "no")
		r = b.post("/admin/webhooks/"+sub, form)
		if r.status != http.StatusSeeOther {
			t.Fatalf("saving: %d\n%s", r.status, r.body)
		}
		b.get("/admin/webhooks").want(t, http.StatusOK, "Changes to webhook subscriber Rents system saved", "Off")
		b.get("/admin/webhooks/99999").want(t, http.StatusNotFound)

		f := s.browser()
		f.signIn("finance@council.example", "/admin")
		f.get("/admin/webhooks").want(t, http.StatusForbidden)
		f.post(delivery+"/resend", url.Values{}).want(t, http.StatusForbidden)
	})
}
