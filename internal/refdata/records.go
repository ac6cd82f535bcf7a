package refdata

import (
	"context"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/checkdigit"
	"github.com/ims-council/ims/internal/sqldb"
)

// Records administers one kind of reference data for the back office, keyed by the text that names
// a record in its address (a fund's code, a provider account's name, a system message's id). Every
// method needs the SystemAdmin role; every change is audited before → after by storage.
//
// The SystemAdmin keeps the whole catalogue of funds: a fund record is configuration, not the money
// or account holders of a fund, and a fund just created is in no fund group yet, so fund-group
// scoping does not narrow these lists.
type Records[T any] interface {
	List(ctx context.Context, p ims.Principal) ([]T, error)
	Get(ctx context.Context, p ims.Principal, key string) (T, error)
	// Create refuses a key that exists; Update refuses one that does not.
	Create(ctx context.Context, p ims.Principal, v T) error
	Update(ctx context.Context, p ims.Principal, v T) error
	// Delete refuses, as a Conflict naming what uses it, a record the ledger, payments or other
	// records use; Disableable says whether it can be disabled instead, which Disable does.
	Delete(ctx context.Context, p ims.Principal, key string) error
	Disableable() bool
	Disable(ctx context.Context, p ims.Principal, key string) error
	// Uses says what uses the record ("ledger entries", "methods of payment"), none when it can
	// be deleted.
	Uses(ctx context.Context, p ims.Principal, key string) ([]string, error)
}

// records is Records over a sqldb.Store of S, the stored form of T (the same type for most).
type records[T any, S Record] struct {
	store   sqldb.Store[S]
	kind    string                      // "Fund", for messages
	key     func(string) ([]any, error) // the store's key from the address's text
	wrap    func(T) S
	unwrap  func(S) T
	disable func(*T) // nil: the kind has no disabled flag
}

func (r records[T, S]) List(ctx context.Context, p ims.Principal) (_ []T, err error) {
	defer ims.Wrap(&err, "List %s", r.kind)
	if err := p.Require(ims.SystemAdmin); err != nil {
		return nil, err
	}
	list, err := r.store.List(ctx)
	out := make([]T, len(list))
	for i, v := range list {
		out[i] = r.unwrap(v)
	}
	return out, err
}

func (r records[T, S]) Get(ctx context.Context, p ims.Principal, key string) (_ T, err error) {
	defer ims.Wrap(&err, "Get %s", r.kind)
	var zero T
	if err := p.Require(ims.SystemAdmin); err != nil {
		return zero, err
	}
	k, err := r.key(key)
	if err != nil {
		return zero, err
	}
	v, err := r.store.Get(ctx, k...)
	if err != nil {
		return zero, err
	}
	return r.unwrap(v), nil
}

func (r records[T, S]) Create(ctx context.Context, p ims.Principal, v T) (err error) {
	if err := p.Require(ims.SystemAdmin); err != nil {
		return err
	}
	return r.store.Create(ctx, p, r.wrap(v))
}

func (r records[T, S]) Update(ctx context.Context, p ims.Principal, v T) (err error) {
	if err := p.Require(ims.SystemAdmin); err != nil {
		return err
	}
	return r.store.Update(ctx, p, r.wrap(v))
}

func (r records[T, S]) Delete(ctx context.Context, p ims.Principal, key string) (err error) {
	defer ims.Wrap(&err, "Delete %s", r.kind)
	if err := p.Require(ims.SystemAdmin); err != nil {
		return err
	}
	k, err := r.key(key)
	if err != nil {
		return err
	}
	if _, err := r.store.Get(ctx, k...); err != nil {
		return err
	}
	uses, err := r.store.Uses(ctx, k...)
	if err != nil {
		return err
	}
	if len(uses) > 0 {
		instead := "Disable it instead."
		if r.disable == nil {
			instead = "Remove it from them first."
		}
		return ims.Errorf(ims.Conflict, "%s %s cannot be deleted because %s use it. %s", r.kind, key, joinAnd(uses), instead)
	}
	// Storage checks again inside its transaction, for a use that began meanwhile.
	return r.store.Delete(ctx, p, k...)
}

func (r records[T, S]) Uses(ctx context.Context, p ims.Principal, key string) (_ []string, err error) {
	defer ims.Wrap(&err, "Uses of %s", r.kind)
	if err := p.Require(ims.SystemAdmin); err != nil {
		return nil, err
	}
	k, err := r.key(key)
	if err != nil {
		return nil, err
	}
	return r.store.Uses(ctx, k...)
}

func (r records[T, S]) Disableable() bool { return r.disable != nil }

func (r records[T, S]) Disable(ctx context.Context, p ims.Principal, key string) (err error) {
	defer ims.Wrap(&err, "Disable %s", r.kind)
	if r.disable == nil {
		return ims.Errorf(ims.Invalid, "A %s cannot be disabled", strings.ToLower(r.kind))
	}
	v, err := r.Get(ctx, p, key)
	if err != nil {
		return err
	}
	r.disable(&v)
	return r.store.Update(ctx, p, r.wrap(v))
}

