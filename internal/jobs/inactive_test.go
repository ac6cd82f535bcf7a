package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/jobs"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// The daily job disables the staff accounts unused for longer than the security settings allow,
// as soon as an instance starts and then every day.
func TestInactiveUsersAreDisabledByAPeriodicJob(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		svc := users.New(db)
		cheap := auth.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
		u, err := svc.CreateUser(ctx, ims.System(), ims.User{Email: "idle@example.gov.uk", Name: "Idle"}, "correct horse battery staple", cheap)
		if err != nil {
			t.Fatal(err)
		}
		db.Clock.(*sqldbtest.Clock).Advance(91 * 24 * time.Hour)
		j, err := jobs.New(jobs.Config{DB: db, Users: svc, PollInterval: 20 * time.Millisecond, Daily: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		if err := j.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			j.Stop(ctx)
		})
		waitFor(t, 15*time.Second, "the unused account to be disabled", func() bool {
			var disabled bool
			if err := db.SQL.QueryRow(`SELECT disabled FROM users WHERE id = $1`, u.ID).Scan(&disabled); err != nil {
				t.Fatal(err)
			}
			return disabled
		})
	})
}
