package payments_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp"
	"github.com/ims-council/ims/internal/psp/govukpaysim"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// crashingProvider stops the request that creates the first payment the way a crash of IMS would:
// the handler dies (http.ErrAbortHandler closes the connection with no answer) with the payment
// recorded in IMS. With afterProvider, the provider has accepted the payment first and only its
// answer is lost; without, the provider was never asked.
type crashingProvider struct {
	psp.Provider
	afterProvider bool

	mu      sync.Mutex
	crashed bool
	created []string // ids of the payments the provider answered with, in order
}

func (c *crashingProvider) CreatePayment(ctx context.Context, req psp.PaymentRequest) (psp.Payment, error) {
	c.mu.Lock()
	crash := !c.crashed
	c.crashed = true
	c.mu.Unlock()
	if crash && !c.afterProvider {
		panic(http.ErrAbortHandler)
	}
	p, err := c.Provider.CreatePayment(ctx, req)
	if err == nil {
		c.mu.Lock()
		c.created = append(c.created, p.ID)
		c.mu.Unlock()
	}
	if crash {
		panic(http.ErrAbortHandler)
	}
	return p, err
}

// crashOnFirstCreate puts a crashingProvider between the payment service and the rig's provider.
func (r *rig) crashOnFirstCreate(afterProvider bool) *crashingProvider {
	inner := r.pay.Providers
	c := &crashingProvider{afterProvider: afterProvider}
	r.pay.Providers = func(ctx context.Context, account string) (psp.Provider, error) {
		p, err := inner(ctx, account)
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		c.Provider = p
		c.mu.Unlock()
		return c, nil
	}
	return c
}

// createCrashing sends a payment request whose handler is expected to die without an answer.
func (r *rig) createCrashing(t *testing.T, key, body string) {
	t.Helper()
	req, _ := http.NewRequest("POST", r.srv.URL+"/api/v1/payments", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+r.token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", key)
	res, err := http.DefaultClient.Do(req)
	if err == nil {
		res.Body.Close()
		t.Fatalf("the crashing request was answered %d", res.StatusCode)
	}
}

// After IMS stopped between recording a payment and starting it at the provider, the caller's retry
// with the same Idempotency-Key starts it: the payer gets a card page, and the payment completes.
func TestRetryStartsAPaymentRecordedBeforeACrash(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		provider := r.crashOnFirstCreate(false)
		r.createCrashing(t, "crash-before", basket)
		var state string
		must(t, db.SQL.QueryRow(`SELECT state FROM pending_payments`).Scan(&state))
		if state != "created" {
			t.Fatalf("after the crash the payment is %q, want it recorded as created", state)
		}

		status, got := r.apiCreate(t, "crash-before", basket)
		next, _ := got["next_url"].(string)
		if status != 200 || got["state"] != "in_progress" || !strings.HasPrefix(next, r.srv.URL+"/simulator/govukpay/") {
			t.Fatalf("retry: %d %v; want the payment started, with a next_url", status, got)
		}
		id := got["id"].(string)
		if len(provider.created) != 1 || r.providerPaymentID(t, id) != provider.created[0] {
			t.Fatalf("provider created %v; IMS recorded %s", provider.created, r.providerPaymentID(t, id))
		}
		must(t, r.sim.Pay(provider.created[0], "4444333322221111"))
		if got := r.apiGet(t, id); got["state"] != "succeeded" || r.postings(t, id) != 1 {
			t.Fatalf("after paying: %v, %d postings", got, r.postings(t, id))
		}
		// Once started, a further retry is an ordinary repeat: the same payment, not started again.
		if status, again := r.apiCreate(t, "crash-before", basket); status != 200 || again["id"] != id || len(provider.created) != 1 {
			t.Errorf("repeat after paying: %d %v; provider created %v", status, again, provider.created)
		}
	})
}

// When the provider accepted the payment and IMS stopped before recording its answer, the retry
// finds that same payment through the provider's idempotency: the provider holds one payment, and
// the payer is sent to its card page.
func TestRetryAfterALostAnswerStartsThePaymentOnce(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		provider := r.crashOnFirstCreate(true)
		r.createCrashing(t, "crash-after", basket)
		if len(provider.created) != 1 {
			t.Fatalf("the provider created %v before the crash, want one payment", provider.created)
		}

		status, got := r.apiCreate(t, "crash-after", basket)
		if status != 200 || got["state"] != "in_progress" || got["next_url"] == nil {
			t.Fatalf("retry: %d %v; want the payment started, with a next_url", status, got)
		}
		id := got["id"].(string)
		if len(provider.created) != 2 || provider.created[1] != provider.created[0] || r.providerPaymentID(t, id) != provider.created[0] {
			t.Fatalf("provider answered %v, IMS recorded %s: want one payment at the provider", provider.created, r.providerPaymentID(t, id))
		}
		must(t, r.sim.Pay(provider.created[0], "4444333322221111"))
		if got := r.apiGet(t, id); got["state"] != "succeeded" || r.postings(t, id) != 1 {
			t.Fatalf("after paying: %v, %d postings", got, r.postings(t, id))
		}
	})
}

