package journals

import (
	"context"
	"fmt"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// Journal moves all or part of posted lines (req.Sources) to target lines in one zero-sum journal
// posting: a negative journal-debit line on each source's fund and reference, linked to it, and a
// journal-credit line per target, all carrying the journal MOP. Each target is checked as a payment
// line is, within p's fund groups; each source must be in p's fund groups (else it is refused as if
// it did not exist) and still hold what is taken (its amount less refunds and earlier journals).
// The same person repeating an idempotency key gets the first journal back (created false).
func (s *Service) Journal(ctx context.Context, p ims.Principal, req ims.JournalRequest) (j ims.JournalRecord, created bool, err error) {
	defer ims.Wrap(&err, "Journal")
	if err := ims.MayJournal(p, ims.KindOfJournal); err != nil {
		return j, false, err
	}
	req.Reason = strings.TrimSpace(req.Reason)
	if err := req.CheckShape(); err != nil {
		return j, false, err
	}
	// The targets are checked before the transaction: reference checks read reference data and
	// account holders, not the ledger, and keep the chain heads free meanwhile.
	mop, err := s.roleMOP(ctx, ims.KindJournal)
	if err != nil {
		return j, false, err
	}
	problems := ims.Problems{}
	credits, err := s.checkLines(ctx, p, "targets", req.Targets, ims.EntryJournalCredit, mop, 1, problems)
	if err != nil {
		return j, false, err
	}
	return s.make(ctx, p, ims.KindOfJournal, req.Reason, req.IdempotencyKey, requestHash(req), func(tx *sqldb.Tx) (ims.NewPosting, error) {
		ids := make([]int64, len(req.Sources))
		for i, src := range req.Sources {
			ids[i] = src.EntryID
		}
		// What is left on each source is read as tx sees it: the chain heads are locked, so no
		// other journal or refund request can take the same money meanwhile.
		entries, err := tx.EntriesAvailable(ctx, ids)
		if err != nil {
			return ims.NewPosting{}, err
		}
		debits, err := ims.JournalDebits(p, req.Sources, entries, mop, req.Reason)
		for f, msg := range ims.ErrorFields(err) {
			problems.Add(f, "%s", msg)
		}
		if err := problems.Err("The journal cannot be made"); err != nil {
			return ims.NewPosting{}, err
		}
		return ims.NewPosting{Kind: ims.PostingJournal, Source: ims.SourceStaff, Narrative: req.Reason,
			Entries: append(debits, credits...)}, nil
	})
}

// Transfer moves money from the From lines to the To lines in one zero-sum transfer posting: a
// negative transfer-out line per From line (the transfer-out MOP) and a transfer-in line per To
// line (the transfer-in MOP). Both sides are checked as payment lines are, within p's fund groups,
// and must total the same exactly, whatever the form showed. The same person repeating an
// idempotency key gets the first transfer back (created false).
func (s *Service) Transfer(ctx context.Context, p ims.Principal, req ims.TransferRequest) (j ims.JournalRecord, created bool, err error) {
	defer ims.Wrap(&err, "Transfer")
	if err := ims.MayJournal(p, ims.KindOfTransfer); err != nil {
		return j, false, err
	}
	req.Reason = strings.TrimSpace(req.Reason)
	if err := req.CheckShape(); err != nil {
		return j, false, err
	}
	out, err := s.roleMOP(ctx, ims.KindTransferOut)
	if err != nil {
		return j, false, err
	}
	in, err := s.roleMOP(ctx, ims.KindTransferIn)
	if err != nil {
		return j, false, err
	}
	problems := ims.Problems{}
	from, err := s.checkLines(ctx, p, "from", req.From, ims.EntryTransferOut, out, -1, problems)
	if err != nil {
		return j, false, err
	}
	to, err := s.checkLines(ctx, p, "to", req.To, ims.EntryTransferIn, in, 1, problems)
	if err != nil {
		return j, false, err
	}
	if err := problems.Err("The transfer cannot be made"); err != nil {
		return j, false, err
	}
	return s.make(ctx, p, ims.KindOfTransfer, req.Reason, req.IdempotencyKey, requestHash(req), func(*sqldb.Tx) (ims.NewPosting, error) {
		return ims.NewPosting{Kind: ims.PostingTransfer, Source: ims.SourceStaff, Narrative: req.Reason,
			Entries: append(from, to...)}, nil
	})
}

// make is the part journals and transfers share: the idempotency key looked up, then in one
// transaction the posting build returns written, the record kept and the action audited.
func (s *Service) make(ctx context.Context, p ims.Principal, kind ims.JournalKind, reason, key, hash string,
	build func(tx *sqldb.Tx) (ims.NewPosting, error)) (j ims.JournalRecord, created bool, err error) {
	if key != "" {
		done, doneHash, found, err := s.DB.JournalByKey(ctx, p.Actor(), key)
		if err != nil || found {
			if found && (doneHash != hash || done.Kind != kind) {
				return j, false, ims.Errorf(ims.Conflict, "Idempotency key %q was used for a different %s", key, kind)
			}
			return done, false, err
		}
	}
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		np, err := build(tx)
		if err != nil {
			return err
		}
		po, err := s.Ledger.PostIn(ctx, tx, p, np)
		if err != nil {
			return err
		}
		j = ims.JournalRecord{Kind: kind, Reason: reason, PostingID: po.ID, Receipt: po.ReceiptNumber, CreatedBy: p.Actor(), CreatedAt: tx.Now()}
		for _, e := range np.Entries {
			if e.Amount > 0 {
				j.Amount += e.Amount
			}
		}
		if j.ID, err = tx.InsertJournal(ctx, j, key, hash); err != nil {
			return err
		}
		return tx.Audit(ctx, p, "create", string(kind), fmt.Sprint(j.ID), nil, map[string]any{"reason": reason,
			"amount": j.Amount.String(), "posting_id": po.ID, "receipt_number": po.ReceiptNumber, "entries": np.Entries})
	})
	if sqldb.IsDuplicate(err) && key != "" {
		return s.make(ctx, p, kind, reason, key, hash, build) // a concurrent repeat of the same key won
	}
	if err != nil {
		return j, false, err
	}
	j, _, err = s.DB.Journal(ctx, j.ID)
	return j, err == nil, err
}
