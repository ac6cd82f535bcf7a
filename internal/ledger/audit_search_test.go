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

// trail writes a small audit trail: two users (Ann, Bob), an API client, and events at times either
// side of midnight in London in summer time.
func trail(t *testing.T, db *sqldb.DB) {
	t.Helper()
	ctx := context.Background()
	clock := db.Clock.(*sqldbtest.Clock)
	must(t, db.InTx(ctx, func(tx *sqldb.Tx) error {
		for _, u := range []ims.User{{Email: "ann@example.gov.uk", Name: "Ann Smith"}, {Email: "bob@example.gov.uk", Name: "Bob Jones"}} {
			if _, _, err := tx.InsertUser(ctx, u, "x"); err != nil {
				return err
			}
		}
		_, _, err := tx.InsertAPIClient(ctx, ims.APIClient{Name: "Revenues system", Scopes: []ims.Scope{ims.ScopePayments}, TokenPrefix: "abc"}, []byte("h"))
		return err
	}))
	ann := ims.Principal{UserID: 1, RequestID: "req-1"}
	bob := ims.Principal{UserID: 2}
	client := ims.Principal{APIClientID: 1}
	events := []struct {
		at            time.Time
		p             ims.Principal
		action, id    string
		before, after any
	}{
		{time.Date(2026, 6, 10, 22, 59, 0, 0, time.UTC), ann, "login", "1", nil, nil}, // 23:59 on 10 June in London
		{time.Date(2026, 6, 10, 23, 0, 0, 0, time.UTC), bob, "login", "2", nil, nil},  // midnight, 11 June in London
		{time.Date(2026, 6, 11, 9, 0, 0, 0, time.UTC), ann, "update", "2", map[string]string{"name": "Bob"}, map[string]string{"name": "Bob Jones 100%"}},
		{time.Date(2026, 6, 12, 9, 0, 0, 0, time.UTC), client, "create", "7", nil, map[string]string{"state": "created"}},
		{time.Date(2026, 6, 12, 10, 0, 0, 0, time.UTC), ims.System(), "update", "7", nil, map[string]string{"state": "success"}},
	}
	for _, e := range events {
		clock.Set(e.at)
		entity := "user"
		if e.action == "create" || e.p.Name == "system" {
			entity = "pending_payment"
		}
		must(t, db.InTx(ctx, func(tx *sqldb.Tx) error { return tx.Audit(ctx, e.p, e.action, entity, e.id, e.before, e.after) }))
	}
}

func ids(page ims.AuditPage) []int64 {
	var out []int64
	for _, e := range page.Events {
		out = append(out, e.ID)
	}
	return out
}

