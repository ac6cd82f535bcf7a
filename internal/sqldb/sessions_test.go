package sqldb_test

import (
	"context"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

var _ scs.CtxStore = sqldb.SessionStore{}

func TestSessionStore(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := sqldb.SessionStore{DB: db}
		now := db.Clock.Now()
		must(t, s.CommitCtx(ctx, "tok", []byte("basket"), now.Add(time.Hour)))
		must(t, s.CommitCtx(ctx, "tok", []byte("basket2"), now.Add(time.Hour)))
		b, found, err := s.FindCtx(ctx, "tok")
		if err != nil || !found || string(b) != "basket2" {
			t.Fatalf("find = %q %v %v", b, found, err)
		}
		db.Clock.(*sqldbtest.Clock).Advance(2 * time.Hour)
		if _, found, _ := s.FindCtx(ctx, "tok"); found {
			t.Fatal("expired session found")
		}
		if n, err := s.DeleteExpiredSessions(ctx); err != nil || n != 1 {
			t.Fatalf("deleted %d, %v", n, err)
		}
	})
}
