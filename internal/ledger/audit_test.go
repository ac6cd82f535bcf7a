package ledger_test

import (
	"context"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// Only an Auditor reads the audit trail; the check is the service's, made before storage is asked.
func TestAuditEventsNeedTheAuditorRole(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		seed(t, db)
		svc := ledger.New(db)
		for _, p := range []ims.Principal{admin, {UserID: 3, Roles: []ims.Role{ims.Payments}}, {}} {
			if _, err := svc.AuditEvents(ctx, p, sqldb.AuditFilter{}); ims.ErrorCode(err) != ims.Forbidden && ims.ErrorCode(err) != ims.Unauthorized {
				t.Errorf("audit trail read by %v: %v, want refused", p.Roles, err)
			}
		}
		events, err := svc.AuditEvents(ctx, auditor, sqldb.AuditFilter{Entity: "fund"})
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 1 || events[0].EntityID != "13" || events[0].Action != "create" {
			t.Fatalf("fund audit events = %+v, want the one creation of fund 13", events)
		}
	})
}
