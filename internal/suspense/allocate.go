package suspense

import (
	"context"
	"fmt"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/money"
)

// Allocate moves money out of one or more suspense items to allocation lines, less credit notes, in
// one zero-sum posting (ADR 23): a suspense-out entry per item (taken in the order given, so a
// partial allocation leaves the rest in the last items), a credit per line and a negative entry per
// credit note. Every line's fund and reference are checked as a payment's are (SPEC §2.1), within
// the principal's fund groups; credit notes only from funds that allow them. Each item names the
// version the person saw: an item allocated since is a Conflict and nothing is posted. The same
// person repeating an idempotency key gets the first allocation back (created false).
func (s *Service) Allocate(ctx context.Context, p ims.Principal, req ims.SuspenseAllocationRequest) (a ims.AllocationResult, created bool, err error) {
	defer ims.Wrap(&err, "AllocateSuspense")
	if err := mayUse(p); err != nil {
		return a, false, err
	}
	if err := req.CheckShape(); err != nil {
		return a, false, err
	}
	hash := requestHash(req)
	if req.IdempotencyKey != "" {
		done, doneHash, found, err := s.DB.SuspenseAllocationByKey(ctx, p.Actor(), req.IdempotencyKey)
		if err != nil || found {
			if found && doneHash != hash {
				return a, false, ims.Errorf(ims.Conflict, "Idempotency key %q was used for a different allocation", req.IdempotencyKey)
			}
			return s.result(ctx, done, req)
		}
	}
	items := make([]ims.SuspenseItem, len(req.Items))
	for i, take := range req.Items {
		if items[i], err = s.DB.SuspenseItem(ctx, take.ID); err != nil {
			return a, false, err
		}
	}
	// Reference checks read outside the transaction: they touch reference data and account
	// holders, not the suspense items, and keep the chain heads free meanwhile.
	entries, err := s.checkLines(ctx, p, req, items[0].MOP)
	if err != nil {
		return a, false, err
	}
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		a, err = s.allocateIn(ctx, tx, p, req, entries, hash)
		return err
	})
	if sqldb.IsDuplicate(err) {
		return s.Allocate(ctx, p, req) // a concurrent repeat of the same key won
	}
	if err != nil {
		return a, false, err
	}
	a, _, err = s.result(ctx, ims.SuspenseAllocation{ID: a.ID, PostingID: a.PostingID, Receipt: a.Receipt, Amount: a.Amount}, req)
	return a, err == nil, err
}

// allocateIn reads the items as tx sees them, refuses stale ones, and posts.
func (s *Service) allocateIn(ctx context.Context, tx *sqldb.Tx, p ims.Principal, req ims.SuspenseAllocationRequest,
	lines []ims.NewLedgerEntry, hash string) (ims.AllocationResult, error) {
	fund, found, err := tx.SuspenseFund(ctx)
	if err != nil {
		return ims.AllocationResult{}, err
	}
	if !found {
		return ims.AllocationResult{}, ims.Errorf(ims.Unavailable, "No fund is marked as the suspense fund; a system administrator must mark one")
	}
	items := make([]ims.SuspenseItem, len(req.Items))
	for i, take := range req.Items {
		it, found, err := tx.SuspenseItem(ctx, take.ID)
		switch {
		case err != nil:
			return ims.AllocationResult{}, err
		case !found:
			return ims.AllocationResult{}, ims.FieldError(fmt.Sprintf("items[%d]", i), "There is no suspense item %d", take.ID)
		case it.Version != take.Version:
			return ims.AllocationResult{}, stale(it.ID)
		case it.Remaining() == 0:
			return ims.AllocationResult{}, ims.FieldError(fmt.Sprintf("items[%d]", i), "Suspense item %d is already fully allocated", it.ID)
		}
		items[i] = it
	}
	net := req.Net()
	takes, err := ims.PlanAllocation(items, net)
	if err != nil {
		return ims.AllocationResult{}, err
	}
	np := ims.NewPosting{Kind: ims.PostingSuspense, Source: ims.SourceSuspense, Narrative: req.Narrative}
	taken := map[int64]money.Pence{}
	for i, it := range items {
		if takes[i] == 0 {
			continue // the lines were covered by the items before it
		}
		entry, err := tx.EntryOfPosting(ctx, it.PostingID, it.PostingLine)
		if err != nil {
			return ims.AllocationResult{}, err
		}
		ok, err := tx.TakeFromSuspenseItem(ctx, it.ID, it.Version, takes[i])
		if err != nil {
			return ims.AllocationResult{}, err
		}
		if !ok {
			return ims.AllocationResult{}, stale(it.ID)
		}
		ref := it.Reference
		if ref == "" {
			ref = "UNIDENTIFIED"
		}
		np.Entries = append(np.Entries, ims.NewLedgerEntry{Kind: ims.EntrySuspenseOut, Fund: fund.Code, Reference: ref,
			MOP: it.MOP, Amount: -takes[i], Narrative: fmt.Sprintf("Suspense item %d allocated", it.ID), LinksEntry: entry})
		taken[it.ID] = takes[i]
	}
	np.Entries = append(np.Entries, lines...)
	po, err := s.Ledger.PostIn(ctx, tx, p, np)
	if err != nil {
		return ims.AllocationResult{}, err
	}
	rec := ims.SuspenseAllocation{PostingID: po.ID, Receipt: po.ReceiptNumber, AllocatedBy: p.Actor(), At: tx.Now(), Amount: net}
	if rec.ID, err = tx.InsertSuspenseAllocation(ctx, rec, taken, req.IdempotencyKey, hash); err != nil {
		return ims.AllocationResult{}, err
	}
	audit := map[string]any{"items": taken, "posting_id": po.ID, "receipt_number": po.ReceiptNumber, "amount": net.String()}
	if err := tx.Audit(ctx, p, "allocate", "suspense_allocation", fmt.Sprint(rec.ID), nil, audit); err != nil {
		return ims.AllocationResult{}, err
	}
	return ims.AllocationResult{ID: rec.ID, PostingID: po.ID, Receipt: po.ReceiptNumber, Amount: net}, nil
}