func TestSearchAuditFilters(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		trail(t, db)
		svc := ledger.New(db)
		june := func(d int) time.Time { return time.Date(2026, 6, d, 0, 0, 0, 0, time.UTC) }
		for _, tc := range []struct {
			name string
			q    ims.AuditQuery
			want []int64
		}{
			{"everything, newest first", ims.AuditQuery{}, []int64{5, 4, 3, 2, 1}},
			{"who by part of a name, any case", ims.AuditQuery{Who: "ANN"}, []int64{3, 1}},
			{"who by part of an email", ims.AuditQuery{Who: "bob@"}, []int64{2}},
			{"who by an API client's name", ims.AuditQuery{Who: "revenues"}, []int64{4}},
			{"who by actor", ims.AuditQuery{Who: "user:2"}, []int64{2}},
			{"who by bare id: user 1 and client 1", ims.AuditQuery{Who: "1"}, []int64{4, 3, 1}},
			{"who is the system", ims.AuditQuery{Who: "system"}, []int64{5}},
			{"who matches nobody", ims.AuditQuery{Who: "zoe"}, nil},
			{"action", ims.AuditQuery{Action: "login"}, []int64{2, 1}},
			{"entity and id", ims.AuditQuery{Entity: "pending_payment", EntityID: "7"}, []int64{5, 4}},
			{"text in the record, any case, % taken literally", ims.AuditQuery{Text: "JONES 100%"}, []int64{3}},
			{"a LIKE wildcard matches only itself", ims.AuditQuery{Text: "_"}, nil},
			{"one business date in summer time", ims.AuditQuery{From: june(11), To: june(11)}, []int64{3, 2}},
			{"up to a date", ims.AuditQuery{To: june(10)}, []int64{1}},
			{"from a date", ims.AuditQuery{From: june(12)}, []int64{5, 4}},
			{"filters together", ims.AuditQuery{Who: "ann", Action: "login", To: june(11)}, []int64{1}},
		} {
			page, err := svc.SearchAudit(ctx, auditor, tc.q)
			must(t, err)
			if got := ids(page); !equalIDs(got, tc.want) || page.Next != 0 {
				t.Errorf("%s: events %v (next %d), want %v", tc.name, got, page.Next, tc.want)
			}
		}
		page, err := svc.SearchAudit(ctx, auditor, ims.AuditQuery{Action: "update"})
		must(t, err)
		if e := page.Events[1]; e.ActorName != "Ann Smith" || e.Who() != "Ann Smith (user:1)" || e.RequestID != "req-1" ||
			e.Before != `{"name":"Bob"}` || !e.At.Equal(time.Date(2026, 6, 11, 9, 0, 0, 0, time.UTC)) {
			t.Errorf("Ann's update = %+v", e)
		}
		if e := page.Events[0]; e.Who() != "system" {
			t.Errorf("the system's update is by %q", e.Who())
		}
	})
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSearchAuditPagesNewestFirst(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		trail(t, db)
		svc := ledger.New(db)
		var got []int64
		q := ims.AuditQuery{Limit: 2}
		for pages := 0; ; pages++ {
			page, err := svc.SearchAudit(ctx, auditor, q)
			must(t, err)
			got = append(got, ids(page)...)
			if page.Next == 0 {
				if pages != 2 {
					t.Errorf("%d pages, want 3", pages+1)
				}
				break
			}
			q.Before = page.Next
		}
		if !equalIDs(got, []int64{5, 4, 3, 2, 1}) {
			t.Errorf("paged through %v", got)
		}
		// a page that ends exactly at the last event says there is no next page
		page, err := svc.SearchAudit(ctx, auditor, ims.AuditQuery{Action: "login", Limit: 2})
		must(t, err)
		if page.Next != 0 || len(page.Events) != 2 {
			t.Errorf("a full last page: %v next %d", ids(page), page.Next)
		}
	})
}

func TestAuditEventByID(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		trail(t, db)
		svc := ledger.New(db)
		e, err := svc.AuditEvent(ctx, auditor, 4)
		must(t, err)
		if e.Who() != "Revenues system (apiclient:1)" || e.Action != "create" || e.EntityID != "7" {
			t.Errorf("event 4 = %+v", e)
		}
		if _, err := svc.AuditEvent(ctx, auditor, 99); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("event 99: %v, want NotFound", err)
		}
		for _, p := range []ims.Principal{admin, {UserID: 5, Roles: []ims.Role{ims.SuperUser}}} {
			if _, err := svc.AuditEvent(ctx, p, 4); ims.ErrorCode(err) != ims.Forbidden {
				t.Errorf("event read by %v: %v, want Forbidden", p.Roles, err)
			}
			if _, err := svc.SearchAudit(ctx, p, ims.AuditQuery{}); ims.ErrorCode(err) != ims.Forbidden {
				t.Errorf("search by %v: %v, want Forbidden", p.Roles, err)
			}
		}
	})
}

// An Auditor with fund groups still sees the whole trail, including events about funds outside
// them: an audit that hides rows is no audit.
func TestAuditorSeesTheWholeTrail(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		seed(t, db) // creates fund 13, audited
		scoped := ims.Principal{UserID: 9, Roles: []ims.Role{ims.Auditor}, Funds: []string{"99"}}
		page, err := ledger.New(db).SearchAudit(ctx, scoped, ims.AuditQuery{Entity: "fund", EntityID: "13"})
		must(t, err)
		if len(page.Events) != 1 {
			t.Errorf("an Auditor limited to fund 99 sees %d events of fund 13, want 1", len(page.Events))
		}
	})
}
