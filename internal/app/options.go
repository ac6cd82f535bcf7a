package app

import (
	"context"
	"log/slog"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/payments"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/web/portal"
)

// An Option changes what New builds: the hooks tests, benchmarks and the demo need.
type Option func(*options)

type options struct {
	db        *sqldb.DB
	migrate   bool
	prepare   func(context.Context, *sqldb.DB) error
	clock     ims.Clock
	log       *slog.Logger
	providers payments.Providers
	simulator *Simulator
	rateLimit portal.RateLimit
}

// WithDB uses an open database instead of opening Config.DatabaseURL; the caller keeps it and
// closes it; WithClock sets its clock. Tests pass the database sqldbtest made.
func WithDB(db *sqldb.DB) Option { return func(o *options) { o.db = db } }

// WithMigrate applies the database's migrations instead of refusing a database that lacks some
// (serve --demo, which makes its own database).
func WithMigrate() Option { return func(o *options) { o.migrate = true } }

// WithPrepare runs fn on the database once it is open and migrated, before anything is built on it
// (serve --demo loads the demo council with it, before the simulator takes its accounts).
func WithPrepare(fn func(ctx context.Context, db *sqldb.DB) error) Option {
	return func(o *options) { o.prepare = fn }
}

// WithClock sets the clock every service and the simulator read.
func WithClock(c ims.Clock) Option { return func(o *options) { o.clock = c } }

// WithLogger sends the application's logs to log instead of JSON on standard error.
func WithLogger(log *slog.Logger) Option { return func(o *options) { o.log = log } }

// WithProviders replaces the registry that builds provider adapters from the accounts stored in
// the database (a test's fake provider).
func WithProviders(p payments.Providers) Option { return func(o *options) { o.providers = p } }

// WithSimulator serves the built-in GOV.UK Pay simulator and points every GOV.UK Pay account at it.
func WithSimulator(s Simulator) Option { return func(o *options) { o.simulator = &s } }

// WithPortalRateLimit sets how many forms one client may post to the portal (see portal.RateLimit).
func WithPortalRateLimit(rl portal.RateLimit) Option { return func(o *options) { o.rateLimit = rl } }
