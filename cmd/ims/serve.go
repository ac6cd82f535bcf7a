package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/ims-council/ims/internal/api"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/mail"
	"github.com/ims-council/ims/internal/payments"
	"github.com/ims-council/ims/internal/psp/govukpaysim"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/web"
	"github.com/ims-council/ims/internal/web/govuk"
	"github.com/ims-council/ims/internal/web/portal"
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
	db, cfg, err := m.openDatabase(ctx, defaultURL, *demoMode)
	if err != nil {
		return m.errorf("serve: %v", err)
	}
	defer db.Close()
	log := m.logger(cfg)
	if *demoMode {
		if _, err := db.Migrate(ctx); err != nil {
			return m.errorf("serve: %v", err)
		}
		if err := m.loadDemo(ctx, db); err != nil {
			return m.errorf("serve --demo: %v", err)
		}
	}
	registry := &providerRegistry{db: db}
	pay := &payments.Service{DB: db, Providers: registry.provider, BaseURL: cfg.BaseURL, Log: log,
		StartedGrace: 5 * time.Minute, ProviderExpiry: 90 * time.Minute, RefundApprovalLimit: cfg.RefundApprovalLimit}
	var extra []web.Route
	if *demoMode {
		var sim *govukpaysim.Simulator
		extra, sim, err = m.mountSimulator(ctx, cfg, registry)
		if err != nil {
			return m.errorf("serve --demo: %v", err)
		}
		if sim != nil {
			defer sim.Close()
			go everyMinute(ctx, func() { sim.ExpireDue() }) // so forgotten payments' expiry webhooks are sent
			fmt.Fprintf(m.Stdout, "Card payments go to the built-in GOV.UK Pay simulator: pay with 4444333322221111 (any future expiry, any CVC).\n")
		}
	}
	receiptKey, err := receiptKey(cfg.SecretKey, *demoMode)
	if err != nil {
		return m.errorf("serve: %v", err)
	}
	db.ReceiptLink = func(receipt string) string { return cfg.BaseURL + portal.ReceiptPath(receiptKey, receipt) }
	if cfg.SMTPURL != "" {
		sender, err := mail.NewSender(cfg.SMTPURL)
		if err != nil {
			return m.errorf("serve: %v", err)
		}
		go everyMinute(ctx, func() {
			if _, err := mail.SendOutbox(ctx, db, sender, log); err != nil {
				log.Warn("sending the email outbox", "err", err)
			}
		})
	}
	handler, err := newHandler(db, pay, log, extra, receiptKey, cfg)
	if err != nil {
		return m.errorf("serve: %v", err)
	}
	go everyMinute(ctx, func() { sweep(ctx, pay, log) })
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return m.errorf("serve: listening on %s (IMS_ADDR): %v", cfg.Addr, err)
	}
	fmt.Fprintf(m.Stdout, "ims serving on http://%s\n", ln.Addr())
	return m.serve(ctx, ln, handler, log)
}

func newHandler(db *sqldb.DB, pay *payments.Service, log *slog.Logger, extra []web.Route, receiptKey []byte, cfg config.Config) (http.Handler, error) {
	renderer, err := govuk.New(portal.Templates())
	if err != nil {
		return nil, err
	}
	pt, err := portal.New(portal.Options{DB: db, Payments: pay, Log: log, Renderer: renderer, ReceiptKey: receiptKey,
		SecureCookies: strings.HasPrefix(cfg.BaseURL, "https://"), Office: portalOffice(db)})
	if err != nil {
		return nil, err
	}
	a := &api.API{Services: db, Payments: pay, Refunds: pay, Log: log}
	routes := append(append(a.Routes(), pt.Routes()...), extra...)
	s := &web.Server{DB: db, Log: log, Renderer: renderer, Routes: routes, Payments: pay,
		BaseURL: cfg.BaseURL, TrustedProxies: cfg.TrustedProxies}
	return s.Handler(), nil
}

// receiptKey derives the key that signs citizens' receipt links from IMS_SECRET_KEY, so links work on
// every instance and after a restart. The demo, when no key is set, makes one up for this run: its
// receipt links stop working when it stops.
func receiptKey(secret string, demo bool) ([]byte, error) {
	if secret == "" {
		if !demo {
			return nil, fmt.Errorf("set IMS_SECRET_KEY (at least 32 characters): it signs receipt links and encrypts stored secrets")
		}
		secret = randomHex(32)
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("ims receipt links v1"))
	return mac.Sum(nil), nil
}

// portalOffice is the office the portal's payments are recorded against: the one named WP (web
// portal) when it exists.
func portalOffice(db *sqldb.DB) string {
	if _, err := db.Offices().Get(context.Background(), "WP"); err == nil {
		return "WP"
	}
	return ""
}

// sweep runs the reconciliation sweep and removes expired sessions. Several instances may sweep at
// once: applying an outcome is idempotent, so the worst case is a repeated provider call.
func sweep(ctx context.Context, pay *payments.Service, log *slog.Logger) {
	if n, err := pay.Sweep(ctx); err != nil {
		log.Warn("payment sweep", "err", err)
	} else if n > 0 {
		log.Info("payment sweep finished payments", "count", n)
	}
	if _, err := (sqldb.SessionStore{DB: pay.DB}).DeleteExpiredSessions(ctx); err != nil {
		log.Warn("removing expired sessions", "err", err)
	}
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
	var level slog.Level
	level.UnmarshalText([]byte(cfg.LogLevel)) // validated by config.FromEnv
	return slog.New(slog.NewJSONHandler(m.Stderr, &slog.HandlerOptions{Level: level}))
}

// everyMinute calls fn once a minute until ctx ends.
func everyMinute(ctx context.Context, fn func()) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fn()
		}
	}
}
