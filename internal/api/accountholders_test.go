package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
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

type holderList struct {
	Items []struct {
		FundCode  string `json:"fund_code"`
		Reference string `json:"reference"`
		Name      string `json:"name"`
		Balance   string `json:"balance"`
	} `json:"items"`
	NextCursor string `json:"next_cursor"`
}

type bulkResult struct {
	ImportID int64 `json:"import_id"`
	Created  int   `json:"created"`
	Refused  int   `json:"refused"`
	Results  []struct {
		Index     int    `json:"index"`
		Reference string `json:"reference"`
		Outcome   string `json:"outcome"`
		Reason    string `json:"reason"`
	} `json:"results"`
}

// TestAccountHoldersAPI: a client with scope account-holders upserts holders in bulk (each row's
// outcome; a repeat with the same Idempotency-Key answers the same without applying it again) and
// searches them page by page; a client given the housing fund group sees only fund 5's holders and
// cannot write to another fund; a client without the scope is refused. Every answer is checked
// against openapi.yaml.
func TestAccountHoldersAPI(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		sys := ims.System()
		demotest.Council(t, db)
		client := func(name string, groups []string, scopes ...ims.Scope) string {
			_, token, err := users.New(db).CreateAPIClient(ctx, sys, ims.APIClient{Name: name, Scopes: scopes, FundGroups: groups})
			if err != nil {
				t.Fatal(err)
			}
			return token
		}
		all := client("debtors", nil, ims.ScopeAccountHolders)
		housing := client("rents", []string{"housing"}, ims.ScopeAccountHolders)
		other := client("forms", nil, ims.ScopeReferenceData)
		_, srv := apptest.Serve(t, db)
		contract := apitest.Contract(t)
		do := func(method, path, token, key, body string) (int, []byte) {
			t.Helper()
			req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
			if body == "" {
				req, _ = http.NewRequest(method, srv.URL+path, nil)
			}
			req.Header.Set("Authorization", "Bearer "+token)
			if body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			if key != "" {
				req.Header.Set("Idempotency-Key", key)
			}
			res, b := apitest.Do(t, contract, req)
			return res.StatusCode, b
		}

		rows := `{"account_holders":[
			{"fund_code":"19","reference":"api-1","name":"Ann Able","address":["1 High St"],"postcode":"DM1 1AA","balance":"12.50"},
			{"fund_code":"5","reference":"51000123018","name":"Bad Check"},
			{"fund_code":"19","reference":"API-2","name":"Ben Able","balance":3}]}`
		status, body := do("POST", "/api/v1/account-holders/bulk", all, "b1", rows)
		var res bulkResult
		json.Unmarshal(body, &res)
		if status != http.StatusCreated || res.Created != 2 || res.Refused != 1 || len(res.Results) != 3 ||
			res.Results[0].Reference != "API-1" || res.Results[1].Outcome != "refused" || res.Results[1].Index != 1 ||
			!strings.Contains(res.Results[1].Reason, "check digit") {
			t.Fatalf("bulk: %d %s", status, body)
		}
		status, again := do("POST", "/api/v1/account-holders/bulk", all, "b1", rows)
		if status != http.StatusOK || string(again) != string(body) {
			t.Errorf("repeat: %d %s; want 200 and the first answer", status, again)
		}
		if status, body := do("POST", "/api/v1/account-holders/bulk", all, "b1", strings.Replace(rows, "Ann", "Anne", 1)); status != http.StatusConflict {
			t.Errorf("other rows under the same key: %d %s; want 409", status, body)
		}
		if status, body := do("POST", "/api/v1/account-holders/bulk", all, "", rows); status != http.StatusUnprocessableEntity {
			t.Errorf("no Idempotency-Key: %d %s; want 422", status, body)
		}
		if status, body := do("POST", "/api/v1/account-holders/bulk", all, "b2",
			`{"account_holders":[{"fund_code":"19","reference":"API-3","balance":"1.234"}]}`); status != http.StatusUnprocessableEntity ||
			!strings.Contains(string(body), "account_holders[0].balance") {
			t.Errorf("a bad balance: %d %s; want 422 naming it", status, body)
		}
		status, body = do("POST", "/api/v1/account-holders/bulk", housing, "h1", `{"account_holders":[{"fund_code":"19","reference":"API-9"}]}`)
		if json.Unmarshal(body, &res); status != http.StatusCreated || res.Refused != 1 || !strings.Contains(res.Results[0].Reason, "not one of your funds") {
			t.Errorf("housing client writing fund 19: %d %s; want the row refused", status, body)
		}

		var list holderList
		status, body = do("GET", "/api/v1/account-holders?name=able", all, "", "")
		if json.Unmarshal(body, &list); status != http.StatusOK || len(list.Items) != 2 || list.Items[0].Balance != "12.50" ||
			list.Items[1].Balance != "3.00" {
			t.Errorf("search by name: %d %s", status, body)
		}
		var seen []string
		path := "/api/v1/account-holders?fund=5&limit=2"
		for range 5 {
			status, body = do("GET", path, housing, "", "")
			list = holderList{}
			if json.Unmarshal(body, &list); status != http.StatusOK {
				t.Fatalf("page: %d %s", status, body)
			}
			for _, h := range list.Items {
				seen = append(seen, h.Reference)
			}
			if list.NextCursor == "" {
				break
			}
			path = "/api/v1/account-holders?fund=5&limit=2&cursor=" + url.QueryEscape(list.NextCursor)
		}
		if len(seen) != 5 {
			t.Errorf("pages of fund 5 gave %v; want its 5 holders", seen)
		}
		status, body = do("GET", "/api/v1/account-holders?name=able", housing, "", "")
		if json.Unmarshal(body, &list); status != http.StatusOK || len(list.Items) != 0 {
			t.Errorf("housing client searching fund 19's holders: %d %s; want none", status, body)
		}
		if status, body := do("GET", "/api/v1/account-holders?cursor=nonsense", all, "", ""); status != http.StatusUnprocessableEntity {
			t.Errorf("a made-up cursor: %d %s; want 422", status, body)
		}
		if status, _ := do("GET", "/api/v1/account-holders", other, "", ""); status != http.StatusForbidden {
			t.Errorf("a client without the scope: %d; want 403", status)
		}
	})
}
