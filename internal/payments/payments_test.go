package payments_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp/govukpaysim"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// noRedirects lets a test see where the server sends the browser.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func (r *rig) apiCreate(t *testing.T, key, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("POST", r.srv.URL+"/api/v1/payments", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+r.token)
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	return r.doAPI(t, req)
}

func (r *rig) apiGet(t *testing.T, id string) map[string]any {
	t.Helper()
	req, _ := http.NewRequest("GET", r.srv.URL+"/api/v1/payments/"+id, nil)
	req.Header.Set("Authorization", "Bearer "+r.token)
	_, m := r.doAPI(t, req)
	return m
}

func do(t *testing.T, req *http.Request) (int, map[string]any) {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%d %s is not JSON", res.StatusCode, b)
	}
	return res.StatusCode, m
}

const basket = `{"lines":[{"fund_code":"11","reference":"BJ99518409","amount":"35.00"},
	{"fund_code":"19","reference":"SI/26/00401","amount":"12.50"}],
	"payer":{"email":"payer@example.com"},"return_url":"https://shop.example.gov.uk/done?order=7","reference":"ORDER-7"}`

// providerPaymentID returns the simulator's id of a pending payment.
func (r *rig) providerPaymentID(t *testing.T, id string) string {
	pp, err := r.db.PendingPayment(context.Background(), ims.System(), id)
	if err != nil || pp.ProviderPaymentID == "" {
		t.Fatalf("pending payment %s: %+v %v", id, pp, err)
	}
	return pp.ProviderPaymentID
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestAPIPaymentEndToEnd(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		status, created := r.apiCreate(t, "order-7", basket)
		if status != 201 || created["state"] != "in_progress" || !strings.HasPrefix(created["next_url"].(string), r.srv.URL+"/simulator/govukpay/") {
			t.Fatalf("create: %d %v", status, created)
		}
		id := created["id"].(string)
		if _, ok := created["receipt_number"]; ok {
			t.Error("receipt number shown before the payment succeeded")
		}
		// The same request again is the same payment; the same key with another body is refused.
		status, again := r.apiCreate(t, "order-7", basket)
		if status != 200 || again["id"] != id {
			t.Errorf("repeat: %d %v", status, again)
		}
		if status, _ := r.apiCreate(t, "order-7", strings.Replace(basket, "35.00", "36.00", 1)); status != 409 {
			t.Errorf("same key, other body: %d", status)
		}
		if status, body := r.apiCreate(t, "", basket); status != 422 || !strings.Contains(body["detail"].(string), "Idempotency-Key") {
			t.Errorf("no key: %d %v", status, body)
		}
		must(t, r.sim.Pay(r.providerPaymentID(t, id), "4444333322221111"))
		got := r.apiGet(t, id)
		if got["state"] != "succeeded" || got["card_last4"] != "1111" || got["receipt_number"] == nil {
			t.Fatalf("after paying: %v", got)
		}
		po, err := db.PostingByReceipt(context.Background(), got["receipt_number"].(string))
		must(t, err)
		if po.Total() != 4750 || len(po.Entries) != 2 || po.Entries[1].VATAmount != 208 || po.Entries[0].CardLast4 != "1111" || po.SourceRef != id {
			t.Fatalf("posting: %+v", po)
		}
		var emails int
		must(t, db.SQL.QueryRow(`SELECT COUNT(*) FROM email_outbox WHERE purpose = 'receipt' AND purpose_ref = $1`, id).Scan(&emails))
		if emails != 1 {
			t.Errorf("%d receipt emails queued", emails)
		}
		receipt := queuedReceipt(t, db, id)
		if !strings.Contains(receipt.Text, po.ReceiptNumber) {
			t.Errorf("receipt email text lacks the receipt number %s:\n%s", po.ReceiptNumber, receipt.Text)
		}
		if !strings.Contains(receipt.HTML, r.srv.URL+"/receipts/"+po.ReceiptNumber) || !strings.Contains(receipt.HTML, "£35.00") {
			t.Errorf("receipt email HTML lacks the signed link or the lines:\n%s", receipt.HTML)
		}
	})
}

