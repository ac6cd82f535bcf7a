package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/api/apitest"
	"github.com/ims-council/ims/internal/app/apptest"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
	"github.com/ims-council/ims/money"
)

func pence(p money.Pence) *money.Pence { return &p }

// TestReferenceDataAPI: a client with scope reference-data reads the enabled funds (with their
// reference's length and mask, and their Welsh names, hints and reference labels), methods of payment and VAT codes, checked against openapi.yaml; the
// disabled records and the funds' ledger codes are not in the answers; a client without the
// scope is refused with 403 and a request without a token with 401.
func TestReferenceDataAPI(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		sys := ims.System()
		doc := ims.ReferenceData{
			VATCodes: []ims.VATCode{
				{Code: "M0", Name: "Outside scope", Suspense: true},
				{Code: "W0", Name: "Standard", Rate: 2000},
				{Code: "X0", Name: "Withdrawn", Rate: 1750, Disabled: true},
			},
			Funds: []ims.Fund{
				{Code: "11", Name: "Parking Fines", PortalLabel: "Pay a parking fine", Portal: true, VATCode: "M0",
					Validator: "PARK", ReferenceLabel: "Penalty charge notice number", MaxAmount: pence(50000),
					GLCode: "GL-SECRET", CostCentre: "CC-SECRET", NameCy: "Dirwyon parcio", PortalLabelCy: "Talu dirwy parcio",
					PortalHelp: "It starts with BJ", PortalHelpCy: "Mae'n dechrau gyda BJ", ReferenceLabelCy: "Rhif yr hysbysiad tâl cosb"},
				{Code: "23", Name: "Sundry debtors", VATCode: "W0"},
				{Code: "99", Name: "Old fund", VATCode: "M0", Disabled: true},
			},
			MOPs: []ims.MOP{
				{Code: "CA", Name: "Cash", Kind: ims.KindCash, MaxAmount: pence(1000000)},
				{Code: "WB", Name: "Web card", Kind: ims.KindCardSelfService, MinAmount: pence(100)},
				{Code: "CQ", Name: "Cheque", Kind: ims.KindCheque, Disabled: true},
			},
			Validators: []ims.ReferenceValidator{{Code: "PARK", Name: "Parking", MinLength: 10, MaxLength: 10,
				InputMask: "BJ#######@", CheckDigitScheme: "parking"}},
		}
		doc.CheckDigitSchemes = parkingScheme(t)
		if _, err := refdata.New(db).LoadReferenceData(ctx, sys, doc); err != nil {
			t.Fatal(err)
		}
		_, reader, err := users.New(db).CreateAPIClient(ctx, sys, ims.APIClient{Name: "forms", Scopes: []ims.Scope{ims.ScopeReferenceData}})
		if err != nil {
			t.Fatal(err)
		}
		_, checker, err := users.New(db).CreateAPIClient(ctx, sys, ims.APIClient{Name: "ivr", Scopes: []ims.Scope{ims.ScopeReferenceChecks}})
		if err != nil {
			t.Fatal(err)
		}
		_, srv := apptest.Serve(t, db)
		contract := apitest.Contract(t)

		get := func(path, token string) (int, []byte) {
			t.Helper()
			req, _ := http.NewRequest("GET", srv.URL+path, nil)
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			res, body := apitest.Do(t, contract, req)
			return res.StatusCode, body
		}
		want := map[string]string{
			"/api/v1/funds": `{"items":[
				{"code":"11","name":"Parking Fines","payer_label":"Pay a parking fine","portal":true,"vat_code":"M0",
				 "name_cy":"Dirwyon parcio","payer_label_cy":"Talu dirwy parcio","help":"It starts with BJ","help_cy":"Mae'n dechrau gyda BJ",
				 "max_amount":"500.00","reference":{"label":"Penalty charge notice number","label_cy":"Rhif yr hysbysiad tâl cosb",
				 "min_length":10,"max_length":10,"input_mask":"BJ#######@"}},
				{"code":"23","name":"Sundry debtors","payer_label":"Sundry debtors","payer_label_cy":"Sundry debtors","portal":false,"vat_code":"W0"}]}`,
			"/api/v1/mops": `{"items":[
				{"code":"CA","name":"Cash","kind":"cash","max_amount":"10000.00"},
				{"code":"WB","name":"Web card","kind":"card_self_service","min_amount":"1.00"}]}`,
			"/api/v1/vat-codes": `{"items":[
				{"code":"M0","name":"Outside scope","rate_bp":0,"rate_percent":"0"},
				{"code":"W0","name":"Standard","rate_bp":2000,"rate_percent":"20"}]}`,
		}
		for path, wantBody := range want {
			status, body := get(path, reader)
			var got, exp any
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatalf("%s: response is not JSON: %s", path, body)
			}
			if err := json.Unmarshal([]byte(wantBody), &exp); err != nil {
				t.Fatal(err)
			}
			if status != 200 {
				t.Errorf("%s: status %d: %s", path, status, body)
			}
			if diff := cmp.Diff(exp, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", path, diff)
			}
			for _, refused := range []struct {
				name, token string
				status      int
			}{{"no token", "", 401}, {"without the scope", checker, 403}} {
				status, body := get(path, refused.token)
				var problem map[string]any
				if err := json.Unmarshal(body, &problem); err != nil || status != refused.status || problem["detail"] == "" {
					t.Errorf("%s %s: %d %s; want %d with a problem", path, refused.name, status, body, refused.status)
				}
			}
		}
	})
}
