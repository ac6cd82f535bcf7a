package sqldb

import (
	"context"
	"maps"
	"slices"
	"sync"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/checkdigit"
)

// maxCachedReferenceRecords bounds the request path's reference data cache; past it the cache
// starts again empty. A council has tens of funds and MOPs, not thousands.
const maxCachedReferenceRecords = 1000

// requestReferenceCache keeps, on one instance, the reference data that requests check against:
// what a card payment's creation, a portal or staff reference check reads per line and per
// request (the fund, the MOP, the fund's validator with its check digit scheme, the enabled MOPs
// of a kind), with the reference data version (chain_heads 'reference_data') it was read at.
// Every change to those tables advances that version in its own transaction, by trigger
// (migrations 00029, 00033), whichever instance or hand makes it; a ReferenceView reads the
// version first and is served from here only at that same version, so a change committed before a
// request begins is seen by it, on every instance. Requests that see a version other than the one
// kept start the cache afresh at theirs.
//
// Only records that were found are kept: codes come from requests, and unknown ones must not grow
// it. It is safe for concurrent use; what it hands out are copies.
type requestReferenceCache struct {
	mu      sync.Mutex
	version int64
	records *referenceRecords // nil: nothing read yet
}

// referenceRecords are the records read at one version.
type referenceRecords struct {
	n          int // records kept, across the maps
	funds      map[string]ims.Fund
	mops       map[string]ims.MOP
	validators map[string]validatorRules // by validator code
	roleMOPs   map[ims.MOPKind][]ims.MOP // the enabled MOPs of a kind, as roleMOP reads them
}

// validatorRules are what checking references against a validator needs: the validator, its
// check digit scheme (nil when it names none) and the two compiled together (nil when they are
// set up wrongly: ims.CheckReference then says so for every reference).
type validatorRules struct {
	validator ims.ReferenceValidator
	scheme    *checkdigit.Scheme
	checker   *ims.ReferenceChecker // immutable once built, so shared rather than copied
}

func newReferenceRecords() *referenceRecords {
	return &referenceRecords{funds: map[string]ims.Fund{}, mops: map[string]ims.MOP{},
		validators: map[string]validatorRules{}, roleMOPs: map[ims.MOPKind][]ims.MOP{}}
}

// at makes version the one the cache keeps, forgetting what it kept at any other. Any other, not
// only a later one: a database restored from a backup counts from an earlier number again.
func (c *requestReferenceCache) at(version int64) {
	c.mu.Lock()
	if c.records == nil || c.version != version {
		c.version, c.records = version, newReferenceRecords()
	}
	c.mu.Unlock()
}

// cachedRead returns the record with key from the records pick chooses when the cache holds it at
// version, and otherwise reads it with read and keeps it, when it was found and the cache is
// still at version: a change committed since the version was read (which read may have seen)
// has made the cache move on, and the record is not kept then. copyOf copies a record, so that
// what callers do with theirs never reaches the cache.
func cachedRead[K comparable, V any](ctx context.Context, c *requestReferenceCache, version int64,
	pick func(*referenceRecords) map[K]V, key K, copyOf func(V) V,
	read func(context.Context) (V, bool, error)) (V, bool, error) {
	c.mu.Lock()
	var v V
	found := false
	if c.records != nil && c.version == version {
		v, found = pick(c.records)[key]
	}
	c.mu.Unlock()
	if found {
		return copyOf(v), true, nil
	}
	v, found, err := read(ctx)
	if err != nil || !found {
		return v, found, err
	}
	c.mu.Lock()
	if c.records != nil && c.version == version {
		if c.records.n >= maxCachedReferenceRecords {
			c.records = newReferenceRecords()
		}
		m := pick(c.records)
		if _, had := m[key]; !had {
			c.records.n++
		}
		m[key] = copyOf(v)
	}
	c.mu.Unlock()
	return v, true, nil
}

func copyFund(f ims.Fund) ims.Fund {
	f.MaxAmount = copyPtr(f.MaxAmount)
	f.Metadata = maps.Clone(f.Metadata)
	return f
}

func copyMOP(m ims.MOP) ims.MOP {
	m.MinAmount, m.MaxAmount = copyPtr(m.MinAmount), copyPtr(m.MaxAmount)
	m.Metadata = maps.Clone(m.Metadata)
	return m
}

func copyMOPs(ms []ims.MOP) []ims.MOP {
	out := make([]ims.MOP, len(ms))
	for i, m := range ms {
		out[i] = copyMOP(m)
	}
	return out
}

func copyValidatorRules(r validatorRules) validatorRules {
	r.scheme = copyScheme(r.scheme)
	return r
}

func copyScheme(s *checkdigit.Scheme) *checkdigit.Scheme {
	if s == nil {
		return nil
	}
	c := *s
	c.Weights, c.ResultSubstitutions = slices.Clone(c.Weights), maps.Clone(c.ResultSubstitutions)
	return &c
}

func copyPtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
