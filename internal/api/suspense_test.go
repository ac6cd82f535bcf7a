package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/api/apitest"
	"github.com/ims-council/ims/internal/app/apptest"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// A client with scope suspense records unidentified money, finds it with its totals, and allocates
// it to a fund of its groups; every answer matches the contract.
func TestSuspenseItemsOverTheAPI(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		demotest.Council(t, db)
		token := func(scopes ...ims.Scope) string {
			_, tok, err := users.New(db).CreateAPIClient(ctx, ims.System(), ims.APIClient{Name: "finance " + string(scopes[0]),
				Scopes: scopes, FundGroups: []string{"sundry"}})
			if err != nil {
				t.Fatal(err)
			}
			return tok
		}
		finance, payments := token(ims.ScopeSuspense), token(ims.ScopePayments)
		_, srv := apptest.Serve(t, db)
		contract := apitest.Contract(t)
		send := func(method, path, tok, key, body string) (int, map[string]any) {
			t.Helper()
			req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+tok)
			if body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			if key != "" {
				req.Header.Set("Idempotency-Key", key)
			}
			res, b := apitest.Do(t, contract, req)
			var out map[string]any
			_ = json.Unmarshal(b, &out)
			return res.StatusCode, out
		}
		item := `{"amount":"80.00","mop_code":"BK","reason":"No reference on the credit","narrative":"BGC J SMITH"}`
		if status, _ := send("POST", "/api/v1/suspense-items", payments, "k1", item); status != http.StatusForbidden {
			t.Errorf("without scope suspense: %d; want 403", status)
		}
		status, created := send("POST", "/api/v1/suspense-items", finance, "k1", item)
		if status != http.StatusCreated || created["status"] != "unallocated" || created["remaining"] != "80.00" {
			t.Fatalf("create: %d %v", status, created)
		}
		if status, again := send("POST", "/api/v1/suspense-items", finance, "k1", item); status != http.StatusOK || again["id"] != created["id"] {
			t.Errorf("repeat: %d %v", status, again)
		}
		if status, _ := send("POST", "/api/v1/suspense-items", finance, "", item); status != http.StatusUnprocessableEntity {
			t.Errorf("without an Idempotency-Key: %d; want 422", status)
		}
		status, list := send("GET", "/api/v1/suspense-items?status=unallocated&narrative=smith", finance, "", "")
		if status != http.StatusOK || list["count"] != float64(1) || list["remaining"] != "80.00" {
			t.Errorf("list: %d %v", status, list)
		}
		id := int(created["id"].(float64))
		alloc := func(version int, ref string) string {
			return `{"items":[{"id":` + strconv.Itoa(id) + `,"version":` + strconv.Itoa(version) + `}],"lines":[{"fund_code":"19","reference":"` + ref + `","amount":"50.00"}]}`
		}
		status, done := send("POST", "/api/v1/suspense-items/allocations", finance, "a1", alloc(1, "SI/26/1"))
		if status != http.StatusCreated || done["amount"] != "50.00" {
			t.Fatalf("allocate: %d %v", status, done)
		}
		if status, again := send("POST", "/api/v1/suspense-items/allocations", finance, "a1", alloc(1, "SI/26/1")); status != http.StatusOK || again["id"] != done["id"] {
			t.Errorf("a repeated allocation: %d %v; want 200 and the first allocation", status, again)
		}
		if status, _ := send("POST", "/api/v1/suspense-items/allocations", finance, "a1", alloc(1, "SI/26/9")); status != http.StatusConflict {
			t.Errorf("the key reused for another allocation: %d; want 409", status)
		}
		if status, _ := send("POST", "/api/v1/suspense-items/allocations", finance, "a2", alloc(1, "SI/26/2")); status != http.StatusConflict {
			t.Errorf("allocating from a stale version: %d; want 409", status)
		}
		status, detail := send("GET", "/api/v1/suspense-items/"+strconv.Itoa(id), finance, "", "")
		if status != http.StatusOK || detail["status"] != "part" || detail["remaining"] != "30.00" || len(detail["allocations"].([]any)) != 1 {
			t.Errorf("detail: %d %v", status, detail)
		}
		if status, _ := send("GET", "/api/v1/suspense-items/999999", finance, "", ""); status != http.StatusNotFound {
			t.Errorf("a missing item: %d; want 404", status)
		}
	})
}