// Two retries at once of a payment that was never started: both get the one payment at the
// provider, and neither closes it.
func TestConcurrentRetriesStartOnePayment(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		provider := r.crashOnFirstCreate(false)
		r.createCrashing(t, "crash-twice", basket)
		var wg sync.WaitGroup
		results := make([]map[string]any, 4)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, results[i] = r.apiCreate(t, "crash-twice", basket)
			}()
		}
		wg.Wait()
		for _, got := range results {
			if got["state"] != "in_progress" || got["next_url"] != results[0]["next_url"] {
				t.Errorf("a retry got %v; want in_progress at %v", got, results[0]["next_url"])
			}
		}
		for _, id := range provider.created {
			if id != provider.created[0] {
				t.Fatalf("the provider holds payments %v, want one", provider.created)
			}
		}
	})
}

// A basket over the provider's limit (GOV.UK Pay takes at most £100,000.00) is refused naming the
// limit, before anything is recorded, through the API and the payment service alike.
func TestBasketOverTheProviderLimitIsRefused(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		over := `{"lines":[{"fund_code":"19","reference":"SI/26/00401","amount":"60000.00"},
			{"fund_code":"19","reference":"SI/26/00402","amount":"40000.01"}],"return_url":"https://shop.example.gov.uk/done"}`
		status, body := r.apiCreate(t, "too-much", over)
		errs, _ := body["errors"].(map[string]any)
		if msg, _ := errs["lines"].(string); status != 422 || !strings.Contains(msg, "£100,000.00") {
			t.Errorf("API: %d %v; want 422 naming the £100,000.00 limit on lines", status, body)
		}

		req := ims.PaymentRequest{Lines: []ims.PaymentLine{{Fund: "19", Reference: "SI/26/00401", Amount: 10_000_001}},
			ReturnURL: "https://shop.example.gov.uk/done", Source: ims.SourceAPI, IdempotencyKey: "service-too-much"}
		_, _, err := r.pay.Start(context.Background(), ims.System(), req)
		if ims.ErrorCode(err) != ims.Invalid || !strings.Contains(ims.ErrorFields(err)["lines"], "£100,000.00") {
			t.Errorf("service: %v; want Invalid naming the £100,000.00 limit on lines", err)
		}
		var n int
		must(t, db.SQL.QueryRow(`SELECT COUNT(*) FROM pending_payments`).Scan(&n))
		if n != 0 {
			t.Errorf("%d payments recorded for baskets over the limit", n)
		}

		atLimit := strings.Replace(over, "40000.01", "40000.00", 1)
		if status, body := r.apiCreate(t, "at-limit", atLimit); status != 201 || body["next_url"] == nil {
			t.Errorf("a basket of exactly £100,000.00: %d %v; want it started", status, body)
		}
	})
}

// A request the provider refuses as invalid is the caller's to correct: 422 with the provider's
// reason, not 503 "try again later". (GOV.UK Pay takes email addresses of at most 254 characters;
// IMS's own check lets a longer well-formed one through.)
func TestProviderRefusalIsTheCallersError(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		long := strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 60) + ".example"
		status, body := r.apiCreate(t, "long-email", strings.Replace(basket, "payer@example.com", long, 1))
		errs, _ := body["errors"].(map[string]any)
		detail, _ := body["detail"].(string)
		if status != 422 || errs["payer.email"] == nil || !strings.Contains(detail, "254") {
			t.Fatalf("provider refused the email: %d %v; want 422 on payer.email with the provider's reason", status, body)
		}
		var state, code string
		must(t, db.SQL.QueryRow(`SELECT state, failure_code FROM pending_payments`).Scan(&state, &code))
		if state != "failed" || code != "refused_by_provider" {
			t.Errorf("the refused payment is %s (%s), want failed (refused_by_provider)", state, code)
		}
	})
}

// A one-bill basket is described on the card page by its reference, unless that would be longer
// than the provider takes (255 characters at GOV.UK Pay): then by its total, rather than failing.
func TestLongReferenceIsDescribedByTheTotal(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		ref := "INV-" + strings.Repeat("7", 250)
		status, got := r.apiCreate(t, "long-ref", `{"lines":[{"fund_code":"19","reference":"`+ref+`","amount":"12.50"}],
			"return_url":"https://shop.example.gov.uk/done"}`)
		if status != 201 || got["next_url"] == nil {
			t.Fatalf("long reference: %d %v; want the payment started", status, got)
		}
		provider, err := r.pay.Providers(context.Background(), "govukpay")
		must(t, err)
		p, err := provider.GetPayment(context.Background(), r.providerPaymentID(t, got["id"].(string)))
		must(t, err)
		if p.Description != "Payment of £12.50" {
			t.Errorf("description %q, want %q", p.Description, "Payment of £12.50")
		}
	})
}
