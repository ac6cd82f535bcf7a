package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"

	"github.com/ims-council/ims/internal/psp/govukpay"
	"github.com/ims-council/ims/internal/psp/govukpaysim"
	"github.com/ims-council/ims/internal/web"
)

// Simulator asks New to serve the built-in GOV.UK Pay simulator under /simulator/govukpay/ and to
// point every GOV.UK Pay account in the database at it, with keys made up for this run, so card
// payments work with no external account (the demo, the tests, the benchmarks).
type Simulator struct {
	// Options are the simulator's behaviour (webhook policy, refunds). New sets BaseURL, and Clock
	// when it is nil (to the database's clock); it makes one simulated account per GOV.UK Pay
	// account, each a copy of Accounts[0] when one is given (fees, webhook events), with an API
	// key and webhook secret made up for this run unless Accounts[0] gives them (a test that
	// calls the simulator itself, on a database with one GOV.UK Pay account).
	Options govukpaysim.Options
	// Wrap, when set, wraps the simulator's handler: a test puts a tap between IMS's adapter and
	// the simulator with it.
	Wrap func(http.Handler) http.Handler
}

// SimulatorPath is where the simulator is mounted on IMS's own site.
const SimulatorPath = "/simulator/govukpay"

// mountSimulator starts the simulator and points the registry's GOV.UK Pay accounts at it. The
// simulator keeps its payments in memory: they are gone when ims stops, and the sweep then closes
// any payment still open as expired. It returns nil when the database has no GOV.UK Pay account.
func (a *App) mountSimulator(ctx context.Context, s Simulator) (*govukpaysim.Simulator, []web.Route, error) {
	accounts, err := a.DB.ProviderAccounts().List(ctx)
	if err != nil {
		return nil, nil, err
	}
	org, err := a.DB.Organisation(ctx)
	if err != nil {
		return nil, nil, err
	}
	opts := s.Options
	opts.BaseURL = a.Config.BaseURL + SimulatorPath
	if opts.Clock == nil {
		opts.Clock = a.DB.Clock
	}
	var template govukpaysim.Account
	if len(opts.Accounts) > 0 {
		template = opts.Accounts[0]
	}
	opts.Accounts = nil
	a.providers.override = map[string]govukpay.Config{}
	var names []string // of opts.Accounts
	for _, acct := range accounts {
		if acct.Provider != "govukpay" {
			continue
		}
		names = append(names, acct.Name)
		sim := template
		sim.ServiceName = org.Name
		if sim.APIKey == "" {
			sim.APIKey, sim.WebhookSecret = randomHex(24), randomHex(24)
		}
		sim.WebhookURLs = []string{a.Config.BaseURL + "/webhooks/govukpay/" + acct.Name}
		opts.Accounts = append(opts.Accounts, sim)
		a.providers.override[acct.Name] = govukpay.Config{BaseURL: opts.BaseURL, APIKey: sim.APIKey, WebhookSecret: sim.WebhookSecret}
	}
	if len(opts.Accounts) == 0 {
		return nil, nil, nil
	}
	sim, err := govukpaysim.New(opts)
	if err != nil {
		return nil, nil, err
	}
	if err := a.adoptPayments(ctx, sim, names); err != nil {
		return nil, nil, err
	}
	var handler http.Handler = sim.Handler()
	if s.Wrap != nil {
		handler = s.Wrap(handler)
	}
	// The card page's answer redirects through IMS to an API caller's return page on another site.
	allowLeaving := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		web.AllowFormsToLeave(w)
		handler.ServeHTTP(w, r)
	})
	return sim, []web.Route{{Pattern: SimulatorPath + "/", Access: web.Public(), Handler: allowLeaving}}, nil
}

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
