package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/api/apitest"
	"github.com/ims-council/ims/internal/app/apptest"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
	"github.com/ims-council/ims/money"
)

// A client with scope transactions searches the ledger and opens receipts: one given the sundry
// fund group never finds or opens a council tax payment, one given no fund group sees every fund;
// pages follow the cursor; every answer matches the contract.
func TestTransactionsOverTheAPI(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		demotest.Council(t, db)
		token := func(name string, groups []string, scopes ...ims.Scope) string {
			_, tok, err := users.New(db).CreateAPIClient(ctx, ims.System(), ims.APIClient{Name: name, Scopes: scopes, FundGroups: groups})
			if err != nil {
				t.Fatal(err)
			}
			return tok
		}
		sundry, everyFund := token("sundry", []string{"sundry"}, ims.ScopeTransactions), token("all", nil, ims.ScopeTransactions)
		payments := token("payments", nil, ims.ScopePayments)
		post := func(fund, ref string, amount money.Pence) string {
			po, err := ledger.New(db).Post(ctx, ims.System(), ims.NewPosting{Kind: ims.PostingManual, Source: ims.SourceStaff,
				Entries: []ims.NewLedgerEntry{{Kind: ims.EntryPayment, Fund: fund, Reference: ref, MOP: "1", Amount: amount}}})
			if err != nil {
				t.Fatal(err)
			}
			return po.ReceiptNumber
		}
		hall := post("13", "HALL1", 5000)
		post("19", "INV1", 1250)
		post("19", "INV2", 2500)
		ctax := post("23", "400123451", 9900)

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
		refs := func(out map[string]any) []string {
			var rs []string
			for _, tr := range out["transactions"].([]any) {
				rs = append(rs, tr.(map[string]any)["reference"].(string))
			}
			return rs
		}
		if status, _ := get("/api/v1/transactions", payments); status != http.StatusForbidden {
			t.Errorf("without scope transactions: %d; want 403", status)
		}
		status, out := get("/api/v1/transactions?sort=amount&limit=2", sundry)
		if status != http.StatusOK || len(refs(out)) != 2 || refs(out)[0] != "INV1" || out["next_cursor"] == nil {
			t.Fatalf("first page: %d %v", status, out)
		}
		status, out = get("/api/v1/transactions?sort=amount&limit=2&cursor="+url.QueryEscape(out["next_cursor"].(string)), sundry)
		if status != http.StatusOK || len(refs(out)) != 1 || refs(out)[0] != "HALL1" || out["next_cursor"] != nil {
			t.Errorf("second page: %d %v", status, out)
		}
		if _, out = get("/api/v1/transactions?reference=400123451", sundry); len(refs(out)) != 0 {
			t.Errorf("the sundry client found council tax: %v", out)
		}
		if _, out = get("/api/v1/transactions?reference=400123451", everyFund); len(refs(out)) != 1 {
			t.Errorf("the client of every fund did not find council tax: %v", out)
		}
		if _, out = get("/api/v1/transactions?reference=INV&match=prefix&amount=25.00", sundry); len(refs(out)) != 1 || refs(out)[0] != "INV2" {
			t.Errorf("prefix and amount: %v", out)
		}
		if status, out = get("/api/v1/transactions?from=2026-13-01&match=nearly&limit=0&cursor=x", sundry); status != http.StatusUnprocessableEntity {
			t.Errorf("bad search: %d %v", status, out)
		}
		status, out = get("/api/v1/receipts/"+hall, sundry)
		if status != http.StatusOK || out["total"] != "50.00" || len(out["entries"].([]any)) != 1 {
			t.Errorf("receipt: %d %v", status, out)
		}
		if status, _ = get("/api/v1/receipts/"+ctax, sundry); status != http.StatusNotFound {
			t.Errorf("another group's receipt: %d; want 404", status)
		}
		if status, _ = get("/api/v1/receipts/"+ctax, everyFund); status != http.StatusOK {
			t.Errorf("the client of every fund opening council tax: %d", status)
		}
	})
}