// stale is the answer to an allocation from figures someone else's allocation has since changed.
func stale(id int64) error {
	return ims.Errorf(ims.Conflict, "Suspense item %d was allocated by someone else just now; reload it and allocate again", id)
}

// checkLines checks each allocation line and credit note as a payment line is checked (the fund
// within p's fund groups, the reference by the fund's rules, the amount within the limits) and
// returns their ledger entries; every line's problem is reported together, naming the line.
func (s *Service) checkLines(ctx context.Context, p ims.Principal, req ims.SuspenseAllocationRequest, defaultMOP string) ([]ims.NewLedgerEntry, error) {
	problems := ims.Problems{}
	var entries []ims.NewLedgerEntry
	check := func(field string, l ims.AllocationLine, kind ims.EntryKind, sign money.Pence) error {
		// A fund that does not exist, or is outside p's groups, is refused by the reference check
		// below, in the same words as for a payment; only a fund p sees is judged here.
		f, err := s.DB.Funds().Get(ctx, l.Fund)
		if err != nil && ims.ErrorCode(err) != ims.NotFound {
			return err
		}
		if err == nil && p.SeesFund(f.Code) {
			if sub, msg := s.fundProblem(ctx, f, l, kind); msg != "" {
				problems.Add(field+"."+sub, "%s", msg)
				return nil
			}
		}
		mop := l.MOP
		if mop == "" {
			mop = defaultMOP
		}
		amount := l.Amount
		res, err := s.DB.CheckReference(ctx, p, ims.ReferenceCheck{Fund: l.Fund, Reference: l.Reference, Amount: &amount, MOP: mop})
		switch {
		case ims.ErrorCode(err) == ims.Invalid:
			for f, msg := range ims.ErrorFields(err) {
				problems.Add(field+"."+f, "%s", msg)
			}
			return nil
		case err != nil:
			return err
		case !res.Valid:
			problems.Add(field+".reference", "%s", strings.Join(res.Errors, "; "))
			return nil
		}
		entries = append(entries, ims.NewLedgerEntry{Kind: kind, Fund: l.Fund, Reference: res.Reference, MOP: mop,
			Amount: sign * l.Amount, VATCode: l.VATCode, Narrative: l.Narrative})
		return nil
	}
	for i, l := range req.Lines {
		if err := check(fmt.Sprintf("lines[%d]", i), l, ims.EntryJournalCredit, 1); err != nil {
			return nil, err
		}
	}
	for i, l := range req.CreditNotes {
		if err := check(fmt.Sprintf("credit_notes[%d]", i), l, ims.EntryCreditNote, -1); err != nil {
			return nil, err
		}
	}
	return entries, problems.Err("The allocation has lines that cannot be allocated")
}

// fundProblem returns the field and the reason a line may not go to fund f, or "", "": the suspense
// fund itself, a credit note from a fund without credit notes, or a VAT code the fund does not
// allow. (The ledger would refuse the VAT code too, but naming the posting's entry, not the line.)
func (s *Service) fundProblem(ctx context.Context, f ims.Fund, l ims.AllocationLine, kind ims.EntryKind) (field, reason string) {
	switch {
	case f.Suspense:
		return "fund_code", "Money in suspense cannot be allocated to the suspense fund " + f.Code
	case kind == ims.EntryCreditNote && !f.CreditNotes:
		return "fund_code", "Fund " + f.Code + " does not take credit notes"
	case l.VATCode != "" && l.VATCode != f.VATCode && !f.VATOverride:
		return "vat_code", "Fund " + f.Code + " does not allow VAT code " + l.VATCode + "; its VAT code is " + f.VATCode
	case l.VATCode != "":
		if v, err := s.DB.VATCodes().Get(ctx, l.VATCode); err != nil || v.Disabled {
			return "vat_code", "VAT code " + l.VATCode + " does not exist or is disabled"
		}
	}
	return "", ""
}

// result returns an allocation with the items it took from, as they stand.
func (s *Service) result(ctx context.Context, done ims.SuspenseAllocation, req ims.SuspenseAllocationRequest) (ims.AllocationResult, bool, error) {
	a := ims.AllocationResult{ID: done.ID, PostingID: done.PostingID, Receipt: done.Receipt, Amount: done.Amount}
	for _, take := range req.Items {
		it, err := s.DB.SuspenseItem(ctx, take.ID)
		if err != nil {
			return a, false, err
		}
		a.Items = append(a.Items, it)
	}
	return a, false, nil
}
