package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/api/apitest"
	"github.com/ims-council/ims/internal/app/apptest"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// A client with scope journals (sundry fund group) journals £30.00 of a £100.00 line, is refused
// more than the £70.00 left and a line of another group's fund, undoes the journal once, and makes
// a transfer only once its sides balance; every answer matches the contract.
func TestJournalsOverTheAPI(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		demotest.Council(t, db)
		token := func(scope ims.Scope) string {
			_, tok, err := users.New(db).CreateAPIClient(ctx, ims.System(), ims.APIClient{Name: "ledger " + string(scope),
				Scopes: []ims.Scope{scope}, FundGroups: []string{"sundry"}})
			if err != nil {
				t.Fatal(err)
			}
			return tok
		}
		client, other := token(ims.ScopeJournals), token(ims.ScopeSuspense)
		entry := func(fund, ref string) int64 {
			po, err := ledger.New(db).Post(ctx, ims.System(), ims.NewPosting{Kind: ims.PostingManual, Source: ims.SourceStaff,
				Entries: []ims.NewLedgerEntry{{Kind: ims.EntryPayment, Fund: fund, Reference: ref, MOP: "1", Amount: 10000}}})
			if err != nil {
				t.Fatal(err)
			}
			var id int64
			if err := db.SQL.QueryRow(`SELECT id FROM ledger_entries WHERE posting_id = $1`, po.ID).Scan(&id); err != nil {
				t.Fatal(err)
			}
			return id
		}
		sundry, parking := entry("19", "SI/26/00412"), entry("11", "BJ99518409")
		_, srv := apptest.Serve(t, db)
		contract := apitest.Contract(t)
		send := func(path, tok, key, body string) (int, map[string]any) {
			t.Helper()
			req, _ := http.NewRequest("POST", srv.URL+path, strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Content-Type", "application/json")
			if key != "" {
				req.Header.Set("Idempotency-Key", key)
			}
			res, b := apitest.Do(t, contract, req)
			var out map[string]any
			_ = json.Unmarshal(b, &out)
			return res.StatusCode, out
		}
		journal := func(id int64, amount string) string {
			return fmt.Sprintf(`{"sources":[{"entry_id":%d,"amount":%q}],"targets":[{"fund_code":"13","reference":"MISC 7","amount":%q}],
				"reason":"Paid to the wrong fund"}`, id, amount, amount)
		}
		if status, _ := send("/api/v1/journals", other, "j1", journal(sundry, "30.00")); status != http.StatusForbidden {
			t.Errorf("without scope journals: %d; want 403", status)
		}
		status, made := send("/api/v1/journals", client, "j1", journal(sundry, "30.00"))
		if status != http.StatusCreated || made["amount"] != "30.00" || made["kind"] != "journal" {
			t.Fatalf("journal: %d %v", status, made)
		}
		if status, again := send("/api/v1/journals", client, "j1", journal(sundry, "30.00")); status != http.StatusOK || again["id"] != made["id"] {
			t.Errorf("repeat: %d %v", status, again)
		}
		status, body := send("/api/v1/journals", client, "j2", journal(sundry, "70.01"))
		if errs, _ := body["errors"].(map[string]any); status != http.StatusUnprocessableEntity || errs["sources[0].amount"] == nil {
			t.Errorf("more than the 70.00 left: %d %v", status, body)
		}
		status, body = send("/api/v1/journals", client, "j3", journal(parking, "1.00"))
		if errs, _ := body["errors"].(map[string]any); status != http.StatusUnprocessableEntity || errs["sources[0].entry_id"] == nil {
			t.Errorf("a line of another group's fund: %d %v", status, body)
		}
		undo := fmt.Sprintf("/api/v1/journals/%v/undo", made["id"])
		if status, undone := send(undo, client, "u1", `{"reason":"Right after all"}`); status != http.StatusCreated || undone["undo_receipt_number"] == nil {
			t.Errorf("undo: %d %v", status, undone)
		}
		if status, body := send(undo, client, "u2", ""); status != http.StatusConflict {
			t.Errorf("second undo: %d %v; want 409", status, body)
		}

		transfer := `{"from":[{"fund_code":"19","reference":"SI/26/00412","amount":"50.00"}],
			"to":[{"fund_code":"13","reference":"MISC 1","amount":%q}],"reason":"Support award"}`
		status, body = send("/api/v1/transfers", client, "t1", fmt.Sprintf(transfer, "49.99"))
		if errs, _ := body["errors"].(map[string]any); status != http.StatusUnprocessableEntity || errs["to"] == nil {
			t.Errorf("unbalanced transfer: %d %v", status, body)
		}
		if status, made := send("/api/v1/transfers", client, "t2", fmt.Sprintf(transfer, "50.00")); status != http.StatusCreated || made["kind"] != "transfer" {
			t.Errorf("transfer: %d %v", status, made)
		}
	})
}
