package sqldb

import (
	"context"
	"fmt"

	"github.com/ims-council/ims"
)

// A ReferenceView is the reference data as one request sees it: the funds, methods of payment and
// reference validators it checks against, at the reference data version read when the view was
// taken, served from the instance's cache (requestReferenceCache) while the cache is at that
// version and read from the database otherwise. A service takes one per request and passes it to
// each step, so that creating a card payment reads the version once for its card MOP and all its
// lines instead of reading the same few records for each. It must not outlive the request: a view
// kept longer may go on being served what was true at its version.
type ReferenceView struct {
	db      *DB
	version int64
}

// ReferenceView reads the reference data version and returns the view of the reference data at it.
// An API request's version was read with its token's check (versionsAtStart).
func (db *DB) ReferenceView(ctx context.Context) (*ReferenceView, error) {
	if version, ok := db.versionsAtStart.take(ctx); ok {
		db.requestRefs.at(version)
		return &ReferenceView{db: db, version: version}, nil
	}
	var version int64
	// A plain read: unlike the ledger writer's, it need not wait for the chain heads' lock. A
	// change committed before it is seen; one committed after it may be, by a record read from the
	// database, which is kept only while the cache is still at this version.
	if err := db.reads().QueryRowContext(ctx, `SELECT seq FROM chain_heads WHERE name = $1`, referenceDataVersion).Scan(&version); err != nil {
		return nil, fmt.Errorf("reading the reference data version: %w", err)
	}
	db.requestRefs.at(version)
	return &ReferenceView{db: db, version: version}, nil
}

// fund returns the fund with a code, and false when there is none.
func (v *ReferenceView) fund(ctx context.Context, code string) (ims.Fund, bool, error) {
	return cachedRead(ctx, &v.db.requestRefs, v.version, func(r *referenceRecords) map[string]ims.Fund { return r.funds },
		code, copyFund, func(ctx context.Context) (ims.Fund, bool, error) {
			return v.db.Funds().get(ctx, v.db.reads(), code)
		})
}

// mop returns the method of payment with a code, and false when there is none.
func (v *ReferenceView) mop(ctx context.Context, code string) (ims.MOP, bool, error) {
	return cachedRead(ctx, &v.db.requestRefs, v.version, func(r *referenceRecords) map[string]ims.MOP { return r.mops },
		code, copyMOP, func(ctx context.Context) (ims.MOP, bool, error) {
			return v.db.MOPs().get(ctx, v.db.reads(), code)
		})
}

// validatorRules returns the reference validator with a code with its check digit scheme, compiled
// together, or a NotFound error when either is missing.
func (v *ReferenceView) validatorRules(ctx context.Context, code string) (validatorRules, error) {
	r, _, err := cachedRead(ctx, &v.db.requestRefs, v.version, func(r *referenceRecords) map[string]validatorRules { return r.validators },
		code, copyValidatorRules, func(ctx context.Context) (r validatorRules, found bool, err error) {
			if r.validator, err = v.db.ReferenceValidators().Get(ctx, code); err != nil {
				return r, false, err
			}
			if r.validator.CheckDigitScheme != "" {
				s, err := v.db.CheckDigitSchemes().Get(ctx, r.validator.CheckDigitScheme)
				if err != nil {
					return r, false, err
				}
				r.scheme = &s.Scheme
			}
			// Compiled once per version rather than for every reference; the checker has a scheme
			// of its own, so no caller's copy reaches it. A validator set up wrongly has none, and
			// ims.CheckReference says so for every reference.
			r.checker, _ = r.validator.Checker(copyScheme(r.scheme))
			return r, true, nil
		})
	return r, err
}

// RoleMOP returns the one enabled MOP of a kind the system picks itself, as DB.RoleMOP does.
func (v *ReferenceView) RoleMOP(ctx context.Context, kind ims.MOPKind) (ims.MOP, error) {
	mops, _, err := cachedRead(ctx, &v.db.requestRefs, v.version, func(r *referenceRecords) map[ims.MOPKind][]ims.MOP { return r.roleMOPs },
		kind, copyMOPs, func(ctx context.Context) ([]ims.MOP, bool, error) {
			// Kept however many there are: kinds are the system's own, and a misconfiguration
			// (none, or two) is then refused without a read until the version moves on.
			mops, err := v.db.MOPs().list(ctx, v.db.reads(), "kind = $1 AND NOT disabled", string(kind))
			return mops, err == nil, err
		})
	if err != nil {
		return ims.MOP{}, err
	}
	if len(mops) != 1 {
		return ims.MOP{}, ims.Errorf(ims.Unavailable, "%d enabled methods of payment of kind %s; the system needs exactly one (run ims config check)", len(mops), kind)
	}
	return mops[0], nil
}
