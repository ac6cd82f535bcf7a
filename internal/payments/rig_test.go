package payments_test

import (
	"context"

	"github.com/getkin/kin-openapi/routers"

	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/checkdigit"
	"github.com/ims-council/ims/internal/api"
	"github.com/ims-council/ims/internal/api/apitest"
	"github.com/ims-council/ims/internal/payments"
	"github.com/ims-council/ims/internal/psp"
	"github.com/ims-council/ims/internal/psp/govukpay"
	"github.com/ims-council/ims/internal/psp/govukpaysim"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/web"
	"github.com/ims-council/ims/internal/web/govuk"
	"github.com/ims-council/ims/money"
)

// rig is the whole card payment path on one test server: IMS's site and API, the GOV.UK Pay
// simulator under /simulator/govukpay, and the real adapter between them.
type rig struct {
	contract routers.Router
	db       *sqldb.DB
	pay      *payments.Service
	sim      *govukpaysim.Simulator
	tap      *providerTap // between the adapter and the simulator
	client   *govukpay.Client
	srv      *httptest.Server
	token    string // API client with scope payments
}

func newRig(t *testing.T, db *sqldb.DB, policy govukpaysim.WebhookPolicy) *rig {
	t.Helper()
	return newRigWith(t, db, govukpaysim.Options{Webhooks: policy})
}

// newRigWith builds the rig with simulator options; BaseURL, Clock and Accounts are set here.
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
	if _, err := db.LoadReferenceData(ctx, ims.System(), doc); err != nil {
		t.Fatal(err)
	}
	_, token, err := db.CreateAPIClient(ctx, ims.System(), ims.APIClient{Name: "shop", Scopes: []ims.Scope{ims.ScopePayments, ims.ScopeRefunds}})
	if err != nil {
		t.Fatal(err)
	}
	db.ReceiptLink = func(receipt string) string { return "https://council.example/receipts/" + receipt + "?sig=test" }
	mux := &handlerSwitch{}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	const key, secret = "api_test_key", "webhook_secret"
	simOpts.BaseURL, simOpts.Clock = srv.URL+"/simulator/govukpay", db.Clock
	account := govukpaysim.Account{APIKey: key, WebhookSecret: secret, ServiceName: "Test Council",
		WebhookURLs: []string{srv.URL + "/webhooks/govukpay/govukpay"}}
	if len(simOpts.Accounts) == 1 { // a test's fee settings
		account.ReportFees, account.Fee = simOpts.Accounts[0].ReportFees, simOpts.Accounts[0].Fee
	}
	simOpts.Accounts = []govukpaysim.Account{account}
	sim, err := govukpaysim.New(simOpts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sim.Close)
	client, err := govukpay.New(govukpay.Config{BaseURL: srv.URL + "/simulator/govukpay", APIKey: key, WebhookSecret: secret})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewJSONHandler(testLog{t}, nil))
	pay := &payments.Service{DB: db, BaseURL: srv.URL, Log: log, StartedGrace: 5 * time.Minute, ProviderExpiry: 90 * time.Minute,
		Providers: func(_ context.Context, account string) (psp.Provider, error) {
			if account != "govukpay" {
				return nil, ims.Errorf(ims.NotFound, "no account %s", account)
			}
			return client, nil
		}}
	renderer, err := govuk.New()
	if err != nil {
		t.Fatal(err)
	}
	a := &api.API{Services: db, Payments: pay, Refunds: pay, Log: log}
	tap := &providerTap{next: sim.Handler()}
	routes := append(a.Routes(), web.Route{Pattern: "/simulator/govukpay/", Access: web.Access{Public: true}, Handler: tap})
	mux.set((&web.Server{DB: db, Log: log, Renderer: renderer, Routes: routes, Payments: pay}).Handler())
	return &rig{contract: apitest.Contract(t), db: db, pay: pay, sim: sim, tap: tap, client: client, srv: srv, token: token}
}

// handlerSwitch lets the server start (so its URL is known) before its handler is built.
type handlerSwitch struct {
	mu sync.RWMutex
	h  http.Handler
}

func (s *handlerSwitch) set(h http.Handler) { s.mu.Lock(); s.h = h; s.mu.Unlock() }

func (s *handlerSwitch) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	h := s.h
	s.mu.RUnlock()
	h.ServeHTTP(w, r)
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

// testLog sends the service's log lines to the test's log, shown when a test fails.
type testLog struct{ t *testing.T }

func (l testLog) Write(b []byte) (int, error) { l.t.Log(string(b)); return len(b), nil }
