package ims

import (
	"fmt"
	"strings"
	"time"

	"github.com/ims-council/ims/money"
)

// PostingRole returns the role a person needs to write a posting of kind k, and false for a kind
// that does not exist. Payments taken through the portal and the API are posted by the system
// principal, which holds every role.
func PostingRole(k PostingKind) (Role, bool) {
	switch k {
	case PostingPayment:
		return Payments, true
	case PostingManual:
		return PostPayment, true
	case PostingRefund:
		return Refund, true
	case PostingJournal:
		return Journal, true
	case PostingTransfer:
		return Transfer, true
	case PostingImport, PostingSuspense, PostingReversal:
		return Finance, true
	case PostingCashReturn:
		return CashReturnAuthoriser, true
	}
	return "", false
}

// PostingFacts is what the ledger read about the records a posting names, for CheckPosting.
type PostingFacts struct {
	OfficeExists   bool // the posting's Office is a known office (ignored when it names none)
	ReversedExists bool // the posting it Reverses exists (ignored when it reverses none)
}

// CheckPosting applies the rules of a posting as a whole, in this order: it has lines, its
// narrative holds no card number, the office and the posting it reverses exist, and a journal,
// transfer, reversal or suspense allocation nets to zero. The lines themselves are checked by
// BuildEntries. It returns the first rule broken, as an Invalid error, or nil.
func CheckPosting(np NewPosting, facts PostingFacts) error {
	if len(np.Entries) == 0 {
		return FieldError("entries", "A posting needs at least one line")
	}
	if LooksLikeCardNumber(np.Narrative) {
		return FieldError("narrative", "The narrative looks like a card number; card numbers must never be recorded")
	}
	if np.Office != "" && !facts.OfficeExists {
		return FieldError("office", "Office %s does not exist", np.Office)
	}
	if np.Reverses != 0 && !facts.ReversedExists {
		return FieldError("reverses", "Posting %d does not exist", np.Reverses)
	}
	if np.Kind.ZeroSum() {
		var total money.Pence
		for _, e := range np.Entries {
			var err error
			if total, err = money.Add(total, e.Amount); err != nil {
				return FieldError("entries", "The lines add up to more than can be recorded")
			}
		}
		if total != 0 {
			return FieldError("entries", "A %s must net to zero, but its lines add up to %s", np.Kind, total.Display())
		}
	}
	return nil
}

// PostingRefs is the reference data the lines of a posting name, keyed by code. A code missing
// from its map does not exist.
type PostingRefs struct {
	Funds    map[string]Fund
	MOPs     map[string]MOP
	VATCodes map[string]VATCode
}

// VATCodesNeeded returns the codes of the VAT codes BuildEntries may look up for np's lines once
// their funds are known: each line's own, and its fund's.
func VATCodesNeeded(np NewPosting, funds map[string]Fund) []string {
	var codes []string
	for _, ne := range np.Entries {
		if f, ok := funds[ne.Fund]; ok {
			codes = append(codes, f.VATCode)
		}
		if ne.VATCode != "" {
			codes = append(codes, ne.VATCode)
		}
	}
	return codes
}

// lineField names a field of line i the way forms and the API report it: entries[2].fund_code.
func lineField(i int, field string) string { return fmt.Sprintf("entries[%d].%s", i, field) }

// BuildEntries checks each line of a posting against the reference data (fund and MOP enabled, VAT
// code allowed by the fund, amount not zero, no card numbers in free text, a reference given) and
// returns its ledger entries with VAT worked out with rounding, dated by the posting at (its
// CreatedAt, BusinessDate and Office). Every line's problems are reported together, as one Invalid
// error whose fields name the lines. Account reference rules (SPEC §2.1) are the caller's: they
// differ between a citizen's payment and an import line bound for suspense.
func BuildEntries(np NewPosting, at Posting, refs PostingRefs, rounding money.Rounding) ([]LedgerEntry, error) {
	problems := Problems{}
	entries := make([]LedgerEntry, 0, len(np.Entries))
	for i, ne := range np.Entries {
		f, fundFound := refs.Funds[ne.Fund]
		m, mopFound := refs.MOPs[ne.MOP]
		switch {
		case !fundFound:
			problems.Add(lineField(i, "fund_code"), "Fund %q does not exist", ne.Fund)
		case f.Disabled:
			problems.Add(lineField(i, "fund_code"), "Fund %s is disabled", f.Code)
		}
		switch {
		case !mopFound:
			problems.Add(lineField(i, "mop_code"), "Method of payment %q does not exist", ne.MOP)
		case m.Disabled:
			problems.Add(lineField(i, "mop_code"), "Method of payment %s is disabled", m.Code)
		}
		if ne.Amount == 0 {
			problems.Add(lineField(i, "amount"), "Amount must not be zero")
		}
		if LooksLikeCardNumber(ne.Narrative) {
			problems.Add(lineField(i, "narrative"), "The narrative looks like a card number; card numbers must never be recorded")
		}
		if strings.TrimSpace(ne.Reference) == "" {
			problems.Add(lineField(i, "reference"), "Enter a reference")
		}
		if len(ne.CardFirst6) > 6 || len(ne.CardLast4) > 4 {
			problems.Add(lineField(i, "card"), "Only the first 6 and last 4 digits of a card may be recorded")
		}
		if !fundFound || !mopFound {
			continue
		}
		vatCode := f.VATCode
		if ne.VATCode != "" && ne.VATCode != f.VATCode {
			if !f.VATOverride {
				problems.Add(lineField(i, "vat_code"), "Fund %s does not allow VAT code %s; its VAT code is %s", f.Code, ne.VATCode, f.VATCode)
				continue
			}
			vatCode = ne.VATCode
		}
		v, ok := refs.VATCodes[vatCode]
		if !ok || v.Disabled {
			problems.Add(lineField(i, "vat_code"), "VAT code %s does not exist or is disabled", vatCode)
			continue
		}
		vat, err := money.VAT(ne.Amount, v.Rate, rounding)
		if err != nil {
			return nil, err
		}
		txTime := ne.TransactionTime.UTC().Truncate(time.Microsecond)
		if ne.TransactionTime.IsZero() {
			txTime = at.CreatedAt
		}
		entries = append(entries, LedgerEntry{Line: i + 1, Kind: ne.Kind, Fund: f.Code,
			Reference: ne.Reference, MOP: m.Code, Amount: ne.Amount, VATCode: v.Code, VATRate: v.Rate, VATAmount: vat,
			Narrative: ne.Narrative, Office: at.Office, TransactionTime: txTime, BusinessDate: at.BusinessDate,
			PSPPaymentID: ne.PSPPaymentID, PSPReference: ne.PSPReference, CardBrand: ne.CardBrand,
			CardFirst6: ne.CardFirst6, CardLast4: ne.CardLast4, LinksEntry: ne.LinksEntry})
	}
	return entries, problems.Err("The posting has lines that cannot be recorded")
}

// Posting returns the posting np becomes when actor writes it at time at, dated by the business day
// of at in zone (Europe/London), without its entries (BuildEntries), number or hashes.
func (np NewPosting) Posting(actor string, at time.Time, zone *time.Location) Posting {
	return Posting{Kind: np.Kind, Source: np.Source, SourceRef: np.SourceRef, Narrative: np.Narrative,
		Actor: actor, Office: np.Office, CreatedAt: at, BusinessDate: BusinessDate(at, zone),
		Reverses: np.Reverses, ReceiptNumber: np.ReceiptNumber}
}
