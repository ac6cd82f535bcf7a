package app

import (
	"context"
	"time"

	"github.com/ims-council/ims/internal/dropfolder"
	"github.com/ims-council/ims/internal/jobs"
	"github.com/ims-council/ims/internal/mail"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/users"
	"github.com/ims-council/ims/internal/webhooks"
)

// RunBackground starts the application's background work, on River (internal/jobs): the payment
// reconciliation sweep, the removal of expired sessions, the daily disabling of unused staff
// accounts and the daily export batches (written to IMS_EXPORT_DIR when set) as periodic jobs, and the sending of each
// outbox email (when IMS_SMTP_URL is set) as a job enqueued with the change that causes it; and,
// when IMS_IMPORT_DIR is set, the watching of the import types' drop folders (internal/dropfolder). From
// then on the database enqueues those jobs. Several instances may run it on one PostgreSQL: River
// runs each job once. It returns stop, which lets the running jobs finish (30 seconds at most) and
// must be called before the database is closed.
func (a *App) RunBackground(ctx context.Context) (stop func(), err error) {
	cfg := jobs.Config{DB: a.DB, Payments: a.Payments, Users: users.New(a.DB), AccountHolders: a.AccountHolders,
		Imports: a.Imports, Webhooks: webhooks.New(a.DB, a.Log), Exports: a.exportsService(), Log: a.Log}
	if a.Config.SMTPURL != "" {
		if cfg.Sender, err = mail.NewSender(a.Config.SMTPURL); err != nil {
			return nil, err
		}
	}
	j, err := jobs.New(cfg)
	if err != nil {
		return nil, err
	}
	// Jobs keep running while requests in flight finish after ctx ends: stop ends them.
	if err := j.Start(context.WithoutCancel(ctx)); err != nil {
		return nil, err
	}
	a.DB.Jobs = j
	a.AccountHolders.Queue = j
	a.Imports.Queue = j
	tickerCtx, stopTicker := context.WithCancel(ctx)
	if a.Simulator != nil {
		// The simulator stands in for GOV.UK Pay, which expires forgotten payments on its own clock
		// (and sends their webhooks): it is not IMS's work, so it is not a job in IMS's queue.
		go everyMinute(tickerCtx, func() { a.Simulator.ExpireDue() })
	}
	watching := make(chan struct{})
	if a.Config.ImportDir != "" {
		w := &dropfolder.Watcher{Dir: a.Config.ImportDir, Interval: a.Config.ImportPollInterval, Imports: a.Imports,
			Types: refdata.New(a.DB).ImportTypes(), Log: a.Log}
		go func() { defer close(watching); w.Run(tickerCtx) }()
	} else {
		close(watching)
	}
	return func() {
		stopTicker()
		<-watching // a file being followed stays in processing/, for the next start to take over
		stopCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := j.Stop(stopCtx); err != nil {
			a.Log.Warn("stopping background jobs", "err", err)
		}
	}, nil
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
