package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/checkdigit"
	"github.com/ims-council/ims/internal/app"
	imsconfig "github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/psp/govukpaysim"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/users"
	"github.com/ims-council/ims/money"
)

// A paymentSite is the whole card payment path as `ims serve --demo` assembles it (app.New), on a
// loopback listener: IMS's site and API over sqldb, the built-in GOV.UK Pay simulator mounted under
// /simulator/govukpay with webhooks back to IMS, and the real govukpay adapter between them.
type paymentSite struct {
	db    *sqldb.DB
	app   *app.App
	sim   *govukpaysim.Simulator
	base  string // http://127.0.0.1:PORT
	token string // bearer token of an API client with scope payments
	srv   *http.Server
}

// The simulated GOV.UK Pay account's credentials, and the card the payers use (one the simulated
// bank authorises).
const (
	benchPayKey       = "bench_api_key"
	benchPaySecret    = "bench_webhook_secret"
	benchSecretKey    = "bench-secret-key-0123456789abcdef" // IMS_SECRET_KEY
	benchPayAccount   = "govukpay"
	benchCardNumber   = "4444333322221111"
	benchParkingFine  = "BJ99518409" // passes the parking check digit scheme below
	benchReturnOrigin = "https://shop.example.gov.uk"
)

// openPaymentSite migrates the database, loads the reference data a parking fine payment needs,
// creates an API client, and starts serving. The logs are written as JSON, as `ims serve` writes
// them, and thrown away.
func openPaymentSite(ctx context.Context, d *database) (*paymentSite, error) {
	db, err := openLedger(ctx, d)
	if err != nil {
		return nil, err
	}
	if d.engine == sqldb.SQLite {
		poolLikeIMS(db.SQL) // openLedger swapped in the bench's pool for sqldb's
	}
	site := &paymentSite{db: db}
	if err := site.start(ctx); err != nil {
		site.close()
		return nil, err
	}
	return site, nil
}

func (s *paymentSite) start(ctx context.Context) error {
	subs, err := checkdigit.ParseSubstitutions("10:A")
	if err != nil {
		return err
	}
	maxFine := money.MustParse("5000")
	doc := ims.ReferenceData{
		Organisation: &ims.Organisation{Name: "Bench Borough Council", VATNumber: "GB 123 4567 89"},
		VATCodes:     []ims.VATCode{{Code: "M0", Name: "Outside scope", Suspense: true}, {Code: "W0", Name: "Standard", Rate: 2000}},
		CheckDigitSchemes: []checkdigit.Scheme{{Name: "parking", Type: checkdigit.WeightedSum, Modulus: 11,
			SourceSubstitution: "05", Weights: []int{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, ResultSubstitutions: subs}},
		Validators: []ims.ReferenceValidator{{Code: "PARK", Name: "Parking", MinLength: 10, MaxLength: 10,
			InputMask: "BJ#######@", CheckDigitScheme: "parking"}},
		Funds: []ims.Fund{
			{Code: "11", Name: "Parking Fines", VATCode: "M0", Validator: "PARK", Portal: true, MaxAmount: &maxFine},
			{Code: "1", Name: "Suspense", VATCode: "M0", Suspense: true},
		},
		ProviderAccounts: []ims.ProviderAccount{{Name: benchPayAccount, Provider: "govukpay"}},
		MOPs: []ims.MOP{
			{Code: "90", Name: "Card self-service", Kind: ims.KindCardSelfService, Refundable: true, ProviderAccount: benchPayAccount},
			{Code: "PF", Name: "Card fee", Kind: ims.KindCardFee},
		},
	}
	if _, err := refdata.New(s.db).LoadReferenceData(ctx, ims.System(), doc); err != nil {
		return fmt.Errorf("loading reference data: %w", err)
	}
	if _, s.token, err = users.New(s.db).CreateAPIClient(ctx, ims.System(), ims.APIClient{Name: "bench shop",
		Scopes: []ims.Scope{ims.ScopePayments}}); err != nil {
		return fmt.Errorf("creating the API client: %w", err)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	s.base = "http://" + ln.Addr().String()
	// The application as `ims serve --demo` builds it, with the built-in simulator. The account
	// subscribes to the events IMS handles (SPEC §7), so each payment's card_payment_succeeded
	// webhook races its browser return, as in production.
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	cfg := imsconfig.Config{BaseURL: s.base, SecretKey: benchSecretKey}
	s.app, err = app.New(ctx, cfg, app.WithDB(s.db), app.WithLogger(log), app.WithSimulator(app.Simulator{
		Options: govukpaysim.Options{Accounts: []govukpaysim.Account{{APIKey: benchPayKey, WebhookSecret: benchPaySecret,
			WebhookEvents: []string{"card_payment_succeeded", "card_payment_failed", "card_payment_expired", "card_payment_refunded"}}}}}))
	if err != nil {
		ln.Close()
		return err
	}
	s.sim = s.app.Simulator
	// The timeouts of `ims serve`.
	s.srv = &http.Server{Handler: s.app.Handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	// Serve only returns on Shutdown or a broken listener; the payers' requests would fail then.
	go s.srv.Serve(ln)
	return nil
}

// quiesce waits for the webhooks already sent to be answered, so nothing is still writing when the
// ledger is checked.
func (s *paymentSite) quiesce() {
	if s.sim != nil {
		s.sim.WaitWebhooks()
	}
}

// close stops the server, the simulator's deliveries and the database.
func (s *paymentSite) close() {
	if s.srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		s.srv.Shutdown(ctx)
		cancel()
	}
	if s.app != nil {
		s.app.Close()
	}
	s.db.Close()
}
