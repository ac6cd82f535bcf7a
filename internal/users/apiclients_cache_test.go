package users_test

import (
	"context"
	"slices"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// TestAnAPIClientChangeReachesEveryInstanceAtOnce: each instance caches API tokens (ADR 38), yet a
// change made on one instance — new scopes, a revoked token — holds on another from its very next
// request, with no wait and no message between them.
func TestAnAPIClientChangeReachesEveryInstanceAtOnce(t *testing.T) {
	t.Parallel()
	for _, engine := range []sqldb.Engine{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			dbURL := sqldbtest.MigratedURL(t, engine)
			ctx := context.Background()
			open := func() *sqldb.DB {
				db, err := sqldb.Open(ctx, dbURL)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				return db
			}
			admin, other := users.New(open()), users.New(open())
			c, token, err := admin.CreateAPIClient(ctx, ims.System(), ims.APIClient{Name: "shop", Scopes: []ims.Scope{ims.ScopePayments}})
			if err != nil {
				t.Fatal(err)
			}
			for range 2 { // the second answer comes from the cache
				p, _, err := other.AuthenticateToken(ctx, token)
				if err != nil || !slices.Equal(p.Scopes, []ims.Scope{ims.ScopePayments}) {
					t.Fatalf("a new token on the other instance: %+v, %v", p, err)
				}
			}
			if _, err := admin.UpdateAPIClient(ctx, ims.System(), c.ID, users.APIClientChanges{
				Scopes: []ims.Scope{ims.ScopePayments, ims.ScopeRefunds}}); err != nil {
				t.Fatal(err)
			}
			if p, _, err := other.AuthenticateToken(ctx, token); err != nil || !slices.Contains(p.Scopes, ims.ScopeRefunds) {
				t.Errorf("after a scope was added on one instance, the other gives %v, %v", p.Scopes, err)
			}
			if err := admin.RevokeAPIClient(ctx, ims.System(), c.ID); err != nil {
				t.Fatal(err)
			}
			if _, _, err := other.AuthenticateToken(ctx, token); ims.ErrorCode(err) != ims.Unauthorized {
				t.Errorf("a token revoked on one instance, on the other: %v, want Unauthorized", err)
			}
		})
	}
}
