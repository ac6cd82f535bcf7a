package metrics_test

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/metrics"
)

// scrape returns what /metrics answers.
func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 {
		t.Fatalf("/metrics answered %d", rec.Code)
	}
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}

func TestScrapeShowsWhatWasCounted(t *testing.T) {
	m := metrics.New(nil, nil)
	m.ObserveRequest("GET /api/v1/payments/{id}", 200, 30*time.Millisecond)
	m.ObserveRequest("GET /api/v1/payments/{id}", 0, time.Millisecond) // wrote nothing: 200
	m.ObserveRequest("POST /api/v1/payments", 503, time.Second)
	m.ObserveRequest("", 405, time.Millisecond)
	m.PaymentFinished(ims.PaymentFailed)
	m.PaymentFinished(ims.PaymentInProgress) // not an outcome
	m.LedgerCommitted(3, 4*time.Millisecond)
	m.LedgerCommitted(0, time.Second) // appended nothing
	m.ExportBatchWritten("council-tax")
	got := scrape(t, m)
	for _, want := range []string{
		`ims_http_requests_total{code="2xx",route="GET /api/v1/payments/{id}"} 2`,
		`ims_http_requests_total{code="5xx",route="POST /api/v1/payments"} 1`,
		`ims_http_requests_total{code="4xx",route="unmatched"} 1`,
		`ims_http_request_duration_seconds_count{route="GET /api/v1/payments/{id}"} 2`,
		`ims_payments_finished_total{outcome="failed"} 1`,
		`ims_payments_finished_total{outcome="succeeded"} 0`,
		`ims_ledger_postings_total 3`,
		`ims_ledger_commit_duration_seconds_count 1`,
		`ims_ledger_commit_duration_seconds_bucket{le="0.005"} 1`,
		`ims_export_batches_total{target="council-tax"} 1`,
		`go_goroutines `,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("scrape lacks %q", want)
		}
	}
	if strings.Contains(got, `outcome="in_progress"`) {
		t.Error("a payment still in progress is counted as an outcome")
	}
}

// Two applications in one process count apart: the registry is theirs, not the package's.
func TestEachApplicationCountsApart(t *testing.T) {
	a, b := metrics.New(nil, nil), metrics.New(nil, nil)
	a.ExportBatchWritten("ledger")
	if strings.Contains(scrape(t, b), `ims_export_batches_total{target="ledger"}`) {
		t.Error("a batch counted by one application shows in another's metrics")
	}
}

// Services built without metrics call them all the same.
func TestNilMetricsDoNothing(t *testing.T) {
	var m *metrics.Metrics
	m.ObserveRequest("GET /", 200, time.Millisecond)
	m.PaymentFinished(ims.PaymentSucceeded)
	m.LedgerCommitted(1, time.Millisecond)
	m.ExportBatchWritten("ledger")
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 404 {
		t.Errorf("nil metrics' handler answered %d; want 404", rec.Code)
	}
}
