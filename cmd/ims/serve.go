package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/ims-council/ims/internal/app"
	"github.com/ims-council/ims/internal/config"
)

// runServe serves the web application and API until the context is cancelled (SIGINT/SIGTERM),
// then stops accepting connections and lets requests in flight finish.
func (m *Main) runServe(ctx context.Context, args []string) int {
	const usage = "usage: ims serve [--demo]"
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	demoMode := fs.Bool("demo", false, "use a demo database (ims-demo.db unless IMS_DATABASE_URL is set), loading demo data when empty")
	if code, ok := m.parseFlags(fs, args, usage); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return m.usageError(usage, "serve: unexpected argument %q", fs.Arg(0))
	}
	defaultURL := defaultDatabaseURL
	if *demoMode {
		defaultURL = "sqlite:ims-demo.db"
	}
	cfg, err := m.config(defaultURL)
	if err != nil {
		return m.errorf("serve: %v", err)
	}
	log := m.logger(cfg)
	opts := []app.Option{app.WithLogger(log)}
	if *demoMode {
		opts = append(opts, app.WithMigrate(), app.WithPrepare(m.loadDemo), app.WithSimulator(app.Simulator{}))
		if cfg.SecretKey == "" {
			// Receipt links signed with a key made up for this run stop working when it stops.
			cfg.SecretKey = randomHex(32)
		}
	} else if err := requireSQLiteFile(cfg.DatabaseURL); err != nil {
		return m.errorf("serve: %v", err)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return m.errorf("serve: listening on %s (IMS_ADDR): %v", cfg.Addr, err)
	}
	defer ln.Close()
	cfg.BaseURL = listeningBaseURL(cfg, ln.Addr())
	a, err := app.New(ctx, cfg, opts...)
	if err != nil {
		return m.errorf("serve: %v", err)
	}
	defer a.Close()
	if a.Simulator != nil {
		fmt.Fprintf(m.Stdout, "Card payments go to the built-in GOV.UK Pay simulator: pay with 4444333322221111 (any future expiry, any CVC).\n")
	}
	stopBackground, err := a.RunBackground(ctx)
	if err != nil {
		return m.errorf("serve: %v", err)
	}
	defer stopBackground() // before a.Close: jobs finish while the database is open
	stopMetrics, err := m.serveMetrics(cfg, a, log)
	if err != nil {
		return m.errorf("serve: %v", err)
	}
	defer stopMetrics()
	fmt.Fprintf(m.Stdout, "ims serving on http://%s\n", ln.Addr())
	return m.serve(ctx, ln, a.Handler, log)
}

// listeningBaseURL returns cfg.BaseURL, except that when IMS_ADDR asks for any free port (":0") and
// IMS_BASE_URL is left to its default, the base is the address the server got: tests start servers
// on port 0 and read the address printed, instead of guessing a free port that another process may
// take first.
func listeningBaseURL(cfg config.Config, got net.Addr) string {
	if _, port, err := net.SplitHostPort(cfg.Addr); err != nil || port != "0" || cfg.BaseURL != "http://"+cfg.Addr {
		return cfg.BaseURL
	}
	return "http://" + got.String()
}

func (m *Main) serve(ctx context.Context, ln net.Listener, handler http.Handler, log *slog.Logger) int {
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return m.errorf("serve: %v", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return m.errorf("serve: shutdown: %v", err)
	}
	log.Info("stopped")
	return exitOK
}

// logger writes structured JSON logs to standard error at the configured level.
func (m *Main) logger(cfg config.Config) *slog.Logger {
	return app.NewLogger(m.Stderr, cfg.LogLevel)
}

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
