// Package metrics is what IMS tells Prometheus: HTTP requests by route pattern, payments by
// outcome, ledger postings and their commit time, export batches written, and, read from the
// database on each scrape, the job queue and the imports (ADR 35). Each application has its own
// registry (no global one), so two applications in one process, such as tests, count apart.
//
// Every method is safe on a nil *Metrics and then does nothing, so a service built without
// metrics (a command-line tool, a test) needs no stand-in.
package metrics

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/ims-council/ims"
)

// Metrics holds one application's metrics and the registry they are served from.
type Metrics struct {
	registry *prometheus.Registry
	log      *slog.Logger

	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	payments *prometheus.CounterVec
	postings prometheus.Counter
	commits  prometheus.Histogram
	exports  *prometheus.CounterVec
}

// New returns the metrics of one application, registered with the Go runtime's and the process's
// own. When store is not nil, each scrape also reads the job queue and the imports from it (see
// Store). log receives the errors of scrapes.
func New(store Store, log *slog.Logger) *Metrics {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		log:      log,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ims_http_requests_total",
			Help: "HTTP requests answered, by route pattern and status class (2xx, 3xx, 4xx, 5xx).",
		}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "ims_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route"}),
		payments: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ims_payments_finished_total",
			Help: "Card payments whose outcome this instance recorded, by outcome (succeeded, failed, cancelled, expired).",
		}, []string{"outcome"}),
		postings: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ims_ledger_postings_total",
			Help: "Ledger postings committed by this instance.",
		}),
		commits: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "ims_ledger_commit_duration_seconds",
			Help:    "Time of each committed transaction that appended postings to the ledger, from BEGIN to COMMIT.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}),
		exports: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ims_export_batches_total",
			Help: "Export batches written by this instance, by export target.",
		}, []string{"target"}),
	}
	m.registry.MustRegister(m.requests, m.latency, m.payments, m.postings, m.commits, m.exports,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Every outcome is there from the start, at zero, so a rate of failures has a series to
	// compute from before the first failure.
	for _, s := range []ims.PaymentState{ims.PaymentSucceeded, ims.PaymentFailed, ims.PaymentCancelled, ims.PaymentExpired} {
		m.payments.WithLabelValues(string(s))
	}
	if store != nil {
		m.registry.MustRegister(&databaseCollector{store: store, log: log})
	}
	return m
}

// Handler returns the handler of /metrics: every metric in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	if m == nil {
		return http.NotFoundHandler()
	}
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{
		ErrorLog:      slog.NewLogLogger(m.log.Handler(), slog.LevelError),
		ErrorHandling: promhttp.ContinueOnError,
		Timeout:       10 * time.Second,
	})
}

// Registry returns the registry the metrics are served from.
func (m *Metrics) Registry() *prometheus.Registry { return m.registry }

// ObserveRequest counts one answered HTTP request. route is the ServeMux pattern that served it
// ("GET /api/v1/payments/{id}"), never the path asked for: paths carry ids and whatever a client
// sends, which would make a series for each.
func (m *Metrics) ObserveRequest(route string, status int, took time.Duration) {
	if m == nil {
		return
	}
	if route == "" {
		route = "unmatched" // ServeMux answered itself (405 for a method the path does not take)
	}
	m.requests.WithLabelValues(route, statusClass(status)).Inc()
	m.latency.WithLabelValues(route).Observe(took.Seconds())
}

// statusClass returns "2xx" for 200 to 299 and so on; a handler that wrote nothing answered 200.
func statusClass(status int) string {
	if status == 0 {
		status = http.StatusOK
	}
	switch {
	case status < 200 || status > 599:
		return "other"
	}
	return string(rune('0'+status/100)) + "xx"
}

// PaymentFinished counts a payment outcome this instance recorded. Only final states are counted.
func (m *Metrics) PaymentFinished(state ims.PaymentState) {
	if m == nil || !state.Finished() {
		return
	}
	m.payments.WithLabelValues(string(state)).Inc()
}

// LedgerCommitted counts a committed transaction that appended postings to the ledger, and how
// long it took from BEGIN to COMMIT. It implements sqldb.LedgerObserver.
func (m *Metrics) LedgerCommitted(postings int, took time.Duration) {
	if m == nil || postings <= 0 {
		return
	}
	m.postings.Add(float64(postings))
	m.commits.Observe(took.Seconds())
}

// ExportBatchWritten counts an export batch written for target (the ledger journal export or an
// account-postings target), once the batch is committed.
func (m *Metrics) ExportBatchWritten(target string) {
	if m == nil {
		return
	}
	m.exports.WithLabelValues(target).Inc()
}
