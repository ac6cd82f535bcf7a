package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
)

// An InactiveUserDisabler disables the staff accounts unused for longer than the council allows
// (users.Service).
type InactiveUserDisabler interface {
	DisableInactiveUsers(ctx context.Context) (disabled []int64, err error)
}

// DisableInactiveUsersArgs is the daily job that disables unused staff accounts.
type DisableInactiveUsersArgs struct{}

// Kind names the job in River's table.
func (DisableInactiveUsersArgs) Kind() string { return "disable_inactive_users" }

// InsertOpts tries a failed run a few times; the next run is a day away.
func (DisableInactiveUsersArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3}
}

type disableInactiveUsersWorker struct {
	river.WorkerDefaults[DisableInactiveUsersArgs]
	users InactiveUserDisabler
	log   *slog.Logger
}

// Work disables the unused accounts. Running it twice disables nothing more.
func (w *disableInactiveUsersWorker) Work(ctx context.Context, job *river.Job[DisableInactiveUsersArgs]) error {
	if w.users == nil {
		return nil
	}
	ids, err := w.users.DisableInactiveUsers(ctx)
	if len(ids) > 0 {
		w.log.InfoContext(ctx, "disabled staff accounts unused for too long", "users", ids)
	}
	return err
}

// inactiveUsersJob enqueues the job every day (every, when not zero: tests make it shorter) and
// when the leader starts, so an instance restarted more often than daily still runs it.
func inactiveUsersJob(every time.Duration) *river.PeriodicJob {
	if every == 0 {
		every = 24 * time.Hour
	}
	return river.NewPeriodicJob(river.PeriodicInterval(every),
		func() (river.JobArgs, *river.InsertOpts) { return DisableInactiveUsersArgs{}, nil },
		&river.PeriodicJobOpts{ID: "disable_inactive_users", RunOnStart: true})
}