func TestPaymentRefusals(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		cases := map[string]struct{ body, field string }{
			"check digit":     {strings.Replace(basket, "BJ99518409", "BJ99518408", 1), "lines[0].reference"},
			"three decimals":  {strings.Replace(basket, "35.00", "35.001", 1), "lines[0].amount"},
			"over fund max":   {strings.Replace(basket, "35.00", "5000.01", 1), "lines[0].amount"},
			"card number":     {strings.Replace(basket, "SI/26/00401", "4444333322221111", 1), "lines[1].reference"},
			"duplicate line":  {strings.Replace(basket, `"fund_code":"19","reference":"SI/26/00401"`, `"fund_code":"11","reference":"BJ99518409"`, 1), "lines[1].reference"},
			"http return":     {strings.Replace(basket, "https://shop", "http://shop", 1), "return_url"},
			"no lines":        {`{"lines":[],"return_url":"https://x.example/"}`, "lines"},
			"bad email":       {strings.Replace(basket, "payer@example.com", "not an email", 1), "payer.email"},
			"VAT not allowed": {strings.Replace(basket, `"amount":"35.00"`, `"amount":"35.00","vat_code":"W0"`, 1), "lines[0].vat_code"},
		}
		i := 0
		for name, c := range cases {
			i++
			status, body := r.apiCreate(t, "k"+string(rune('a'+i)), c.body)
			errs, _ := body["errors"].(map[string]any)
			if status != 422 || errs[c.field] == nil {
				t.Errorf("%s: %d %v; want 422 naming %s", name, status, body, c.field)
			}
		}
		var n int
		must(t, db.SQL.QueryRow(`SELECT COUNT(*) FROM pending_payments`).Scan(&n))
		if n != 0 {
			t.Errorf("%d pending payments recorded from refused requests", n)
		}
	})
}

// TestOutcomeAppliedExactlyOnce fires the browser return, duplicated and reordered webhooks and the
// sweep at once, many times: one posting, one receipt email.
func TestOutcomeAppliedExactlyOnce(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true, Duplicate: 2, Reverse: true})
		_, created := r.apiCreate(t, "once", basket)
		id := created["id"].(string)
		must(t, r.sim.Pay(r.providerPaymentID(t, id), "4242424242424242"))
		returnLink := r.providerReturnLink(t, id)
		db.Clock.(*sqldbtest.Clock).Advance(10 * time.Minute) // old enough for the sweep
		ctx := context.Background()
		var wg sync.WaitGroup
		for i := 0; i < 4; i++ {
			wg.Add(3)
			go func() {
				defer wg.Done()
				res, err := noRedirects.Get(returnLink)
				if err == nil {
					res.Body.Close()
				}
			}()
			go func() { defer wg.Done(); r.sim.FlushWebhooks(ctx) }()
			go func() { defer wg.Done(); r.pay.Sweep(ctx) }()
		}
		wg.Wait()
		r.sim.WaitWebhooks()
		if n := r.postings(t, id); n != 1 {
			t.Fatalf("%d postings; want exactly 1", n)
		}
		var emails int
		must(t, db.SQL.QueryRow(`SELECT COUNT(*) FROM email_outbox WHERE purpose_ref = $1`, id).Scan(&emails))
		if emails != 1 {
			t.Fatalf("%d receipt emails; want 1", emails)
		}
		rep, err := db.VerifyLedger(ctx)
		must(t, err)
		if rep.BrokenAt != 0 {
			t.Fatalf("ledger: %+v", rep)
		}
	})
}