// joinAnd writes a list as English: "a", "a and b", "a, b and c".
func joinAnd(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func same[T any](v T) T { return v }

func textKey(key string) ([]any, error) { return []any{key}, nil }

// plain returns the Records of a kind stored as itself.
func plain[T Record](store sqldb.Store[T], kind string, disable func(*T)) Records[T] {
	return records[T, T]{store: store, kind: kind, key: textKey, wrap: same[T], unwrap: same[T], disable: disable}
}

// Funds administers the funds.
func (s *Service) Funds() Records[ims.Fund] {
	return plain(s.DB.Funds(), "Fund", func(f *ims.Fund) { f.Disabled = true })
}

// MOPs administers the methods of payment.
func (s *Service) MOPs() Records[ims.MOP] {
	return plain(s.DB.MOPs(), "Method of payment", func(m *ims.MOP) { m.Disabled = true })
}

// VATCodes administers the VAT codes.
func (s *Service) VATCodes() Records[ims.VATCode] {
	return plain(s.DB.VATCodes(), "VAT code", func(v *ims.VATCode) { v.Disabled = true })
}

// Offices administers the offices.
func (s *Service) Offices() Records[ims.Office] {
	return plain(s.DB.Offices(), "Office", func(o *ims.Office) { o.Disabled = true })
}

// FundGroups administers the fund groups; a group users or API clients hold cannot be deleted.
func (s *Service) FundGroups() Records[ims.FundGroup] {
	return plain(s.DB.FundGroups(), "Fund group", nil)
}

// ReferenceValidators administers the account reference validators.
func (s *Service) ReferenceValidators() Records[ims.ReferenceValidator] {
	return plain(s.DB.ReferenceValidators(), "Reference validator", nil)
}

// CheckDigitSchemes administers the check digit schemes, keyed by name.
func (s *Service) CheckDigitSchemes() Records[checkdigit.Scheme] {
	return records[checkdigit.Scheme, sqldb.Scheme]{store: s.DB.CheckDigitSchemes(), kind: "Check digit scheme",
		key: textKey, wrap: func(c checkdigit.Scheme) sqldb.Scheme { return sqldb.Scheme{Scheme: c} },
		unwrap: func(s sqldb.Scheme) checkdigit.Scheme { return s.Scheme }}
}

// ProviderAccounts administers the payment provider accounts, keyed by name. Their API key and
// webhook secret are write-only: what Get and List return never holds them (HasAPIKey says whether
// a key is stored), and an Update with a blank secret keeps the stored one.
func (s *Service) ProviderAccounts() Records[ims.ProviderAccount] {
	return records[ims.ProviderAccount, sqldb.ProviderAccount]{store: s.DB.ProviderAccounts(), kind: "Payment provider account",
		key:  textKey,
		wrap: func(a ims.ProviderAccount) sqldb.ProviderAccount { return sqldb.ProviderAccount{ProviderAccount: a} },
		unwrap: func(a sqldb.ProviderAccount) ims.ProviderAccount {
			a.APIKey, a.WebhookSecret = "", "" // storage returns none; this keeps it so whatever it becomes
			return a.ProviderAccount
		},
		disable: func(a *ims.ProviderAccount) { a.Disabled = true }}
}

// SystemMessages administers the system messages, keyed by their id.
func (s *Service) SystemMessages() Records[ims.SystemMessage] {
	return records[ims.SystemMessage, ims.SystemMessage]{store: s.DB.SystemMessages(), kind: "System message",
		key: func(k string) ([]any, error) {
			id, err := strconv.ParseInt(k, 10, 64)
			if err != nil || id <= 0 {
				return nil, ims.Errorf(ims.NotFound, "System message %q does not exist", k)
			}
			return []any{id}, nil
		}, wrap: same[ims.SystemMessage], unwrap: same[ims.SystemMessage]}
}

// pairKey reads "first:second", the address form of a two-part key (a fund message's fund and
// code, a metadata key's entity and key).
func pairKey(kind string) func(string) ([]any, error) {
	return func(k string) ([]any, error) {
		a, b, ok := strings.Cut(k, ":")
		if !ok || a == "" || b == "" {
			return nil, ims.Errorf(ims.NotFound, "%s %q does not exist", kind, k)
		}
		return []any{a, b}, nil
	}
}

// FundMessages administers the messages of each fund that account holders may be stopped with,
// keyed "FUND:CODE"; one an account holder has cannot be deleted.
func (s *Service) FundMessages() Records[ims.FundMessage] {
	return records[ims.FundMessage, ims.FundMessage]{store: s.DB.FundMessages(), kind: "Fund message",
		key: pairKey("Fund message"), wrap: same[ims.FundMessage], unwrap: same[ims.FundMessage]}
}

// MetadataKeys administers the custom metadata keys of funds and methods of payment, keyed
// "ENTITY:KEY".
func (s *Service) MetadataKeys() Records[ims.MetadataKey] {
	return records[ims.MetadataKey, ims.MetadataKey]{store: s.DB.MetadataKeys(), kind: "Metadata key",
		key: pairKey("Metadata key"), wrap: same[ims.MetadataKey], unwrap: same[ims.MetadataKey]}
}
