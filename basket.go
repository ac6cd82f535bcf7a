package ims

import (
	"fmt"
	"net/mail"
	"strings"

	"github.com/ims-council/ims/money"
)

// MaxBasketTotal is the most one basket may add up to.
const MaxBasketTotal money.Pence = 1_000_000_00

// MayStartPayment refuses a principal who may not start a payment from source: staff need the
// Payments role, API clients the payments scope; anyone may pay through the portal.
func MayStartPayment(p Principal, source Source) error {
	if source == SourceStaff {
		return p.Require(Payments)
	}
	if p.APIClientID != 0 {
		return p.RequireScope(ScopePayments)
	}
	return nil
}

// CardMOPKind is the kind of the card method of payment that payments from source are taken by:
// customer not present for staff, self-service for the portal and the API.
func CardMOPKind(source Source) MOPKind {
	if source == SourceStaff {
		return KindCardStaff
	}
	return KindCardSelfService
}

// PaymentLanguage is the language a payment is carried out in: Welsh when asked for, else English.
func PaymentLanguage(lang string) string {
	if lang == "cy" {
		return "cy"
	}
	return "en"
}

// NormalisedLines returns a basket's lines with their references as they are recorded.
func NormalisedLines(lines []PaymentLine) []PaymentLine {
	out := make([]PaymentLine, len(lines))
	for i, l := range lines {
		l.Reference = NormalizeReference(l.Reference)
		out[i] = l
	}
	return out
}

// BasketLineFacts is what was read and checked of one basket line before the basket is decided on:
// the reference check of the line's normalised reference against the card MOP (its answer, or the
// Invalid error of a fund or MOP that does not exist or is disabled) and, when the check took it,
// the line's fund.
type BasketLineFacts struct {
	Check    ReferenceResult
	CheckErr error // Invalid; nil when the check answered
	Fund     Fund  // meaningful when CheckErr is nil
}

// CheckBasket applies to every line of a card payment request what the ledger will apply when the
// payment is posted, so a payment the provider takes can always be recorded: the reference check
// with the amount and the card MOP's limits, no line twice, the fund's VAT rules, and the payer
// details some funds require; and, through the portal, only funds offered there. lines holds the
// facts of each line of NormalisedLines(req.Lines), in order. Every problem is reported at once,
// as one Invalid error whose fields name the lines (lines[2].reference).
func CheckBasket(req PaymentRequest, mop MOP, lines []BasketLineFacts) error {
	problems := Problems{}
	switch {
	case len(req.Lines) == 0:
		problems.Add("lines", "Add at least one payment")
	case len(req.Lines) > MaxBasketLines:
		problems.Add("lines", "A basket can hold at most %d payments", MaxBasketLines)
	}
	if req.Language != "" && req.Language != "en" && req.Language != "cy" {
		problems.Add("language", "Language must be en or cy")
	}
	if LooksLikeCardNumber(req.Narrative) || LooksLikeCardNumber(req.ClientReference) {
		problems.Add("narrative", "Do not enter card numbers here")
	}
	seen := map[string]bool{}
	needAddress := false
	var total money.Pence
	for i, l := range NormalisedLines(req.Lines) {
		field := func(f string) string { return fmt.Sprintf("lines[%d].%s", i, f) }
		facts := lines[i]
		// The reference and the amount are checked apart, so a line wrong in both is reported
		// under each field rather than stopping at the amount (SPEC §2.1's first step).
		if facts.CheckErr != nil {
			for k, v := range ErrorFields(facts.CheckErr) {
				problems.Add(field(k), "%s", v)
			}
			continue
		}
		f := facts.Fund
		if req.Source == SourcePortal && !f.Portal {
			problems.Add(field("fund_code"), "You cannot pay this online any more. Remove it from your basket")
			continue
		}
		if msg := AmountProblemIn(f, &mop, l.Amount, payerLang(req)); msg != "" {
			problems.Add(field("amount"), "%s", msg)
		}
		if !facts.Check.Valid {
			problems.Add(field("reference"), "%s", facts.Check.Errors[0])
			continue
		}
		key := l.Fund + "\x00" + l.Reference
		if seen[key] {
			problems.Add(field("reference"), "Reference %s is already in the basket", l.Reference)
		}
		seen[key] = true
		needAddress = needAddress || f.AddressRequired
		if l.VATCode != "" && l.VATCode != f.VATCode && !f.VATOverride {
			problems.Add(field("vat_code"), "Fund %s does not allow VAT code %s", f.Code, l.VATCode)
		}
		if LooksLikeCardNumber(l.Narrative) {
			problems.Add(field("narrative"), "Do not enter card numbers here")
		}
		total += l.Amount
	}
	if total > MaxBasketTotal {
		problems.Add("lines", "A basket cannot exceed £1,000,000.00")
	}
	if e := req.Payer.Email; e != "" {
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
			problems.Add("payer.email", "Enter an email address in the correct format, like name@example.com")
		}
	}
	if needAddress {
		if strings.TrimSpace(req.Payer.Name) == "" {
			problems.Add("payer.name", "Enter your full name")
		}
		if len(req.Payer.Address) == 0 || strings.TrimSpace(req.Payer.Address[0]) == "" {
			problems.Add("payer.address", "Enter the first line of your address")
		}
		if !ValidUKPostcode(req.Payer.Postcode) {
			problems.Add("payer.postcode", "Enter a real UK postcode, like SW1A 1AA")
		}
	}
	return problems.Err("The payment cannot be taken")
}
