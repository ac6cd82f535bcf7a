package app_test

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/app"
	"github.com/ims-council/ims/internal/app/apptest"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// get answers a GET of url with the status and body, sending token as a bearer token when set.
func get(t *testing.T, url, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// Card payments made through the running application move the counters /metrics shows: the API
// requests by their route pattern (never the payment's id), each payment's outcome once, the
// succeeded one's posting and its commit, and its receipt email's job waiting in the queue.
func TestMetricsCountAPaymentThroughTheApplication(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		doc := ims.ReferenceData{
			Organisation:     &ims.Organisation{Name: "Test Council"},
			VATCodes:         []ims.VATCode{{Code: "M0", Name: "Outside scope", Suspense: true}, {Code: "W0", Name: "Standard", Rate: 2000}},
			Funds:            []ims.Fund{{Code: "19", Name: "Sundry Invoices", VATCode: "W0", Portal: true}, {Code: "1", Name: "Suspense", VATCode: "M0", Suspense: true}},
			ProviderAccounts: []ims.ProviderAccount{{Name: "govukpay", Provider: "govukpay"}},
			MOPs: []ims.MOP{{Code: "90", Name: "Card self-service", Kind: ims.KindCardSelfService, ProviderAccount: "govukpay"},
				{Code: "PF", Name: "Card fee", Kind: ims.KindCardFee}},
		}
		if _, err := refdata.New(db).LoadReferenceData(ctx, ims.System(), doc); err != nil {
			t.Fatal(err)
		}
		_, token, err := users.New(db).CreateAPIClient(ctx, ims.System(), ims.APIClient{Name: "shop", Scopes: []ims.Scope{ims.ScopePayments}})
		if err != nil {
			t.Fatal(err)
		}
		a, srv := apptest.Serve(t, db, app.WithSimulator(app.Simulator{}))
		stop, err := a.RunBackground(ctx) // without IMS_SMTP_URL the receipt email's job waits
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(stop)

		_, before := get(t, srv.URL+"/metrics", "")
		for _, absent := range []string{`ims_payments_finished_total{outcome="succeeded"} 1`, `ims_ledger_postings_total 1`} {
			if strings.Contains(before, absent) {
				t.Fatalf("before any payment /metrics says %s", absent)
			}
		}

		pay := func(card string, want ims.PaymentState) {
			pp, _, err := a.Payments.Start(ctx, ims.System(), ims.PaymentRequest{Source: ims.SourcePortal,
				Lines: []ims.PaymentLine{{Fund: "19", Reference: "SI/26/00401", Amount: 1250}}, Payer: ims.Payer{Email: "payer@example.com"}})
			if err != nil {
				t.Fatal(err)
			}
			if err := a.Simulator.Pay(pp.ProviderPaymentID, card); err != nil {
				t.Fatal(err)
			}
			// Asked twice, as a browser return and a webhook may: the outcome is counted once.
			for range 2 {
				if pp, err = a.Payments.Refresh(ctx, pp); err != nil || pp.State != want {
					t.Fatalf("after paying with %s: %s, %v; want %s", card, pp.State, err, want)
				}
			}
		}
		pay("4444333322221111", ims.PaymentSucceeded)
		pay("4000000000000002", ims.PaymentFailed) // declined
		if status, _ := get(t, srv.URL+"/api/v1/payments/no-such-payment", token); status != http.StatusNotFound {
			t.Fatalf("an unknown payment answered %d", status)
		}
		if status, _ := get(t, srv.URL+"/api/v1/payments/other-unknown", token); status != http.StatusNotFound {
			t.Fatalf("an unknown payment answered %d", status)
		}

		status, got := get(t, srv.URL+"/metrics", "")
		if status != http.StatusOK {
			t.Fatalf("/metrics answered %d", status)
		}
		for _, want := range []string{
			`ims_http_requests_total{code="4xx",route="GET /api/v1/payments/{id}"} 2`,
			`ims_http_requests_total{code="2xx",route="GET /metrics"} 1`,
			`ims_payments_finished_total{outcome="succeeded"} 1`,
			`ims_payments_finished_total{outcome="failed"} 1`,
			`ims_payments_finished_total{outcome="cancelled"} 0`,
			`ims_ledger_postings_total 1`,
			`ims_ledger_commit_duration_seconds_count 1`,
			`ims_jobs{kind="send_email",state="available"} 1`,
			`ims_metrics_database_up 1`,
			`process_start_time_seconds`,
			`go_goroutines`,
		} {
			if !strings.Contains(got, want) {
				t.Errorf("/metrics lacks %s", want)
			}
		}
		// The route label is the pattern: the ids asked for make no series of their own.
		if strings.Contains(got, "no-such-payment") || strings.Contains(got, "other-unknown") {
			t.Error("/metrics names a path asked for rather than its route pattern")
		}
		if regexp.MustCompile(`route="/api/`).MatchString(got) {
			t.Error("a route label is a raw path")
		}
	})
}

// With IMS_METRICS_ADDR set, the public address does not serve /metrics: the listener of its own
// (ims serve) does.
func TestMetricsAddrTakesMetricsOffTheMainAddress(t *testing.T) {
	t.Parallel()
	db := sqldbtest.Open(t, sqldb.SQLite)
	a, srv := apptest.ServeConfig(t, db, config.Config{MetricsAddr: "127.0.0.1:9090"})
	if status, body := get(t, srv.URL+"/metrics", ""); status != http.StatusNotFound || strings.Contains(body, "ims_http_requests_total") {
		t.Errorf("/metrics on the main address answered %d with metrics; want 404", status)
	}
	if a.Metrics.Handler() == nil {
		t.Fatal("no metrics handler for the listener of its own")
	}
}
