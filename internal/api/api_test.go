package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/getkin/kin-openapi/routers"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/api/apitest"
	"github.com/ims-council/ims/internal/app/apptest"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// fixture serves the real handler stack over a real database with parking-fine reference data.
type fixture struct {
	srv    *httptest.Server
	router routers.Router
	token  string // scope reference-checks
	other  string // scope payments only
}

func newFixture(t *testing.T, db *sqldb.DB) *fixture {
	ctx := context.Background()
	sys := ims.System()
	doc := ims.ReferenceData{
		VATCodes:   []ims.VATCode{{Code: "M0", Name: "Outside scope", Suspense: true}},
		Funds:      []ims.Fund{{Code: "11", Name: "Parking Fines", VATCode: "M0", Validator: "PARK"}},
		Validators: []ims.ReferenceValidator{{Code: "PARK", Name: "Parking", MinLength: 10, MaxLength: 10, InputMask: "BJ#######@", CheckDigitScheme: "parking"}},
	}
	doc.CheckDigitSchemes = parkingScheme(t)
	if _, err := refdata.New(db).LoadReferenceData(ctx, sys, doc); err != nil {
		t.Fatal(err)
	}
	_, token, err := users.New(db).CreateAPIClient(ctx, sys, ims.APIClient{Name: "ivr", Scopes: []ims.Scope{ims.ScopeReferenceChecks}})
	if err != nil {
		t.Fatal(err)
	}
	_, other, err := users.New(db).CreateAPIClient(ctx, sys, ims.APIClient{Name: "shop", Scopes: []ims.Scope{ims.ScopePayments}})
	if err != nil {
		t.Fatal(err)
	}
	_, srv := apptest.Serve(t, db)
	return &fixture{srv: srv, router: apitest.Contract(t), token: token, other: other}
}

// post sends a request through the real stack, checked against openapi.yaml.
func (f *fixture) post(t *testing.T, path, token, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("POST", f.srv.URL+path, bytes.NewBufferString(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, resBody := apitest.Do(t, f.router, req)
	var m map[string]any
	if err := json.Unmarshal(resBody, &m); err != nil {
		t.Fatalf("response is not JSON: %s", resBody)
	}
	return res.StatusCode, m
}

func TestReferenceChecksAPI(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		const path = "/api/v1/reference-checks"
		status, body := f.post(t, path, f.token, `{"fund_code":"11","reference":"bj99518409","amount":"12.50"}`)
		if status != 200 || body["valid"] != true || body["reference"] != "BJ99518409" {
			t.Errorf("valid reference: %d %v", status, body)
		}
		status, body = f.post(t, path, f.token, `{"fund_code":"11","reference":"BJ99518408"}`)
		if errs, _ := body["errors"].([]any); status != 200 || body["valid"] != false || len(errs) != 1 {
			t.Errorf("wrong check digit: %d %v", status, body)
		}
		cases := []struct {
			name, token, body, field string
			status                   int
		}{
			{"no token", "", `{"fund_code":"11","reference":"X"}`, "", 401},
			{"bad token", "ims_nottherighttoken", `{"fund_code":"11","reference":"X"}`, "", 401},
			{"wrong scope", f.other, `{"fund_code":"11","reference":"X"}`, "", 403},
			{"unknown fund", f.token, `{"fund_code":"99","reference":"X"}`, "fund_code", 422},
			{"three decimals", f.token, `{"fund_code":"11","reference":"BJ99518409","amount":"1.234"}`, "amount", 422},
			{"number with three decimals", f.token, `{"fund_code":"11","reference":"BJ99518409","amount":1.234}`, "amount", 422},
			{"missing reference", f.token, `{"fund_code":"11"}`, "reference", 422},
			{"unknown field", f.token, `{"fund_code":"11","reference":"X","colour":"red"}`, "colour", 422},
			{"not JSON", f.token, `{"fund_code":`, "", 422},
		}
		for _, c := range cases {
			status, body := f.post(t, path, c.token, c.body)
			errs, _ := body["errors"].(map[string]any)
			if status != c.status || body["detail"] == "" || (c.field != "" && errs[c.field] == nil) {
				t.Errorf("%s: %d %v; want %d naming %q", c.name, status, body, c.status, c.field)
			}
		}
	})
}
