package sqldb

import (
	"context"
	"database/sql"

	"github.com/ims-council/ims"
)

// CheckReference reads the reference data a reference check is decided on (the fund, the MOP, the
// fund's validator and check digit scheme, and the account holder when the account must exist) and
// decides it with ims.CheckReference.
func (db *DB) CheckReference(ctx context.Context, p ims.Principal, c ims.ReferenceCheck) (ims.ReferenceResult, error) {
	ref, err := db.ReferenceView(ctx)
	if err != nil {
		return ims.ReferenceResult{Reference: ims.NormalizeReference(c.Reference), Errors: []string{}}, err
	}
	res, _, err := ref.checkReference(ctx, p, c)
	return res, err
}

// checkReference is DB.CheckReference with the reference data as the view sees it; it returns
// the facts it decided on too.
func (v *ReferenceView) checkReference(ctx context.Context, p ims.Principal, c ims.ReferenceCheck) (res ims.ReferenceResult, facts ims.ReferenceFacts, err error) {
	defer ims.Wrap(&err, "CheckReference(%q, %q)", c.Fund, c.Reference)
	if facts, err = v.referenceFacts(ctx, c); err != nil {
		return ims.ReferenceResult{Reference: ims.NormalizeReference(c.Reference), Errors: []string{}}, facts, err
	}
	res, err = ims.CheckReference(c, facts, p)
	return res, facts, err
}

// referenceFacts reads what ims.CheckReference needs for c: the reference data through the view,
// the account holder (which is per reference, and changes every day) from the database. It stops
// early, with what it has, when the fund or the MOP is missing or disabled: the check refuses the
// request then.
func (v *ReferenceView) referenceFacts(ctx context.Context, c ims.ReferenceCheck) (facts ims.ReferenceFacts, err error) {
	fund, found, err := v.fund(ctx, c.Fund)
	if err != nil || !found || fund.Disabled {
		if found {
			facts.Fund = &fund
		}
		return facts, err
	}
	facts.Fund = &fund
	if c.MOP != "" {
		m, found, err := v.mop(ctx, c.MOP)
		if err != nil || !found {
			return facts, err
		}
		facts.MOP = &m
	}
	if fund.Validator != "" {
		rules, err := v.validatorRules(ctx, fund.Validator)
		if err != nil {
			return facts, err
		}
		facts.Validator, facts.Scheme, facts.Checker = rules.validator, rules.scheme, rules.checker
	}
	if ims.AccountMustExist(fund, facts.Validator) {
		facts.Account, facts.Stop, err = v.db.accountHolder(ctx, fund.Code, ims.NormalizeReference(c.Reference))
	}
	return facts, err
}

// accountHolder returns the account holder with a reference in a fund, with its stop message (the
// zero value when none), or nil when there is none.
func (db *DB) accountHolder(ctx context.Context, fund, reference string) (*ims.AccountHolderSummary, ims.FundMessage, error) {
	var h ims.AccountHolderSummary
	var m ims.FundMessage
	var code, text, public, publicCy sql.NullString
	err := db.reads().QueryRowContext(ctx, `SELECT a.name, a.postcode, a.balance, m.code, m.text, m.text_public, m.text_public_cy
		FROM account_holders a LEFT JOIN fund_messages m ON m.fund = a.fund AND m.code = a.stop_message
		WHERE a.fund = $1 AND a.reference = $2`, fund, reference).Scan(&h.Name, &h.Postcode, &h.Balance, &code, &text, &public, &publicCy)
	if err == sql.ErrNoRows {
		return nil, m, nil
	}
	if err != nil {
		return nil, m, err
	}
	h.Stopped = code.Valid
	if h.Stopped {
		m = ims.FundMessage{Fund: fund, Code: code.String, Text: text.String, TextPublic: public.String, TextPublicCy: publicCy.String}
	}
	return &h, m, nil
}
