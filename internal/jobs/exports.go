package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/ims-council/ims"
)

// An ExportRunner makes the export batches that are due (exports.Service).
type ExportRunner interface {
	Run(ctx context.Context, p ims.Principal, target string) ([]ims.ExportBatch, error)
}

// ExportRunArgs is the daily job that makes the export batches due (SPEC §10, ADR 33).
type ExportRunArgs struct{}

// Kind names the job in River's table.
func (ExportRunArgs) Kind() string { return "export_run" }

// InsertOpts tries a failed run a few times: a batch already made is not made again, so a retry
// only does what is left.
func (ExportRunArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 5} }

type exportRunWorker struct {
	river.WorkerDefaults[ExportRunArgs]
	exports ExportRunner
	log     *slog.Logger
}

// Work makes the batches due, as the system. Two instances running it at once take turns on the
// ledger's chain lock, so the second finds nothing left.
func (w *exportRunWorker) Work(ctx context.Context, job *river.Job[ExportRunArgs]) error {
	if w.exports == nil {
		return nil
	}
	made, err := w.exports.Run(ctx, ims.System(), "")
	for _, b := range made {
		w.log.InfoContext(ctx, "export batch written", "batch", b.ID, "file", b.FileName, "lines", b.Lines)
	}
	return err
}

// exportRunJob enqueues the job every day (every, when not zero: tests make it shorter). It does not
// run when the leader starts: a restart should not send the finance system a part-day file.
func exportRunJob(every time.Duration) *river.PeriodicJob {
	if every == 0 {
		every = 24 * time.Hour
	}
	return river.NewPeriodicJob(river.PeriodicInterval(every),
		func() (river.JobArgs, *river.InsertOpts) { return ExportRunArgs{}, nil },
		&river.PeriodicJobOpts{ID: "export_run"})
}
