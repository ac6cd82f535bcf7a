package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/api/apitest"
	"github.com/ims-council/ims/internal/app"
	"github.com/ims-council/ims/internal/app/apptest"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// An API client given fund groups takes payments and checks references only for their funds: a
// fund of another group is answered as one that does not exist, as an unknown fund is, while the
// same request for one of its own funds succeeds.
func TestAClientTakesOnlyTheFundsOfItsFundGroups(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		doc := demotest.Council(t, db)
		_, token, err := users.New(db).CreateAPIClient(ctx, ims.System(), ims.APIClient{Name: "housing",
			Scopes: []ims.Scope{ims.ScopeReferenceChecks, ims.ScopePayments}, FundGroups: []string{"housing"}})
		if err != nil {
			t.Fatal(err)
		}
		_, srv := apptest.Serve(t, db, app.WithSimulator(app.Simulator{}))
		contract := apitest.Contract(t)
		send := func(path, key, body string) (int, string) {
			t.Helper()
			req, _ := http.NewRequest("POST", srv.URL+path, strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/json")
			if key != "" {
				req.Header.Set("Idempotency-Key", key)
			}
			res, b := apitest.Do(t, contract, req)
			return res.StatusCode, string(b)
		}
		// Fund 11 (parking) belongs to the environment group, not housing.
		for _, fund := range []string{"11", "99"} {
			status, body := send("/api/v1/reference-checks", "", `{"fund_code":"`+fund+`","reference":"BJ99518409"}`)
			if status != http.StatusUnprocessableEntity || !strings.Contains(body, `Fund \"`+fund+`\" does not exist or is disabled`) {
				t.Errorf("reference check on fund %s: %d %s; want 422, the fund does not exist", fund, status, body)
			}
		}
		status, body := send("/api/v1/payments", "pay-parking",
			`{"lines":[{"fund_code":"11","reference":"BJ99518409","amount":"35.00"}],"return_url":"https://housing.example/paid"}`)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "does not exist or is disabled") {
			t.Errorf("payment to another group's fund: %d %s; want 422", status, body)
		}
		var housingFund ims.Fund
		for _, f := range doc.Funds {
			if f.Code == "5" {
				housingFund = f
			}
		}
		if housingFund.Code == "" {
			t.Fatal("the demo has no fund 5 (housing rents)")
		}
		status, body = send("/api/v1/reference-checks", "", `{"fund_code":"5","reference":"X"}`)
		if status != http.StatusOK {
			t.Errorf("reference check on the client's own fund 5: %d %s; want 200", status, body)
		}
		status, body = send("/api/v1/payments", "pay-rent",
			`{"lines":[{"fund_code":"5","reference":"`+housingRef(t, doc)+`","amount":"35.00"}],"return_url":"https://housing.example/paid"}`)
		if status != http.StatusCreated {
			t.Errorf("payment to the client's own fund 5: %d %s; want 201", status, body)
		}
	})
}

// housingRef returns the reference of a demo housing rents account holder (fund 5).
func housingRef(t *testing.T, doc ims.ReferenceData) string {
	t.Helper()
	for _, h := range doc.AccountHolders {
		if h.Fund == "5" && h.StopMessage == "" {
			return h.Reference
		}
	}
	t.Fatal("the demo has no housing rents account holder")
	return ""
}
