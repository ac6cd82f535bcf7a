package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"

	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/psp/govukpay"
	"github.com/ims-council/ims/internal/psp/govukpaysim"
	"github.com/ims-council/ims/internal/web"
)

// mountSimulator serves the built-in GOV.UK Pay simulator under /simulator/govukpay/ and points every
// GOV.UK Pay account of the demo at it, with keys made up for this run, so card payments work with no
// external account. The simulator keeps its payments in memory: they are gone when ims stops, and
// the sweep then closes any payment still open as expired.
func (m *Main) mountSimulator(ctx context.Context, cfg config.Config, registry *providerRegistry) ([]web.Route, *govukpaysim.Simulator, error) {
	accounts, err := registry.db.ProviderAccounts().List(ctx)
	if err != nil {
		return nil, nil, err
	}
	org, err := registry.db.Organisation(ctx)
	if err != nil {
		return nil, nil, err
	}
	base := cfg.BaseURL + "/simulator/govukpay"
	registry.override = map[string]govukpay.Config{}
	var simAccounts []govukpaysim.Account
	for _, a := range accounts {
		if a.Provider != "govukpay" {
			continue
		}
		key, secret := randomHex(24), randomHex(24)
		simAccounts = append(simAccounts, govukpaysim.Account{APIKey: key, ServiceName: org.Name, WebhookSecret: secret,
			WebhookURLs: []string{cfg.BaseURL + "/webhooks/govukpay/" + a.Name}})
		registry.override[a.Name] = govukpay.Config{BaseURL: base, APIKey: key, WebhookSecret: secret}
	}
	if len(simAccounts) == 0 {
		return nil, nil, nil
	}
	sim, err := govukpaysim.New(govukpaysim.Options{BaseURL: base, Accounts: simAccounts})
	if err != nil {
		return nil, nil, err
	}
	// The card page's answer redirects through IMS to an API caller's return page on another site.
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		web.AllowFormsToLeave(w)
		sim.Handler().ServeHTTP(w, r)
	})
	return []web.Route{{Pattern: "/simulator/govukpay/", Access: web.Access{Public: true}, Handler: handler}}, sim, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
