package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/riverqueue/river"
)

// A PaymentImporter posts the stored file of a payment import (imports.Service).
type PaymentImporter interface {
	RunImport(ctx context.Context, id int64) error
	FailImport(ctx context.Context, id int64, reason string) error
	FailAbandoned(ctx context.Context) (int, error)
}

// PostImportArgs is the job that reads and posts one payment import.
type PostImportArgs struct {
	ImportID int64 `json:"import_id"`
}

// Kind names the job in River's table.
func (PostImportArgs) Kind() string { return "post_import" }

// postImportAttempts is how often an import is tried: a run cut short (an instance stopped, the
// database away) posted nothing, since the posting is one transaction, and simply runs again.
const postImportAttempts = 5

// InsertOpts tries an import a few times.
func (PostImportArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: postImportAttempts}
}

type postImportWorker struct {
	river.WorkerDefaults[PostImportArgs]
	importer PaymentImporter
}

// Timeout lets a file of a million lines finish: River's default of a minute would cut it short.
func (w *postImportWorker) Timeout(*river.Job[PostImportArgs]) time.Duration { return 6 * time.Hour }

// Work posts the import. Without an importer the job waits. When the last attempt fails, the import
// is marked failed with the reason, so nobody waits for it for ever.
func (w *postImportWorker) Work(ctx context.Context, job *river.Job[PostImportArgs]) error {
	if w.importer == nil {
		return river.JobSnooze(time.Minute)
	}
	err := w.importer.RunImport(ctx, job.Args.ImportID)
	if err != nil && job.Attempt >= job.MaxAttempts {
		reason := fmt.Sprintf("%v (after %d attempts)", err, job.Attempt)
		if ferr := w.importer.FailImport(context.WithoutCancel(ctx), job.Args.ImportID, reason); ferr != nil {
			return fmt.Errorf("%w; marking the import failed: %v", err, ferr)
		}
	}
	return err
}

// PostImportTx enqueues the job of payment import id in tx (sqldb.PaymentImportQueue).
func (j *Jobs) PostImportTx(ctx context.Context, tx *sql.Tx, importID int64) error {
	_, err := j.client.InsertTx(ctx, tx, PostImportArgs{ImportID: importID}, nil)
	return err
}

// Later is a sqldb.PaymentImportQueue whose jobs run only after a delay: the command line posts an
// import itself, and the job is there to finish it should the command stop part way.
type Later struct {
	Jobs  *Jobs
	After time.Duration
}

// PostImportTx enqueues the job of payment import id in tx, to run after l.After.
func (l Later) PostImportTx(ctx context.Context, tx *sql.Tx, importID int64) error {
	_, err := l.Jobs.client.InsertTx(ctx, tx, PostImportArgs{ImportID: importID}, &river.InsertOpts{ScheduledAt: time.Now().Add(l.After)})
	return err
}

// ImportSweepArgs is the periodic job that fails imports whose upload stopped with the instance
// receiving it, so none stays queued for ever.
type ImportSweepArgs struct{}

// Kind names the job in River's table.
func (ImportSweepArgs) Kind() string { return "import_sweep" }

// InsertOpts runs a sweep once: the next one is a minute away.
func (ImportSweepArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 1} }

type importSweepWorker struct {
	river.WorkerDefaults[ImportSweepArgs]
	importer PaymentImporter
}

// Work fails the abandoned imports.
func (w *importSweepWorker) Work(ctx context.Context, job *river.Job[ImportSweepArgs]) error {
	if w.importer == nil {
		return nil
	}
	_, err := w.importer.FailAbandoned(ctx)
	return err
}
