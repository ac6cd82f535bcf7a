// Package jobs runs IMS's background work on River (github.com/riverqueue/river), in the IMS
// database, on either engine: each outbox email is a job enqueued in the transaction of the change
// that causes it, retried with back-off; the payment sweep and the removal of expired sessions are
// periodic jobs. Any number of instances may run it on one PostgreSQL: River gives each job to one
// worker of one instance, and the periodic jobs are enqueued by one elected leader.
package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"

	"github.com/ims-council/ims/internal/mail"
	"github.com/ims-council/ims/internal/sqldb"
)

// The queues jobs run in. Emails have their own, worked only by instances that can send them.
const (
	queueDefault = river.QueueDefault
	queueEmail   = "email"
)

// A Sweeper finishes payments whose outcome never arrived (payments.Service).
type Sweeper interface {
	Sweep(ctx context.Context) (finished int, err error)
}

// Config is what the jobs need.
type Config struct {
	DB *sqldb.DB
	// Payments is swept once a minute; nil sweeps nothing.
	Payments Sweeper
	// Sender sends the outbox's emails; nil leaves their jobs waiting (an instance without
	// IMS_SMTP_URL) until an instance that has one runs.
	Sender *mail.Sender
	Log    *slog.Logger
	// PollInterval is how often an idle instance looks for new jobs; one second when zero. Tests
	// make it shorter.
	PollInterval time.Duration
	// Every is how often the periodic jobs are enqueued; a minute when zero. Tests make it shorter.
	Every time.Duration
	// Users disables the staff accounts unused for too long, daily; nil disables none.
	Users InactiveUserDisabler
	// Daily is how often the daily jobs are enqueued; a day when zero. Tests make it shorter.
	Daily time.Duration
	// AccountHolders applies uploaded account holder files; nil leaves their jobs waiting.
	AccountHolders AccountHolderImporter
	// Imports posts uploaded payment files; nil leaves their jobs waiting.
	Imports PaymentImporter
	// Exports makes the export batches due, daily (Daily); nil makes none.
	Exports ExportRunner
	// Webhooks delivers outgoing webhooks; nil leaves their jobs waiting.
	Webhooks WebhookDeliverer
	// RetryPolicy says when a failed job runs again; River's default (attempt⁴ seconds, so ten
	// attempts of an email span about a day) when nil. Tests make it shorter.
	RetryPolicy river.ClientRetryPolicy
}

// Jobs is the River client of one instance. It implements sqldb.JobQueue.
type Jobs struct {
	client *river.Client[*sql.Tx]
}

// New builds the River client for the database's engine. Jobs can be enqueued at once; they run
// once Start is called.
func New(cfg Config) (*Jobs, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	workers := river.NewWorkers()
	if err := river.AddWorkerSafely(workers, &emailWorker{db: cfg.DB, sender: cfg.Sender, log: cfg.Log}); err != nil {
		return nil, err
	}
	if err := river.AddWorkerSafely(workers, &invitationWorker{db: cfg.DB, sender: cfg.Sender, log: cfg.Log}); err != nil {
		return nil, err
	}
	if err := river.AddWorkerSafely(workers, &sessionCleanupWorker{db: cfg.DB}); err != nil {
		return nil, err
	}
	if err := river.AddWorkerSafely(workers, &paymentSweepWorker{payments: cfg.Payments, log: cfg.Log}); err != nil {
		return nil, err
	}
	if err := river.AddWorkerSafely(workers, &disableInactiveUsersWorker{users: cfg.Users, log: cfg.Log}); err != nil {
		return nil, err
	}
	if err := river.AddWorkerSafely(workers, &accountHolderImportWorker{importer: cfg.AccountHolders}); err != nil {
		return nil, err
	}
	if err := river.AddWorkerSafely(workers, &postImportWorker{importer: cfg.Imports}); err != nil {
		return nil, err
	}
	if err := river.AddWorkerSafely(workers, &importSweepWorker{importer: cfg.Imports}); err != nil {
		return nil, err
	}
	if err := river.AddWorkerSafely(workers, &exportRunWorker{exports: cfg.Exports, log: cfg.Log}); err != nil {
		return nil, err
	}
	if err := river.AddWorkerSafely(workers, &deliverWebhookWorker{deliverer: cfg.Webhooks}); err != nil {
		return nil, err
	}
	queues := map[string]river.QueueConfig{queueDefault: {MaxWorkers: 2}, queueWebhooks: {MaxWorkers: 4}}
	if cfg.Sender != nil {
		queues[queueEmail] = river.QueueConfig{MaxWorkers: 5}
	}
	poll := cfg.PollInterval
	if poll == 0 {
		poll = time.Second
	}
	rc := &river.Config{
		Workers:           workers,
		Queues:            queues,
		PeriodicJobs:      periodicJobs(cfg),
		FetchPollInterval: poll,
		FetchCooldown:     min(poll, 100*time.Millisecond),
		RetryPolicy:       cfg.RetryPolicy,
		Logger:            quiet(cfg.Log),
	}
	client, err := river.NewClient(driver(cfg.DB), rc)
	if err != nil {
		return nil, fmt.Errorf("starting River: %w", err)
	}
	return &Jobs{client: client}, nil
}

// driver is River's driver for the database's engine; both work on the database/sql pool IMS
// already has, so a job is enqueued in the *sql.Tx of the change that causes it.
func driver(db *sqldb.DB) riverdriver.Driver[*sql.Tx] {
	if db.Engine == sqldb.SQLite {
		return riversqlite.New(db.SQL)
	}
	return riverdatabasesql.New(db.SQL)
}

// Start runs jobs until Stop is called or ctx ends.
func (j *Jobs) Start(ctx context.Context) error { return j.client.Start(ctx) }

// Stop stops fetching jobs and waits for the running ones to finish, or for ctx to end.
func (j *Jobs) Stop(ctx context.Context) error { return j.client.Stop(ctx) }

// SendEmailsTx enqueues the sending of the outbox emails with these ids in tx (sqldb.JobQueue).
func (j *Jobs) SendEmailsTx(ctx context.Context, tx *sql.Tx, emailIDs []int64) error {
	params := make([]river.InsertManyParams, len(emailIDs))
	for i, id := range emailIDs {
		params[i] = river.InsertManyParams{Args: SendEmailArgs{EmailID: id}}
	}
	_, err := j.client.InsertManyTx(ctx, tx, params)
	return err
}
