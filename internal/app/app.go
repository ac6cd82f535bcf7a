// Package app is the one wiring of IMS: from a config.Config it opens the database and builds the
// payment providers, the services, and the web and API handlers behind one http.Handler. `ims serve`,
// every test rig and the benchmarks build the application here, so what they test is what runs;
// what tests and benchmarks need to change (a clock, providers, the simulator, where logs go) are
// Options of New, not copies of the wiring.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/ims-council/ims/internal/accountholders"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/imports"
	"github.com/ims-council/ims/internal/metrics"
	"github.com/ims-council/ims/internal/payments"
	"github.com/ims-council/ims/internal/psp"
	"github.com/ims-council/ims/internal/psp/govukpaysim"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/web"
	"github.com/ims-council/ims/internal/web/portal"
)

// App is the whole application, built by New.
type App struct {
	Config   config.Config
	DB       *sqldb.DB
	Log      *slog.Logger
	Payments *payments.Service
	// AccountHolders searches, changes and imports account holders; its imports run as jobs once
	// RunBackground has started.
	AccountHolders *accountholders.Service
	// Imports reads payment and bank files into the ledger; its imports run as jobs once
	// RunBackground has started them.
	Imports   *imports.Service
	Simulator *govukpaysim.Simulator // the built-in GOV.UK Pay simulator; nil unless WithSimulator
	// ReceiptKey signs citizens' receipt links; derived from Config.SecretKey.
	ReceiptKey []byte
	// Handler serves the whole site and API with the middleware every request passes through.
	Handler http.Handler
	// Server is the web server behind Handler; its Routes are the whole route table.
	Server *web.Server
	// Metrics are the application's Prometheus metrics, served at /metrics on Handler, or only on
	// a listener of their own when Config.MetricsAddr is set (Metrics.Handler).
	Metrics *metrics.Metrics

	providers *providerRegistry
	ownsDB    bool
}

// New builds the application from cfg. Unless WithDB gives it an open database, it opens
// cfg.DatabaseURL and refuses one whose migrations are not current (WithMigrate migrates it
// instead). cfg.SecretKey must be set: it signs receipt links and encrypts stored secrets. Close
// releases what New opened.
func New(ctx context.Context, cfg config.Config, opts ...Option) (_ *App, err error) {
	o := options{}
	for _, opt := range opts {
		opt(&o)
	}
	a := &App{Config: cfg, Log: o.log}
	if a.Log == nil {
		a.Log = NewLogger(os.Stderr, cfg.LogLevel)
	}
	defer func() {
		if err != nil {
			a.Close()
		}
	}()
	if err := a.openDatabase(ctx, o); err != nil {
		return nil, err
	}
	if a.ReceiptKey, err = receiptKey(cfg.SecretKey); err != nil {
		return nil, err
	}
	a.Metrics = metrics.New(a.DB, a.Log)
	a.DB.Ledger = a.Metrics
	a.providers = &providerRegistry{db: a.DB}
	providers := payments.Providers(a.providers.provider)
	if o.providers != nil {
		providers = o.providers
	}
	a.Payments = &payments.Service{DB: a.DB, Providers: providers, BaseURL: cfg.BaseURL, Log: a.Log,
		StartedGrace: 5 * time.Minute, ProviderExpiry: 90 * time.Minute, RefundApprovalLimit: cfg.RefundApprovalLimit, Metrics: a.Metrics,
		ReceiptLink: func(receipt string) string { return cfg.BaseURL + portal.ReceiptPath(a.ReceiptKey, receipt) }}
	a.AccountHolders = accountholders.New(a.DB)
	a.Imports = imports.New(a.DB)
	var extra []web.Route
	if o.simulator != nil {
		if a.Simulator, extra, err = a.mountSimulator(ctx, *o.simulator); err != nil {
			return nil, fmt.Errorf("starting the GOV.UK Pay simulator: %w", err)
		}
	}
	if a.Handler, err = a.handler(o, extra); err != nil {
		return nil, err
	}
	return a, nil
}

// openDatabase opens and checks the database, or takes the one WithDB gives.
func (a *App) openDatabase(ctx context.Context, o options) error {
	if o.db != nil {
		a.DB = o.db
	} else {
		db, err := OpenDatabase(ctx, a.Config)
		if err != nil {
			return err
		}
		a.DB, a.ownsDB = db, true
	}
	if o.clock != nil {
		a.DB.Clock = o.clock
	}
	if o.migrate {
		if _, err := a.DB.Migrate(ctx); err != nil {
			return err
		}
	} else if current, err := a.DB.MigrationsCurrent(ctx); err != nil || !current {
		return errors.New("the database is not migrated to this version: run ims migrate first")
	}
	if o.prepare != nil {
		return o.prepare(ctx, a.DB)
	}
	return nil
}

// Provider returns the adapter of a payment provider account, as the services use it.
func (a *App) Provider(ctx context.Context, account string) (psp.Provider, error) {
	return a.Payments.Providers(ctx, account)
}

// Close stops the simulator and closes the database when New opened it.
func (a *App) Close() error {
	if a.Simulator != nil {
		a.Simulator.Close()
	}
	if a.ownsDB && a.DB != nil {
		return a.DB.Close()
	}
	return nil
}

// NewLogger returns the structured JSON logger IMS writes, at level (debug, info, warn or error).
func NewLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	l.UnmarshalText([]byte(strings.ToLower(level))) // an unknown level leaves info; config.FromEnv refuses one
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}
