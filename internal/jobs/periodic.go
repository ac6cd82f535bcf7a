package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/ims-council/ims/internal/sqldb"
)

// periodicJobs are enqueued by the elected leader among the instances: the payment sweep, the
// removal of expired sessions and the failing of abandoned import uploads, once a minute each
// (cfg.Every), and the disabling of unused staff accounts, daily (cfg.Daily).
func periodicJobs(cfg Config) []*river.PeriodicJob {
	interval := cfg.Every
	if interval == 0 {
		interval = time.Minute
	}
	every := river.PeriodicInterval(interval)
	jobs := []*river.PeriodicJob{
		river.NewPeriodicJob(every, func() (river.JobArgs, *river.InsertOpts) { return SessionCleanupArgs{}, nil },
			&river.PeriodicJobOpts{ID: "session_cleanup"}),
	}
	if cfg.Payments != nil {
		jobs = append(jobs, river.NewPeriodicJob(every, func() (river.JobArgs, *river.InsertOpts) { return PaymentSweepArgs{}, nil },
			&river.PeriodicJobOpts{ID: "payment_sweep"}))
	}
	if cfg.Users != nil {
		jobs = append(jobs, inactiveUsersJob(cfg.Daily))
	}
	if cfg.Imports != nil {
		jobs = append(jobs, river.NewPeriodicJob(every, func() (river.JobArgs, *river.InsertOpts) { return ImportSweepArgs{}, nil },
			&river.PeriodicJobOpts{ID: "import_sweep"}))
	}
	if cfg.Exports != nil {
		jobs = append(jobs, exportRunJob(cfg.Daily))
	}
	return jobs
}

// PaymentSweepArgs is the job that finishes payments whose outcome never arrived.
type PaymentSweepArgs struct{}

// Kind names the job in River's table.
func (PaymentSweepArgs) Kind() string { return "payment_sweep" }

// InsertOpts runs a sweep once: the next one is a minute away.
func (PaymentSweepArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 1} }

type paymentSweepWorker struct {
	river.WorkerDefaults[PaymentSweepArgs]
	payments Sweeper
	log      *slog.Logger
}

// Work sweeps the payments. Applying an outcome is idempotent, so a sweep that overlaps a webhook or
// a payer's return changes nothing twice.
func (w *paymentSweepWorker) Work(ctx context.Context, job *river.Job[PaymentSweepArgs]) error {
	if w.payments == nil {
		return nil
	}
	n, err := w.payments.Sweep(ctx)
	if n > 0 {
		w.log.InfoContext(ctx, "payment sweep finished payments", "count", n)
	}
	return err
}

// SessionCleanupArgs is the job that removes expired sessions.
type SessionCleanupArgs struct{}

// Kind names the job in River's table.
func (SessionCleanupArgs) Kind() string { return "session_cleanup" }

// InsertOpts runs a cleanup once: the next one is a minute away.
func (SessionCleanupArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 1} }

type sessionCleanupWorker struct {
	river.WorkerDefaults[SessionCleanupArgs]
	db *sqldb.DB
}

// Work removes the expired sessions.
func (w *sessionCleanupWorker) Work(ctx context.Context, job *river.Job[SessionCleanupArgs]) error {
	_, err := (sqldb.SessionStore{DB: w.db}).DeleteExpiredSessions(ctx)
	return err
}