// providerReturnLink reconstructs the return link IMS gave the provider, from the simulator's view of
// the payment (GOV.UK Pay's return_url field).
func (r *rig) providerReturnLink(t *testing.T, id string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", r.srv.URL+"/simulator/govukpay/v1/payments/"+r.providerPaymentID(t, id), nil)
	req.Header.Set("Authorization", "Bearer api_test_key")
	_, m := do(t, req)
	link, _ := m["return_url"].(string)
	if u, err := url.Parse(link); err != nil || u.Query().Get("token") == "" {
		t.Fatalf("return_url %q", link)
	}
	return link
}

func TestReturnLinkSendsPayerToCaller(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		_, created := r.apiCreate(t, "ret", basket)
		id := created["id"].(string)
		must(t, r.sim.CancelByPayer(r.providerPaymentID(t, id)))
		link := r.providerReturnLink(t, id)
		res, err := noRedirects.Get(link)
		must(t, err)
		res.Body.Close()
		loc, _ := url.Parse(res.Header.Get("Location"))
		if res.StatusCode != 303 || loc.Host != "shop.example.gov.uk" || loc.Query().Get("payment_id") != id || loc.Query().Get("order") != "7" {
			t.Fatalf("return: %d to %s", res.StatusCode, loc)
		}
		if got := r.apiGet(t, id); got["state"] != "cancelled" || got["failure_code"] != "P0030" {
			t.Errorf("after cancelling: %v", got)
		}
		if r.postings(t, id) != 0 {
			t.Error("a cancelled payment was posted")
		}
		tampered := strings.Replace(link, "token=", "token=x", 1)
		if res, _ := noRedirects.Get(tampered); res.StatusCode != 404 {
			t.Errorf("tampered token: %d", res.StatusCode)
		}
	})
}

func TestForgedWebhookIsRefused(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		body := []byte(`{"webhook_message_id":"x","event_type":"card_payment_succeeded","resource_id":"abc","resource_type":"payment","resource":{"payment_id":"abc"}}`)
		req, _ := http.NewRequest("POST", r.srv.URL+"/webhooks/govukpay/govukpay", bytes.NewReader(body))
		req.Header.Set("Pay-Signature", strings.Repeat("0", 64))
		res, err := http.DefaultClient.Do(req)
		must(t, err)
		res.Body.Close()
		if res.StatusCode != 400 {
			t.Errorf("forged webhook: %d", res.StatusCode)
		}
	})
}

func TestSweepClosesAbandonedPayments(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		_, created := r.apiCreate(t, "abandoned", basket)
		id := created["id"].(string)
		db.Clock.(*sqldbtest.Clock).Advance(91 * time.Minute)
		n, err := r.pay.Sweep(context.Background())
		must(t, err)
		got := r.apiGet(t, id)
		if n != 1 || got["state"] != "expired" || r.postings(t, id) != 0 {
			t.Fatalf("sweep finished %d; payment %v", n, got)
		}
	})
}

// TestSweepClosesPaymentsTheProviderForgot closes a payment the provider no longer knows (its
// simulator restarted) once the provider's expiry is long past, instead of sweeping it for ever.
func TestSweepClosesPaymentsTheProviderForgot(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		_, created := r.apiCreate(t, "forgotten", basket)
		id := created["id"].(string)
		_, err := db.SQL.Exec(`UPDATE pending_payments SET provider_payment_id = 'nosuchpayment' WHERE id = $1`, id)
		must(t, err)
		db.Clock.(*sqldbtest.Clock).Advance(30 * time.Minute)
		if _, err := r.pay.Sweep(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := r.apiGet(t, id); got["state"] != "in_progress" {
			t.Fatalf("closed before the provider's expiry: %v", got)
		}
		db.Clock.(*sqldbtest.Clock).Advance(70 * time.Minute)
		n, err := r.pay.Sweep(context.Background())
		must(t, err)
		if got := r.apiGet(t, id); n != 1 || got["state"] != "failed" || got["failure_code"] != "unknown_at_provider" || r.postings(t, id) != 0 {
			t.Fatalf("after the expiry: finished %d, payment %v", n, got)
		}
	})
}
