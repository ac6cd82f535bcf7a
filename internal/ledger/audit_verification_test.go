package ledger_test

import (
	"context"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

func TestVerifyAndRecordKeepsTheLastRun(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		seed(t, db)
		l := ledger.New(db)
		_, err := l.Post(ctx, ims.Principal{UserID: 2, Roles: []ims.Role{ims.PostPayment}}, payment("5.00"))
		must(t, err)
		if _, ok, err := l.LastVerification(ctx, auditor); err != nil || ok {
			t.Fatalf("before any run: ok %v, %v", ok, err)
		}
		if _, err := l.VerifyAndRecord(ctx, admin); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("a run by a SystemAdmin: %v, want Forbidden", err)
		}
		if _, _, err := l.LastVerification(ctx, admin); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("the last run read by a SystemAdmin: %v, want Forbidden", err)
		}
		db.Clock.(*sqldbtest.Clock).Set(time.Date(2026, 7, 1, 8, 0, 0, 0, time.UTC))
		named := auditor
		named.Name = "Ada Auditor"
		v, err := l.VerifyAndRecord(ctx, named)
		must(t, err)
		if !v.Verified() || v.Ledger.Postings != 1 || v.Audit.Postings == 0 {
			t.Errorf("run = %+v", v)
		}
		last, ok, err := l.LastVerification(ctx, auditor)
		must(t, err)
		if !ok || !last.At.Equal(time.Date(2026, 7, 1, 8, 0, 0, 0, time.UTC)) || last.Actor != "user:9" ||
			last.Ledger != v.Ledger || last.Audit != v.Audit || !last.Verified() {
			t.Errorf("last run = %+v, want %+v", last, v)
		}
		// the run's own audit event keeps the chain intact for the next run
		again, err := l.VerifyAndRecord(ctx, auditor)
		must(t, err)
		if !again.Verified() || again.Audit.Postings != v.Audit.Postings+1 {
			t.Errorf("second run = %+v after %+v", again, v)
		}
	})
}
