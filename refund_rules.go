package ims

import (
	"fmt"
	"strings"

	"github.com/ims-council/ims/money"
)

// MayRequestRefund refuses a principal who may not ask for refunds: staff need the Refund role, API
// clients the refunds scope.
func MayRequestRefund(p Principal) error {
	if p.APIClientID != 0 {
		return p.RequireScope(ScopeRefunds)
	}
	return p.Require(Refund)
}

// MayDecideRefund refuses a principal who may not approve or reject refunds above the approval
// limit: staff need the RefundApprover role, API clients the refund-approvals scope.
func MayDecideRefund(p Principal) error {
	if p.APIClientID != 0 {
		return p.RequireScope(ScopeRefundApprovals)
	}
	return p.Require(RefundApprover)
}

// Check applies the rules a refund request must meet before anything is read: a reason, no card
// number in it, and an idempotency key so that it cannot be made twice. It returns the first rule
// broken as an Invalid error.
func (r RefundRequest) Check() error {
	if strings.TrimSpace(r.Reason) == "" {
		return FieldError("reason", "Enter the reason for the refund")
	}
	if LooksLikeCardNumber(r.Reason) {
		return FieldError("reason", "Do not enter card numbers here")
	}
	if strings.TrimSpace(r.IdempotencyKey) == "" {
		return FieldError("idempotency_key", "A refund request needs an idempotency key so it cannot be made twice")
	}
	return nil
}

// CheckRefundable refuses a refund of a payment taken by a method of payment that cannot refund.
func CheckRefundable(m MOP) error {
	if !m.Refundable {
		return Errorf(Conflict, "Payments by %s cannot be refunded", m.Name)
	}
	return nil
}

// RefundLines checks requested lines against what is left to refund of each payment entry (left,
// by entry id; byLine maps the payment's line numbers to entry ids, for lines named by number) and
// returns the lines to refund, each with its entry id. No lines means everything left. partial
// reports whether anything refundable would remain afterwards. requested is not changed.
func RefundLines(requested []RefundLine, left map[int64]money.Pence, byLine map[int]int64) (lines []RefundLine, partial bool, err error) {
	if len(requested) == 0 {
		for id, amount := range left {
			if amount > 0 {
				lines = append(lines, RefundLine{EntryID: id, Amount: amount})
			}
		}
		if len(lines) == 0 {
			return nil, false, Errorf(Conflict, "The payment has been refunded in full already")
		}
		return lines, false, nil
	}
	lines = append([]RefundLine(nil), requested...)
	for i := range lines {
		if lines[i].EntryID == 0 {
			lines[i].EntryID = byLine[lines[i].Line]
		}
	}
	problems := Problems{}
	var total, available money.Pence
	seen := map[int64]bool{}
	for i, l := range lines {
		field := fmt.Sprintf("lines[%d]", i)
		remaining, ok := left[l.EntryID]
		switch {
		case !ok:
			problems.Add(field+".line", "Line %d is not a line of this payment", l.Line)
		case seen[l.EntryID]:
			problems.Add(field+".entry_id", "Entry %d is listed twice", l.EntryID)
		case l.Amount <= 0:
			problems.Add(field+".amount", "Amount must be more than £0.00")
		case l.Amount > remaining:
			problems.Add(field+".amount", "Only %s of this line can still be refunded", remaining.Display())
		}
		seen[l.EntryID] = true
		total += l.Amount
	}
	if err := problems.Err("The refund cannot be made"); err != nil {
		return nil, false, err
	}
	for _, amount := range left {
		available += amount
	}
	return lines, total < available, nil
}

// MayRefundPartly refuses a member of staff without the PartialRefund role a refund that leaves
// part of the payment refundable. An API client's refunds scope covers partial refunds.
func MayRefundPartly(p Principal) error {
	if p.APIClientID != 0 {
		return nil
	}
	return p.Require(PartialRefund)
}

// RefundStateFor returns the state a new refund of amount starts in: awaiting a RefundApprover when
// it is above approvalLimit (when that is positive), otherwise pending, ready to send.
func RefundStateFor(amount, approvalLimit money.Pence) RefundState {
	if approvalLimit > 0 && amount > approvalLimit {
		return RefundAwaitingApproval
	}
	return RefundPending
}

// CheckRefundDecision refuses p's approval or rejection of r unless r awaits approval and p is not
// who asked for it.
func CheckRefundDecision(r PaymentRefund, p Principal) error {
	if r.State != RefundAwaitingApproval {
		return Errorf(Conflict, "Refund %s is not awaiting approval: it is %s", r.ID, r.State)
	}
	if r.RequestedBy == p.Actor() {
		return Errorf(Forbidden, "A refund must be approved or rejected by someone other than whoever asked for it")
	}
	return nil
}

// RefundPosting is the posting of a refund that succeeded: each refunded entry (refunded, by id)
// mirrored with the negative amount of its refund line in the same fund, reference, MOP and VAT
// code, linked to its original.
func RefundPosting(r PaymentRefund, refunded map[int64]LedgerEntry) (NewPosting, error) {
	np := NewPosting{Kind: PostingRefund, Source: SourceSystem, SourceRef: r.ID, Narrative: "Refund: " + r.Reason}
	for _, l := range r.Lines {
		orig, ok := refunded[l.EntryID]
		if !ok {
			return np, fmt.Errorf("refund %s names entry %d, which does not exist", r.ID, l.EntryID)
		}
		np.Entries = append(np.Entries, NewLedgerEntry{Kind: EntryRefund, Fund: orig.Fund, Reference: orig.Reference,
			MOP: orig.MOP, Amount: -l.Amount, VATCode: orig.VATCode, Narrative: "Refund: " + r.Reason,
			PSPPaymentID: orig.PSPPaymentID, PSPReference: orig.PSPReference, CardBrand: orig.CardBrand,
			CardLast4: orig.CardLast4, LinksEntry: l.EntryID})
	}
	return np, nil
}
