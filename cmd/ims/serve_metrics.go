package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/ims-council/ims/internal/app"
	"github.com/ims-council/ims/internal/config"
)

// serveMetrics serves /metrics on a listener of its own when IMS_METRICS_ADDR is set (the main
// listener then does not serve it), and prints where. Keeping metrics off the public address lets
// a firewall admit only the Prometheus server to them. stop ends it; it does nothing when
// IMS_METRICS_ADDR is unset.
func (m *Main) serveMetrics(cfg config.Config, a *app.App, log *slog.Logger) (stop func(), err error) {
	if cfg.MetricsAddr == "" {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", cfg.MetricsAddr)
	if err != nil {
		return nil, fmt.Errorf("listening on %s (IMS_METRICS_ADDR): %v", cfg.MetricsAddr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.Metrics.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	go srv.Serve(ln)
	fmt.Fprintf(m.Stdout, "metrics on http://%s/metrics\n", ln.Addr())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}, nil
}
