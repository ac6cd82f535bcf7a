package ims

import (
	"github.com/ims-council/ims/checkdigit"
	"github.com/ims-council/ims/money"
)

// A ReferenceCheck asks whether a payment of Amount by MOP to Reference in Fund would be accepted.
// Every path where a reference enters the system runs it: portal, staff, API, journals, imports.
type ReferenceCheck struct {
	Fund         string
	Reference    string
	Amount       *money.Pence // optional: checked against the fund's and the MOP's limits
	MOP          string       // optional: its minimum and maximum apply to Amount
	OverrideStop bool         // a Finance user accepts a payment despite a stop message
	Lang         string       // the public's language ("cy": Welsh) for a stop message's public text
}

// ReferenceResult is the answer to a ReferenceCheck. Errors are sentences for the payer or cashier,
// in the order the checks ran; the first failing check stops the rest (SPEC §2.1).
type ReferenceResult struct {
	Valid     bool                  `json:"valid"`
	Reference string                `json:"reference"` // normalised, as it would be recorded
	Errors    []string              `json:"errors"`
	Holder    *AccountHolderSummary `json:"account_holder,omitempty"`
}

// AccountHolderSummary is what a caller allowed to see account holders learns from a check.
type AccountHolderSummary struct {
	Name     string      `json:"name"`
	Postcode string      `json:"postcode,omitempty"`
	Balance  money.Pence `json:"balance"`
	Stopped  bool        `json:"stopped"`
}

// ReferenceFacts is the reference data a ReferenceCheck is decided on, read by the caller.
type ReferenceFacts struct {
	Fund      *Fund              // nil: no fund has the check's code
	MOP       *MOP               // nil: no MOP has the check's code (ignored when it names none)
	Validator ReferenceValidator // the fund's validator; the zero value when it has none
	Scheme    *checkdigit.Scheme // the validator's check digit scheme; nil when it has none
	// Checker is the validator compiled with its scheme, by a caller checking many references
	// against it (an import); nil compiles it for this check.
	Checker *ReferenceChecker
	// Account is the account holder with the reference in the fund, read when AccountMustExist
	// says so; nil when there is none. Stop is its stop message, the zero value when none.
	Account *AccountHolderSummary
	Stop    FundMessage
}

// AccountMustExist reports whether a payment to fund, whose validator is v (zero when none), must
// go to an account holder that exists.
func AccountMustExist(fund Fund, v ReferenceValidator) bool {
	return fund.AccountMustExist || v.MustExist
}

// CheckReference runs the account reference validation of SPEC §2.1 on what the caller read: amount
// limits (the fund's maximum, the MOP's minimum and maximum), then the fund's validator (length,
// character class, regex, input mask, check digit), then "account must exist" with stop messages,
// which a Finance user may override. It returns Invalid errors only for a malformed request (a
// fund or MOP that does not exist or is disabled); a reference that fails validation is a normal
// answer with Valid false and the reason. The account holder is in the answer only for principals
// allowed to see account holders.
func CheckReference(c ReferenceCheck, facts ReferenceFacts, p Principal) (ReferenceResult, error) {
	res := ReferenceResult{Reference: NormalizeReference(c.Reference), Errors: []string{}}
	fund := facts.Fund
	// A fund outside a member of staff's or an API client's fund groups is answered as one that
	// does not exist, so its existence is not revealed either. The public (the portal) is neither.
	outside := fund != nil && (p.UserID != 0 || p.APIClientID != 0) && !p.SeesFund(fund.Code)
	if fund == nil || fund.Disabled || outside {
		return res, FieldError("fund_code", "Fund %q does not exist or is disabled", c.Fund)
	}
	var mop *MOP
	if c.MOP != "" {
		if facts.MOP == nil || facts.MOP.Disabled {
			return res, FieldError("mop_code", "Method of payment %q does not exist or is disabled", c.MOP)
		}
		mop = facts.MOP
	}
	fail := func(msg string) (ReferenceResult, error) {
		res.Errors = append(res.Errors, msg)
		return res, nil
	}
	if c.Amount != nil {
		if msg := AmountProblemIn(*fund, mop, *c.Amount, publicLang(c, p)); msg != "" {
			return fail(msg)
		}
	}
	v := facts.Validator
	if v.CheckDigitScheme == "" && LooksLikeCardNumber(res.Reference) {
		return fail("Reference looks like a card number. Do not enter card details here")
	}
	if fund.Validator != "" {
		msg := ""
		if facts.Checker != nil {
			msg = facts.Checker.Check(res.Reference)
		} else {
			msg = v.CheckFormat(res.Reference, facts.Scheme)
		}
		if msg != "" {
			return fail(msg)
		}
	} else if msg := CheckReferenceText(res.Reference); msg != "" {
		return fail(msg) // blank, or characters no reference may hold
	}
	if AccountMustExist(*fund, v) {
		if facts.Account == nil {
			return fail(noAccountText(*fund, res.Reference, c, p))
		}
		if facts.Account.Stopped && !(c.OverrideStop && p.HasRole(Finance)) {
			return fail(stopText(facts.Stop, c, p))
		}
		if p.HasRole(TransactionDetails) || p.HasScope(ScopeAccountHolders) {
			res.Holder = facts.Account
		}
	}
	res.Valid = true
	return res, nil
}

// AmountProblem applies step 1 of SPEC §2.1 (the amount within the fund's maximum and the method of
// payment's limits; mop may be nil) and returns why the amount is refused, or "".
func AmountProblem(fund Fund, mop *MOP, amount money.Pence) string {
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
