package payments_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/getkin/kin-openapi/routers"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/checkdigit"
	"github.com/ims-council/ims/internal/api/apitest"
	"github.com/ims-council/ims/internal/app"
	"github.com/ims-council/ims/internal/app/apptest"
	"github.com/ims-council/ims/internal/payments"
	"github.com/ims-council/ims/internal/psp"
	"github.com/ims-council/ims/internal/psp/govukpaysim"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/users"
	"github.com/ims-council/ims/money"
)

// rig is the whole card payment path on one test server, as app.New builds it: IMS's site and API,
// the GOV.UK Pay simulator under /simulator/govukpay, and the real adapter between them.
type rig struct {
	contract routers.Router
	db       *sqldb.DB
	pay      *payments.Service
	sim      *govukpaysim.Simulator
	tap      *providerTap // between the adapter and the simulator
	client   psp.Provider
	srv      *httptest.Server
	token    string // API client with scope payments
}

func newRig(t *testing.T, db *sqldb.DB, policy govukpaysim.WebhookPolicy) *rig {
	t.Helper()
	return newRigWith(t, db, govukpaysim.Options{Webhooks: policy})
}

// newRigWith builds the rig with simulator options; app.New sets BaseURL, Clock and the accounts'
// keys (Accounts[0], when given, holds a test's fee settings).
func newRigWith(t *testing.T, db *sqldb.DB, simOpts govukpaysim.Options) *rig {
	t.Helper()
	ctx := context.Background()
	subs, _ := checkdigit.ParseSubstitutions("10:A")
	max := money.MustParse("5000")
	doc := ims.ReferenceData{
		Organisation: &ims.Organisation{Name: "Test Council", VATNumber: "GB 123 4567 89"},
		VATCodes:     []ims.VATCode{{Code: "M0", Name: "Outside scope", Suspense: true}, {Code: "W0", Name: "Standard", Rate: 2000}},
		CheckDigitSchemes: []checkdigit.Scheme{{Name: "parking", Type: checkdigit.WeightedSum, Modulus: 11,
			SourceSubstitution: "05", Weights: []int{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, ResultSubstitutions: subs}},
		Validators: []ims.ReferenceValidator{{Code: "PARK", Name: "Parking", MinLength: 10, MaxLength: 10,
			InputMask: "BJ#######@", CheckDigitScheme: "parking"}},
		Funds: []ims.Fund{
			{Code: "11", Name: "Parking Fines", VATCode: "M0", Validator: "PARK", Portal: true, MaxAmount: &max},
			{Code: "19", Name: "Sundry Invoices", VATCode: "W0", Portal: true},
			{Code: "1", Name: "Suspense", VATCode: "M0", Suspense: true},
		},
		ProviderAccounts: []ims.ProviderAccount{{Name: "govukpay", Provider: "govukpay"}},
		MOPs: []ims.MOP{
			{Code: "90", Name: "Card self-service", Kind: ims.KindCardSelfService, Refundable: true, ProviderAccount: "govukpay"},
			{Code: "PF", Name: "Card fee", Kind: ims.KindCardFee},
		},
	}
	if _, err := refdata.New(db).LoadReferenceData(ctx, ims.System(), doc); err != nil {
		t.Fatal(err)
	}
	_, token, err := users.New(db).CreateAPIClient(ctx, ims.System(), ims.APIClient{Name: "shop", Scopes: []ims.Scope{ims.ScopePayments, ims.ScopeRefunds}})
	if err != nil {
		t.Fatal(err)
	}
	const key, secret = "api_test_key", "webhook_secret" // the tests call the simulator and sign webhooks too
	account := govukpaysim.Account{APIKey: key, WebhookSecret: secret}
	if len(simOpts.Accounts) == 1 { // a test's fee settings
		account.ReportFees, account.Fee = simOpts.Accounts[0].ReportFees, simOpts.Accounts[0].Fee
	}
	simOpts.Accounts = []govukpaysim.Account{account}
	tap := &providerTap{}
	a, srv := apptest.Serve(t, db, app.WithSimulator(app.Simulator{Options: simOpts,
		Wrap: func(next http.Handler) http.Handler { tap.next = next; return tap }}))
	client, err := a.Provider(ctx, "govukpay")
	if err != nil {
		t.Fatal(err)
	}
	return &rig{contract: apitest.Contract(t), db: db, pay: a.Payments, sim: a.Simulator, tap: tap, client: client, srv: srv, token: token}
}

// postings counts the postings of a pending payment.
func (r *rig) postings(t *testing.T, paymentID string) int {
	t.Helper()
	var n int
	if err := r.db.SQL.QueryRow(`SELECT COUNT(*) FROM postings WHERE source_ref = $1`, paymentID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// anotherInstance returns a service with pay's settings and none of its in-memory state, as
// another instance of IMS on the same database has.
func anotherInstance(pay *payments.Service) *payments.Service {
	return &payments.Service{DB: pay.DB, Providers: pay.Providers, BaseURL: pay.BaseURL, Log: pay.Log,
		StartedGrace: pay.StartedGrace, ProviderExpiry: pay.ProviderExpiry, ReceiptLink: pay.ReceiptLink,
		RefundApprovalLimit: pay.RefundApprovalLimit, Metrics: pay.Metrics}
}
