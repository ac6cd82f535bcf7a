package sqldb

import (
	"context"
	"slices"
	"sync"

	"github.com/ims-council/ims"
)

// maxCachedTokens bounds the API token cache; past it the cache starts again empty.
const maxCachedTokens = 1000

// apiTokenCache keeps what authenticating an API token reads (the client, its token's hash, its
// funds), by token prefix, with the version of cache_versions 'api_clients' it was read at. Every
// change to an API client, its fund groups or a fund group's funds bumps that version by a trigger
// (migration 00030), whichever instance or hand makes it, and each look-up reads the version first:
// a revoked token fails on every instance from the next request on, at the price of one small read
// instead of two.
type apiTokenCache struct {
	mu      sync.Mutex
	version int64
	tokens  map[string]APIClientAuth
}

// APIClientAuth is what authenticating an API token needs to know about its client.
type APIClientAuth struct {
	Client    ims.APIClient
	TokenHash []byte
	Funds     []string // the funds of the client's fund groups
	HasGroups bool     // false: the client sees every fund
}

// APIClientForToken returns the API client whose token has a lookup prefix, with its token's hash
// and its funds, and false when there is none, from the cache while no API client has changed.
func (db *DB) APIClientForToken(ctx context.Context, prefix string) (a APIClientAuth, found bool, err error) {
	// The reference data version comes with it, for the request's ReferenceView (versionsAtStart).
	var version, referenceVersion int64
	if err := db.reads().QueryRowContext(ctx, `SELECT (SELECT version FROM cache_versions WHERE name = 'api_clients'),
		(SELECT seq FROM chain_heads WHERE name = $1)`, referenceDataVersion).Scan(&version, &referenceVersion); err != nil {
		return a, false, err
	}
	db.versionsAtStart.remember(ctx, referenceVersion)
	c := &db.apiTokens
	c.mu.Lock()
	if version > c.version {
		c.version, c.tokens = version, nil
	}
	if version == c.version {
		a, found = c.tokens[prefix]
	}
	c.mu.Unlock()
	if found {
		// Copies, so that no caller can change what the next one is given.
		a.Client.Scopes, a.Client.IPAllow, a.Funds = slices.Clone(a.Client.Scopes), slices.Clone(a.Client.IPAllow), slices.Clone(a.Funds)
		return a, true, nil
	}
	// Read after the version: a change committed in between makes the next look-up read again.
	if a.Client, a.TokenHash, found, err = db.APIClientByTokenPrefix(ctx, prefix); err != nil || !found {
		return APIClientAuth{}, false, err // unknown prefixes are not kept: anyone can send them
	}
	if a.Funds, a.HasGroups, err = db.APIClientFunds(ctx, a.Client.ID); err != nil {
		return APIClientAuth{}, false, err
	}
	c.mu.Lock()
	if c.version == version {
		if c.tokens == nil || len(c.tokens) >= maxCachedTokens {
			c.tokens = map[string]APIClientAuth{}
		}
		c.tokens[prefix] = a
		a.Client.Scopes, a.Client.IPAllow, a.Funds = slices.Clone(a.Client.Scopes), slices.Clone(a.Client.IPAllow), slices.Clone(a.Funds)
	}
	c.mu.Unlock()
	return a, true, nil
}
