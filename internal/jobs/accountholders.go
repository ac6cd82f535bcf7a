package jobs

import (
	"context"
	"database/sql"
	"time"

	"github.com/riverqueue/river"
)

// An AccountHolderImporter applies the stored file of an account holder import
// (accountholders.Service).
type AccountHolderImporter interface {
	RunImport(ctx context.Context, id int64) error
}

// ImportAccountHoldersArgs is the job that applies one uploaded account holder file.
type ImportAccountHoldersArgs struct {
	ImportID int64 `json:"import_id"`
}

// Kind names the job in River's table.
func (ImportAccountHoldersArgs) Kind() string { return "import_account_holders" }

// InsertOpts tries an import a few times: a run cut short (an instance stopped, the database away)
// goes on after the lines it had applied.
func (ImportAccountHoldersArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 5}
}

type accountHolderImportWorker struct {
	river.WorkerDefaults[ImportAccountHoldersArgs]
	importer AccountHolderImporter
}

// Timeout lets a file of a million lines finish: River's default of a minute would cut it short.
func (w *accountHolderImportWorker) Timeout(*river.Job[ImportAccountHoldersArgs]) time.Duration {
	return 6 * time.Hour
}

// Work applies the import's file. Without an importer (a Config that gives none) the job fails and
// is retried, so the import waits rather than being lost.
func (w *accountHolderImportWorker) Work(ctx context.Context, job *river.Job[ImportAccountHoldersArgs]) error {
	if w.importer == nil {
		return river.JobSnooze(time.Minute)
	}
	return w.importer.RunImport(ctx, job.Args.ImportID)
}

// ImportAccountHoldersTx enqueues the job of account holder import id in tx (sqldb.ImportQueue).
func (j *Jobs) ImportAccountHoldersTx(ctx context.Context, tx *sql.Tx, importID int64) error {
	_, err := j.client.InsertTx(ctx, tx, ImportAccountHoldersArgs{ImportID: importID}, nil)
	return err
}
