package sqldb

import (
	"context"

	"github.com/ims-council/ims"
)

// A ReferenceChecker checks references as CheckReference does, reading each fund, MOP, validator
// and check digit scheme once: an import of a million lines names a handful, and reading them for
// every line would be most of its work. Only the account holder, when the fund needs one, is read
// per line. It is for one unit of work (an import), so reference data changed meanwhile is not
// seen; it is not safe for concurrent use.
type ReferenceChecker struct {
	db   *DB
	seen map[[2]string]checkFacts
}

// checkFacts are the facts of one fund and MOP, and whether an account holder must be read.
type checkFacts struct {
	facts   ims.ReferenceFacts
	account bool
}

// NewReferenceChecker returns an empty ReferenceChecker.
func (db *DB) NewReferenceChecker() *ReferenceChecker {
	return &ReferenceChecker{db: db, seen: map[[2]string]checkFacts{}}
}

// Check checks c as DB.CheckReference does.
func (rc *ReferenceChecker) Check(ctx context.Context, p ims.Principal, c ims.ReferenceCheck) (ims.ReferenceResult, error) {
	key := [2]string{c.Fund, c.MOP}
	cf, ok := rc.seen[key]
	if !ok {
		var err error
		if cf, err = rc.read(ctx, c); err != nil {
			return ims.ReferenceResult{Reference: ims.NormalizeReference(c.Reference), Errors: []string{}}, err
		}
		rc.seen[key] = cf
	}
	facts := cf.facts
	if cf.account {
		var err error
		facts.Account, facts.Stop, err = rc.db.accountHolder(ctx, c.Fund, ims.NormalizeReference(c.Reference))
		if err != nil {
			return ims.ReferenceResult{Reference: ims.NormalizeReference(c.Reference), Errors: []string{}}, err
		}
	}
	return ims.CheckReference(c, facts, p)
}

// read reads the facts of c's fund and MOP as referenceFacts does, stopping where it stops.
func (rc *ReferenceChecker) read(ctx context.Context, c ims.ReferenceCheck) (cf checkFacts, err error) {
	db := rc.db
	fund, found, err := db.Funds().get(ctx, db.SQL, c.Fund)
	if err != nil || !found || fund.Disabled {
		if found {
			cf.facts.Fund = &fund
		}
		return cf, err
	}
	cf.facts.Fund = &fund
	if c.MOP != "" {
		m, found, err := db.MOPs().get(ctx, db.SQL, c.MOP)
		if err != nil || !found {
			return cf, err
		}
		cf.facts.MOP = &m
	}
	if fund.Validator != "" {
		if cf.facts.Validator, err = db.ReferenceValidators().Get(ctx, fund.Validator); err != nil {
			return cf, err
		}
		if cf.facts.Validator.CheckDigitScheme != "" {
			s, err := db.CheckDigitSchemes().Get(ctx, cf.facts.Validator.CheckDigitScheme)
			if err != nil {
				return cf, err
			}
			cf.facts.Scheme = &s.Scheme
		}
	}
	if fund.Validator != "" {
		// Compiled once for every reference of the import; a validator set up wrongly is left to
		// CheckReference, which says so for each.
		cf.facts.Checker, _ = cf.facts.Validator.Checker(cf.facts.Scheme)
	}
	cf.account = ims.AccountMustExist(fund, cf.facts.Validator)
	return cf, nil
}
