package api_test

import (
	"context"
	"encoding/json"
	"io"
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

// A council tax payment that validates and one whose check digit is wrong (suspense).
const councilFile = "transaction_date,fund,reference,amount,mop,narrative\r\n" +
	"2025-03-05,23,400123451,125.00,BK,Council tax March\r\n" +
	"2025-03-05,23,400123452,50.00,BK,Check digit wrong\r\n"

type importOut struct {
	ID      int64    `json:"id"`
	Status  string   `json:"status"`
	Source  string   `json:"source"`
	Receipt string   `json:"receipt_number"`
	Errors  []string `json:"errors"`
	Totals  struct {
		Ledger   struct{ Count, Pence int64 } `json:"ledger"`
		Suspense struct{ Count, Pence int64 } `json:"suspense"`
	} `json:"totals"`
}

// TestImportsOverTheAPI: a client with scope imports sends a file as the body and gets its import
// at once (202, queued); the background job posts it and GET shows the totals and the lines it
// kept; a retry with the same Idempotency-Key returns the same import and another request under it
// is refused; the same file under a new key is refused naming the first import; JSON rows are
// checked row by row and imported as IMS CSV; an unreadable file is accepted and then fails with
// its reasons; another client cannot read the import, and a client without the scope cannot send.
func TestImportsOverTheAPI(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		demotest.Council(t, db)
		client := func(name string, scope ims.Scope) string {
			_, token, err := users.New(db).CreateAPIClient(ctx, ims.System(), ims.APIClient{Name: name, Scopes: []ims.Scope{scope}})
			if err != nil {
				t.Fatal(err)
			}
			return token
		}
		cashier, other, forms := client("cash system", ims.ScopeImports), client("other system", ims.ScopeImports),
			client("forms", ims.ScopeReferenceData)
		a, srv := apptest.Serve(t, db)
		contract := apitest.Contract(t)
		send := func(method, path, token, key, contentType, body string) (*http.Response, []byte) {
			t.Helper()
			var rd io.Reader
			if body != "" {
				rd = strings.NewReader(body)
			}
			req, _ := http.NewRequest(method, srv.URL+path, rd)
			req.Header.Set("Authorization", "Bearer "+token)
			if contentType != "" {
				req.Header.Set("Content-Type", contentType)
			}
			if key != "" {
				req.Header.Set("Idempotency-Key", key)
			}
			return apitest.Do(t, contract, req)
		}
		upload := func(token, key, name, body string) (*http.Response, importOut, []byte) {
			t.Helper()
			res, b := send("POST", "/api/v1/imports?import_type=IMSCSV&file_name="+name, token, key, "application/octet-stream", body)
			var out importOut
			_ = json.Unmarshal(b, &out)
			return res, out, b
		}
		get := func(token string, id int64) (int, importOut) {
			t.Helper()
			res, b := send("GET", "/api/v1/imports/"+strconv.FormatInt(id, 10), token, "", "", "")
			var out importOut
			_ = json.Unmarshal(b, &out)
			return res.StatusCode, out
		}
		run := func(id int64) {
			t.Helper()
			if err := a.Imports.RunImport(ctx, id); err != nil {
				t.Fatalf("running import %d: %v", id, err)
			}
		}

		if res, _, _ := upload(forms, "k1", "march.csv", councilFile); res.StatusCode != http.StatusForbidden {
			t.Errorf("a client without scope imports: %d; want 403", res.StatusCode)
		}
		if res, _, b := upload(cashier, "", "march.csv", councilFile); res.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(string(b), "Idempotency-Key") {
			t.Errorf("no Idempotency-Key: %d %s; want 422 naming it", res.StatusCode, b)
		}
		if res, _, b := upload(cashier, "k1", "march.csv", ""); res.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(string(b), `"file"`) {
			t.Errorf("an empty body: %d %s; want 422 naming the file", res.StatusCode, b)
		}
		res, b := send("POST", "/api/v1/imports?import_type=NOSUCH&file_name=march.csv", cashier, "k0", "text/csv", councilFile)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(b), `"import_type"`) {
			t.Errorf("an unknown import type: %d %s; want 422 naming import_type", res.StatusCode, b)
		}
		res, first, b := upload(cashier, "k1", "march.csv", councilFile)
		if res.StatusCode != http.StatusAccepted || first.Status != "queued" || first.Source != "api" ||
			res.Header.Get("Location") != "/api/v1/imports/"+strconv.FormatInt(first.ID, 10) {
			t.Fatalf("upload: %d %s (Location %q); want 202, queued, and the import's address", res.StatusCode, b, res.Header.Get("Location"))
		}
		if res, again, b := upload(cashier, "k1", "march.csv", councilFile); res.StatusCode != http.StatusOK || again.ID != first.ID {
			t.Errorf("a retried upload: %d %s; want 200 and import %d", res.StatusCode, b, first.ID)
		}
		if res, _, b := upload(cashier, "k1", "march.csv", strings.Replace(councilFile, "125.00", "126.00", 1)); res.StatusCode != http.StatusConflict {
			t.Errorf("other bytes under the same key: %d %s; want 409", res.StatusCode, b)
		}
		if res, _, b := upload(cashier, "k1", "april.csv", councilFile); res.StatusCode != http.StatusConflict {
			t.Errorf("another file name under the same key: %d %s; want 409", res.StatusCode, b)
		}

		run(first.ID)
		status, posted := get(cashier, first.ID)
		if status != http.StatusOK || posted.Status != "posted" || posted.Receipt == "" ||
			posted.Totals.Ledger.Count != 1 || posted.Totals.Ledger.Pence != 12500 ||
			posted.Totals.Suspense.Count != 1 || posted.Totals.Suspense.Pence != 5000 {
			t.Errorf("after its job: %d %+v; want posted, £125.00 to the ledger and £50.00 to suspense", status, posted)
		}
		if status, _ := get(other, first.ID); status != http.StatusNotFound {
			t.Errorf("another client reading the import: %d; want 404", status)
		}
		path := "/api/v1/imports/" + strconv.FormatInt(first.ID, 10) + "/lines"
		res, b = send("GET", path, cashier, "", "", "")
		var lines struct {
			Items []struct {
				Reference string `json:"reference"`
				Outcome   string `json:"outcome"`
				Reason    string `json:"reason"`
				Suspense  int64  `json:"suspense_item_id"`
			} `json:"items"`
		}
		if json.Unmarshal(b, &lines); res.StatusCode != http.StatusOK || len(lines.Items) != 1 || lines.Items[0].Reference != "400123452" ||
			lines.Items[0].Outcome != "suspense" || !strings.Contains(lines.Items[0].Reason, "check digit") || lines.Items[0].Suspense == 0 {
			t.Errorf("lines kept: %d %s; want the suspense line with its reason and item", res.StatusCode, b)
		}
		if res, b := send("GET", path+"?outcome=skip", cashier, "", "", ""); res.StatusCode != http.StatusOK || !strings.Contains(string(b), `"items":[]`) {
			t.Errorf("lines skipped: %d %s; want none", res.StatusCode, b)
		}
		if res, b := send("GET", path+"?outcome=lost", cashier, "", "", ""); res.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(string(b), "outcome") {
			t.Errorf("an unknown outcome: %d %s; want 422 naming it", res.StatusCode, b)
		}
		if res, _ := send("GET", path, other, "", "", ""); res.StatusCode != http.StatusNotFound {
			t.Errorf("another client reading the lines: %d; want 404", res.StatusCode)
		}

		res, _, b = upload(cashier, "k2", "march-again.csv", councilFile)
		var problem struct {
			Errors map[string]string `json:"errors"`
		}
		if json.Unmarshal(b, &problem); res.StatusCode != http.StatusConflict || problem.Errors["duplicate_of"] != strconv.FormatInt(first.ID, 10) {
			t.Errorf("the same file again: %d %s; want 409 naming import %d", res.StatusCode, b, first.ID)
		}

		res, refused, b := upload(cashier, "k3", "notes.txt", "this is not a payment file\n")
		if res.StatusCode != http.StatusAccepted {
			t.Fatalf("an unreadable file: %d %s; want 202 (its job refuses it)", res.StatusCode, b)
		}
		run(refused.ID)
		if _, failed := get(cashier, refused.ID); failed.Status != "failed" || len(failed.Errors) == 0 {
			t.Errorf("an unreadable file after its job: %+v; want failed with its reasons", failed)
		}

		// The list holds the client's own imports, newest first, a page at a time.
		list := func(token, query string) (int, []int64, int64) {
			t.Helper()
			res, b := send("GET", "/api/v1/imports"+query, token, "", "", "")
			var page struct {
				Items      []importOut `json:"items"`
				NextBefore int64       `json:"next_before"`
			}
			_ = json.Unmarshal(b, &page)
			var ids []int64
			for _, it := range page.Items {
				ids = append(ids, it.ID)
			}
			return res.StatusCode, ids, page.NextBefore
		}
		if status, ids, _ := list(other, ""); status != http.StatusOK || len(ids) != 0 {
			t.Errorf("another client's list: %d %v; want none of the cashier's imports", status, ids)
		}
		status, ids, next := list(cashier, "?limit=1")
		if status != http.StatusOK || len(ids) != 1 || next == 0 || ids[0] < first.ID {
			t.Fatalf("the cashier's first page: %d %v next %d; want its newest import and a next page", status, ids, next)
		}
		if _, ids, _ := list(cashier, "?status=posted&before="+strconv.FormatInt(next+1, 10)); len(ids) != 1 || ids[0] != first.ID {
			t.Errorf("posted imports: %v; want import %d", ids, first.ID)
		}
		if status, _, _ := list(cashier, "?status=lost"); status != http.StatusUnprocessableEntity {
			t.Errorf("an unknown status: %d; want 422", status)
		}
	})
}

