package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/api/apitest"
	"github.com/ims-council/ims/internal/app/apptest"
	"github.com/ims-council/ims/internal/cashreturns"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// A client with scope cash-returns (sundry fund group) lists the returns of its funds by status a
// page at a time and reads one with its cash analysis; a return with a parking line is not listed
// and reads as 404; a client without the scope is refused; every answer matches the contract.
func TestCashReturnsOverTheAPI(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		demotest.Council(t, db)
		s, sys := cashreturns.New(db), ims.System()
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(s.SetSettings(ctx, sys, ims.CashReturnSettings{CashMOP: "1", ChequeMOP: "2"}))
		must(s.PutTemplate(ctx, sys, ims.CashReturnTemplate{Code: "LIB", Name: "Central Library", Office: "CO", Cash: true,
			Lines: []ims.CashReturnTemplateLine{{Reference: "LIB-FINES", Description: "Overdue fines"}}}, true))
		must(s.PutTemplate(ctx, sys, ims.CashReturnTemplate{Code: "PARK", Name: "Car park", Office: "CO", Cash: true,
			Lines: []ims.CashReturnTemplateLine{{Fund: "11", Description: "Penalty charges", OverrideReference: true}}}, true))
		var ids []int64
		for i := range 3 {
			r, err := s.Create(ctx, sys, "LIB", ims.CashReturnCash)
			must(err)
			_, err = s.Save(ctx, sys, r.ID, ims.CashReturnFill{Lines: []ims.CashReturnLine{{Amount: 1500}}, BagNumber: fmt.Sprint("B-", i),
				Cash: []ims.CashCount{{Denomination: 1000, Amount: 1000}, {Denomination: 500, Amount: 500}}})
			must(err)
			if i > 0 {
				_, err = s.Submit(ctx, sys, r.ID)
				must(err)
			}
			ids = append(ids, r.ID)
		}
		park, err := s.Create(ctx, sys, "PARK", ims.CashReturnCash)
		must(err)

		token := func(scope ims.Scope) string {
			_, tok, err := users.New(db).CreateAPIClient(ctx, ims.System(), ims.APIClient{Name: "returns " + string(scope),
				Scopes: []ims.Scope{scope}, FundGroups: []string{"sundry"}})
			must(err)
			return tok
		}
		client, other := token(ims.ScopeCashReturns), token(ims.ScopeJournals)
		_, srv := apptest.Serve(t, db)
		contract := apitest.Contract(t)
		get := func(path, tok string) (int, map[string]any) {
			t.Helper()
			req, _ := http.NewRequest("GET", srv.URL+path, nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			res, b := apitest.Do(t, contract, req)
			var out map[string]any
			_ = json.Unmarshal(b, &out)
			return res.StatusCode, out
		}
		if status, _ := get("/api/v1/cash-returns", other); status != http.StatusForbidden {
			t.Errorf("without scope cash-returns: %d; want 403", status)
		}
		status, page := get("/api/v1/cash-returns?status=submitted&limit=1", client)
		list, _ := page["cash_returns"].([]any)
		if status != http.StatusOK || len(list) != 1 || page["next_cursor"] == nil {
			t.Fatalf("first page of submitted returns: %d %v", status, page)
		}
		first := list[0].(map[string]any)
		if first["id"] != float64(ids[2]) || first["status"] != "submitted" || first["total"] != "15.00" {
			t.Errorf("newest submitted return: %v", first)
		}
		status, page = get(fmt.Sprintf("/api/v1/cash-returns?status=submitted&limit=1&cursor=%v", page["next_cursor"]), client)
		list, _ = page["cash_returns"].([]any)
		if status != http.StatusOK || len(list) != 1 || list[0].(map[string]any)["id"] != float64(ids[1]) || page["next_cursor"] != nil {
			t.Errorf("second and last page: %d %v", status, page)
		}
		status, page = get("/api/v1/cash-returns", client)
		if list, _ := page["cash_returns"].([]any); status != http.StatusOK || len(list) != 3 {
			t.Errorf("every return of the client's funds (not the parking one): %d %v", status, page)
		}
		if status, _ := get("/api/v1/cash-returns?from=2026-13-01", client); status != http.StatusUnprocessableEntity {
			t.Errorf("a bad date: %d; want 422", status)
		}
		status, one := get(fmt.Sprint("/api/v1/cash-returns/", ids[0]), client)
		cash, _ := one["cash"].([]any)
		if status != http.StatusOK || one["bag_number"] != "B-0" || len(cash) != 2 || one["status"] != "draft" {
			t.Errorf("one return: %d %v", status, one)
		}
		if status, _ := get(fmt.Sprint("/api/v1/cash-returns/", park.ID), client); status != http.StatusNotFound {
			t.Errorf("a return of another group's fund: %d; want 404", status)
		}
	})
}
