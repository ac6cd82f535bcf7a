package sqldb

import (
	"context"
	"database/sql"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/checkdigit"
	"github.com/ims-council/ims/money"
)

// CheckReference runs the account reference validation of SPEC §2.1 for one fund: amount limits
// (the fund's maximum, the MOP's minimum and maximum), then the fund's validator (length, character
// class, regex, input mask, check digit), then "account must exist" with stop messages. It returns
// Invalid errors only for a malformed request (an unknown fund or MOP); a reference that fails
// validation is a normal answer with Valid false.
func (db *DB) CheckReference(ctx context.Context, p ims.Principal, c ims.ReferenceCheck) (res ims.ReferenceResult, err error) {
	defer ims.Wrap(&err, "CheckReference(%q, %q)", c.Fund, c.Reference)
	res = ims.ReferenceResult{Reference: ims.NormalizeReference(c.Reference), Errors: []string{}}
	fund, found, err := db.Funds().get(ctx, db.SQL, c.Fund)
	if err != nil {
		return res, err
	}
	if !found || fund.Disabled {
		return res, ims.FieldError("fund_code", "Fund %q does not exist or is disabled", c.Fund)
	}
	var mop *ims.MOP
	if c.MOP != "" {
		m, found, err := db.MOPs().get(ctx, db.SQL, c.MOP)
		if err != nil {
			return res, err
		}
		if !found || m.Disabled {
			return res, ims.FieldError("mop_code", "Method of payment %q does not exist or is disabled", c.MOP)
		}
		mop = &m
	}
	fail := func(msg string) (ims.ReferenceResult, error) {
		res.Errors = append(res.Errors, msg)
		return res, nil
	}
	if c.Amount != nil {
		if msg := amountProblem(fund, mop, *c.Amount); msg != "" {
			return fail(msg)
		}
	}
	var validator ims.ReferenceValidator
	if fund.Validator != "" {
		if validator, err = db.ReferenceValidators().Get(ctx, fund.Validator); err != nil {
			return res, err
		}
	}
	if validator.CheckDigitScheme == "" && ims.LooksLikeCardNumber(res.Reference) {
		return fail("Reference looks like a card number. Do not enter card details here")
	}
	if fund.Validator != "" {
		var scheme *Scheme
		if validator.CheckDigitScheme != "" {
			s, err := db.CheckDigitSchemes().Get(ctx, validator.CheckDigitScheme)
			if err != nil {
				return res, err
			}
			scheme = &s
		}
		if msg := validator.CheckFormat(res.Reference, schemeOf(scheme)); msg != "" {
			return fail(msg)
		}
	} else if msg := ims.CheckReferenceText(res.Reference); msg != "" {
		return fail(msg) // blank, or characters no reference may hold
	}
	if fund.AccountMustExist || validator.MustExist {
		holder, msg, err := db.accountFor(ctx, fund, res.Reference, c.OverrideStop && p.HasRole(ims.Finance))
		if err != nil {
			return res, err
		}
		if msg != "" {
			return fail(msg)
		}
		if p.HasRole(ims.TransactionDetails) || p.HasScope(ims.ScopeAccountHolders) {
			res.Holder = holder
		}
	}
	res.Valid = true
	return res, nil
}

// amountProblem applies step 1 of SPEC §2.1 (the amount within the fund's maximum and the method of
// payment's limits; mop may be nil) and returns why the amount is refused, or "".
func amountProblem(fund ims.Fund, mop *ims.MOP, amount money.Pence) string {
	switch {
	case amount <= 0 && (mop == nil || !mop.Reversal):
		return "Amount must be more than £0.00"
	case fund.MaxAmount != nil && amount > *fund.MaxAmount:
		return "Amount must be " + fund.MaxAmount.Display() + " or less for " + fund.Label()
	case mop != nil:
		return mop.CheckAmount(amount)
	}
	return ""
}

// accountFor finds the account holder a payment must go to; msg says why it cannot when it cannot.
func (db *DB) accountFor(ctx context.Context, fund ims.Fund, reference string, overrideStop bool) (*ims.AccountHolderSummary, string, error) {
	var h ims.AccountHolderSummary
	var stop sql.NullString
	err := db.SQL.QueryRowContext(ctx, `SELECT a.name, a.postcode, a.balance, m.text
		FROM account_holders a LEFT JOIN fund_messages m ON m.fund = a.fund AND m.code = a.stop_message
		WHERE a.fund = $1 AND a.reference = $2`, fund.Code, reference).Scan(&h.Name, &h.Postcode, &h.Balance, &stop)
	if err == sql.ErrNoRows {
		return nil, "There is no " + fund.Label() + " account with reference " + reference, nil
	}
	if err != nil {
		return nil, "", err
	}
	h.Stopped = stop.Valid
	if stop.Valid && !overrideStop {
		return &h, stop.String, nil
	}
	return &h, "", nil
}

func schemeOf(s *Scheme) *checkdigit.Scheme {
	if s == nil {
		return nil
	}
	return &s.Scheme
}
