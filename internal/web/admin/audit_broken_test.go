package admin_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/app/apptest"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// changeBehindIMSsBack runs stmt past the append-only triggers, as someone with direct access to
// the database might.
func changeBehindIMSsBack(t *testing.T, db *sqldb.DB, stmt string) {
	t.Helper()
	ctx := context.Background()
	steps := []string{`DROP TRIGGER IF EXISTS audit_events_no_update`, stmt}
	if db.Engine == sqldb.Postgres {
		steps = []string{`SET session_replication_role = replica`, stmt, `SET session_replication_role = DEFAULT`}
	}
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, s := range steps {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// A run that finds a changed audit event says where the trail breaks, without a success message,
// and is kept as the last run.
func TestAuditVerifyShowsABrokenChain(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		_, srv := apptest.Serve(t, db)
		c := staffClient(t, db, srv.URL, "ada@example.gov.uk", ims.Auditor)
		changeBehindIMSsBack(t, db, `UPDATE audit_events SET actor = 'user:99' WHERE id = 1`)
		res, err := c.PostForm(srv.URL+"/admin/audit/verify", nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		page := string(body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("verify: %d", res.StatusCode)
		}
		wantIn(t, "a broken trail", page, ">Broken<", "Broken at event 1", "Intact: 0 postings checked", "information security officer")
		if strings.Contains(page, "Verified") {
			t.Error("a broken trail is reported as verified")
		}
		_, page = get(t, c, srv.URL+"/admin/audit/verify")
		wantIn(t, "the last run, shown again", page, "Broken at event 1")
	})
}
