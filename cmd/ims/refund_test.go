package main

import (
	"context"
	"strings"
	"testing"

	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// TestRefundUnmatched: the operator lists refunds found at the provider that IMS did not ask for.
func TestRefundUnmatched(t *testing.T) {
	t.Parallel()
	for _, engine := range []sqldb.Engine{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			url := sqldbtest.MigratedURL(t, engine)
			env := map[string]string{"IMS_DATABASE_URL": url}
			if code, out, _ := run(t, env, "", "refund", "unmatched"); code != 0 || !strings.Contains(out, "no refunds") {
				t.Errorf("none yet: exit %d %q", code, out)
			}
			insertUnmatchedRefund(t, engine, url)
			code, out, _ := run(t, env, "", "refund", "unmatched")
			if code != 0 || !strings.Contains(out, "pay-abc") || !strings.Contains(out, "rf-elsewhere") || !strings.Contains(out, "£3.00") {
				t.Errorf("one unmatched refund: exit %d %q", code, out)
			}
			if code, _, stderr := run(t, env, "", "refund", "list"); code != 2 || !strings.Contains(stderr, "usage: ims refund unmatched") {
				t.Errorf("unknown subcommand: exit %d %q", code, stderr)
			}
		})
	}
}

// insertUnmatchedRefund records a provider refund of a payment the test does not bother to make,
// with foreign key checks off on one connection.
func insertUnmatchedRefund(t *testing.T, engine sqldb.Engine, url string) {
	t.Helper()
	ctx := context.Background()
	db, err := sqldb.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	off := "PRAGMA foreign_keys = OFF"
	if engine == sqldb.Postgres {
		off = "SET session_replication_role = replica"
	}
	if _, err := conn.ExecContext(ctx, off); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO unmatched_provider_refunds (payment_id, provider_refund_id, amount, status, found_at)
		VALUES ('pay-abc', 'rf-elsewhere', 300, 'success', CURRENT_TIMESTAMP)`); err != nil {
		t.Fatal(err)
	}
}
