package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/api/apitest"
	"github.com/ims-council/ims/internal/app/apptest"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// TestFundsAreScopedToTheClientsFundGroups: a client given fund groups reads only their funds from
// GET /api/v1/funds, one given none reads every enabled fund, and methods of payment (not bound to
// funds) are the same for both. A change of fund groups applies from the next request.
func TestFundsAreScopedToTheClientsFundGroups(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		demotest.Council(t, db)
		svc := users.New(db)
		scopes := []ims.Scope{ims.ScopeReferenceData}
		_, everything, err := svc.CreateAPIClient(ctx, ims.System(), ims.APIClient{Name: "open data", Scopes: scopes})
		if err != nil {
			t.Fatal(err)
		}
		housing, housingToken, err := svc.CreateAPIClient(ctx, ims.System(), ims.APIClient{Name: "housing", Scopes: scopes,
			FundGroups: []string{"housing", "library"}})
		if err != nil {
			t.Fatal(err)
		}
		_, srv := apptest.Serve(t, db)
		contract := apitest.Contract(t)
		codes := func(path, token string) []string {
			t.Helper()
			req, _ := http.NewRequest("GET", srv.URL+path, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			res, body := apitest.Do(t, contract, req)
			var list struct{ Items []struct{ Code string } }
			if err := json.Unmarshal(body, &list); err != nil || res.StatusCode != 200 {
				t.Fatalf("%s: %d %s", path, res.StatusCode, body)
			}
			var out []string
			for _, it := range list.Items {
				out = append(out, it.Code)
			}
			slices.Sort(out)
			return out
		}
		all := codes("/api/v1/funds", everything)
		if len(all) < 8 || !slices.Contains(all, "23") || !slices.Contains(all, "5") {
			t.Fatalf("a client without fund groups reads funds %v", all)
		}
		if got := codes("/api/v1/funds", housingToken); !slices.Equal(got, []string{"5", "5M"}) {
			t.Errorf("the housing client reads funds %v; want 5 and 5M", got)
		}
		if a, b := codes("/api/v1/mops", everything), codes("/api/v1/mops", housingToken); !slices.Equal(a, b) || len(a) == 0 {
			t.Errorf("methods of payment differ: %v and %v", a, b)
		}
		if _, err := svc.UpdateAPIClient(ctx, ims.System(), housing.ID, users.APIClientChanges{Scopes: scopes, FundGroups: []string{"revenues"}}); err != nil {
			t.Fatal(err)
		}
		if got := codes("/api/v1/funds", housingToken); !slices.Equal(got, []string{"23", "24"}) {
			t.Errorf("after the change the client reads funds %v; want 23 and 24", got)
		}
	})
}