// TestImportRowsOverTheAPI: JSON rows are checked row by row (every wrong field named at once),
// need an import type that reads IMS CSV, and otherwise import as the IMS CSV file they make; a
// retry returns the same import.
func TestImportRowsOverTheAPI(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		demotest.Council(t, db)
		_, token, err := users.New(db).CreateAPIClient(ctx, ims.System(), ims.APIClient{Name: "cash system", Scopes: []ims.Scope{ims.ScopeImports}})
		if err != nil {
			t.Fatal(err)
		}
		a, srv := apptest.Serve(t, db)
		contract := apitest.Contract(t)
		post := func(key, body string) (int, importOut, string) {
			t.Helper()
			req, _ := http.NewRequest("POST", srv.URL+"/api/v1/imports", strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Idempotency-Key", key)
			res, b := apitest.Do(t, contract, req)
			var out importOut
			_ = json.Unmarshal(b, &out)
			return res.StatusCode, out, string(b)
		}
		bad := `{"import_type":"IMSCSV","rows":[
			{"date":"5 March 2025","fund":"23","reference":"400123451","amount":"12.50","mop":"BK"},
			{"date":"2025-03-05","fund":"23","reference":"400123451","amount":"1.234","mop":"BK"},
			{"date":"2025-03-05","fund":"23","reference":"400123451","amount":"1.00","amount_pence":100}]}`
		status, _, body := post("r1", bad)
		for _, field := range []string{"rows[0].date", "rows[1].amount", "rows[2].amount"} {
			if status != http.StatusUnprocessableEntity || !strings.Contains(body, `"`+field+`"`) {
				t.Errorf("bad rows: %d %s; want 422 naming %s", status, body, field)
			}
		}
		if status, _, body := post("r1", `{"import_type":"ALLPAY","rows":[{"date":"2025-03-05","amount":"1.00"}]}`); status != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "imscsv") {
			t.Errorf("rows for an allpay import type: %d %s; want 422 saying it must be imscsv", status, body)
		}

		rows := `{"import_type":"IMSCSV","file_name":"till-2025-03-05","rows":[
			{"date":"2025-03-05","fund":"23","reference":"400123451","amount":"12.50","mop":"BK","narrative":"Till, counter 2","source_reference":"T-1"},
			{"date":"2025-03-05","fund":"24","reference":"400277815","amount_pence":30000,"mop":"BK"}]}`
		status, imp, body := post("r2", rows)
		if status != http.StatusAccepted || imp.Status != "queued" {
			t.Fatalf("rows: %d %s; want 202 queued", status, body)
		}
		if status, again, body := post("r2", rows); status != http.StatusOK || again.ID != imp.ID {
			t.Errorf("a retry: %d %s; want 200 and import %d", status, body, imp.ID)
		}
		if status, _, body := post("r2", strings.Replace(rows, "12.50", "12.51", 1)); status != http.StatusConflict {
			t.Errorf("other rows under the same key: %d %s; want 409", status, body)
		}
		if err := a.Imports.RunImport(ctx, imp.ID); err != nil {
			t.Fatal(err)
		}
		got, err := a.Imports.Get(ctx, ims.System(), imp.ID)
		if err != nil || got.State != ims.ImportPosted || got.Totals.Ledger.Count != 2 || got.Totals.Ledger.Pence != 31250 {
			t.Errorf("rows after the job: %+v, %v; want both posted to the ledger, £312.50", got, err)
		}
	})
}
