package app

import (
	"context"
	"net/http"
	"sync"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp"
	"github.com/ims-council/ims/internal/psp/govukpay"
	"github.com/ims-council/ims/internal/sqldb"
)

// providerRegistry builds a provider adapter for each payment provider account on first use, from
// the account's stored (encrypted) settings, and keeps it: adapters are safe for concurrent use.
type providerRegistry struct {
	db       *sqldb.DB
	client   *http.Client
	override map[string]govukpay.Config // accounts served by the built-in simulator

	mu      sync.Mutex
	clients map[string]psp.Provider
}

func (r *providerRegistry) provider(ctx context.Context, account string) (psp.Provider, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if p, ok := r.clients[account]; ok {
		return p, nil
	}
	cfg, ok := r.override[account]
	if !ok {
		acct, err := r.db.ProviderAccounts().Get(ctx, account)
		if err != nil {
			return nil, err
		}
		if acct.Disabled {
			return nil, ims.Errorf(ims.Unavailable, "Payment provider account %s is disabled", account)
		}
		if acct.Provider != "govukpay" {
			return nil, ims.Errorf(ims.Unavailable, "Payment provider %q of account %s is not supported", acct.Provider, account)
		}
		key, secret, err := r.db.ProviderSecrets(ctx, account)
		if err != nil {
			return nil, err
		}
		if key == "" {
			return nil, ims.Errorf(ims.Unavailable, "Payment provider account %s has no API key", account)
		}
		cfg = govukpay.Config{BaseURL: acct.BaseURL, APIKey: key, WebhookSecret: secret}
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = r.client
	}
	p, err := govukpay.New(cfg)
	if err != nil {
		return nil, err
	}
	if r.clients == nil {
		r.clients = map[string]psp.Provider{}
	}
	r.clients[account] = p
	return p, nil
}
