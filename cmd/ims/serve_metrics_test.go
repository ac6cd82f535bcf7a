package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// With IMS_METRICS_ADDR, `ims serve` serves /metrics there, says where, and not on IMS_ADDR; the
// requests the main address answers are counted there by route.
func TestServeMetricsOnAnAddressOfTheirOwn(t *testing.T) {
	t.Parallel()
	env := map[string]string{"IMS_DATABASE_URL": sqldbtest.MigratedURL(t, sqldb.SQLite), "IMS_ADDR": "127.0.0.1:0",
		"IMS_METRICS_ADDR": "127.0.0.1:0", "IMS_SECRET_KEY": strings.Repeat("k", 40)}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb lockedBuffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }}
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, []string{"serve"}) }()
	var base, metricsURL string
	for deadline := time.Now().Add(time.Minute); base == "" || metricsURL == ""; time.Sleep(20 * time.Millisecond) {
		for line := range strings.Lines(out.String()) {
			if a, ok := strings.CutPrefix(strings.TrimSpace(line), "ims serving on "); ok {
				base = a
			}
			if a, ok := strings.CutPrefix(strings.TrimSpace(line), "metrics on "); ok {
				metricsURL = a
			}
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited %d before serving: %s %s", code, out.String(), errb.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not say where it serves: %s %s", out.String(), errb.String())
		}
	}
	fetch := func(url string) (int, string) {
		res, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if status, body := fetch(base + "/metrics"); status != http.StatusNotFound || strings.Contains(body, "ims_") {
		t.Errorf("GET %s/metrics: %d; want 404 when IMS_METRICS_ADDR is set", base, status)
	}
	fetch(base + "/readyz")
	status, body := fetch(metricsURL)
	if status != http.StatusOK {
		t.Fatalf("GET %s: %d", metricsURL, status)
	}
	for _, want := range []string{`ims_http_requests_total{code="2xx",route="GET /readyz"} 1`,
		`ims_http_requests_total{code="4xx",route="/"} 1`, `ims_metrics_database_up 1`} {
		if !strings.Contains(body, want) {
			t.Errorf("GET %s lacks %s", metricsURL, want)
		}
	}
	cancel()
	if code := <-done; code != exitOK {
		t.Errorf("serve exited %d after being stopped: %s", code, errb.String())
	}
}
