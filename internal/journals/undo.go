package journals

import (
	"context"
	"fmt"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// Undo undoes journal or transfer id once, by a zero-sum reversal posting that mirrors each of its
// lines, negated and linked to it: the money is available on its sources again. Refused when it
// was undone already or when money has moved on from its credit lines (journalled, transferred or
// refunded since), which must be undone first. p needs the role of its kind and to see every fund
// it touches (else it is NotFound). The same person repeating the idempotency key they undid it
// with gets it back (undone false) rather than a refusal.
func (s *Service) Undo(ctx context.Context, p ims.Principal, id int64, reason, key string) (j ims.JournalRecord, undone bool, err error) {
	defer ims.Wrap(&err, "UndoJournal(%d)", id)
	reason = strings.TrimSpace(reason)
	switch {
	case ims.LooksLikeCardNumber(reason):
		return j, false, ims.FieldError("reason", "The reason looks like a card number; card numbers must never be recorded")
	case len(reason) > 500:
		return j, false, ims.FieldError("reason", "Enter 500 characters or fewer")
	}
	if j, err = s.Get(ctx, p, id); err != nil {
		return j, false, err
	}
	repeat := false
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		repeat = false
		before, undoKey, found, err := tx.JournalIn(ctx, id)
		if err != nil {
			return err
		}
		if !found {
			return ims.Errorf(ims.NotFound, "There is no journal or transfer %d", id)
		}
		if before.Undone() && key != "" && undoKey == key && before.UndoneBy == p.Actor() {
			repeat = true // nothing to write: the first undo answers
			return nil
		}
		all, err := tx.PostingAvailable(ctx, before.PostingID)
		if err != nil {
			return err
		}
		var credited []ims.JournalEntry
		for _, e := range all {
			if e.Amount > 0 {
				credited = append(credited, e)
			}
		}
		if err := ims.CheckUndo(before, credited); err != nil {
			return err
		}
		po, err := s.Ledger.PostIn(ctx, tx, p, ims.UndoPosting(before, ims.Posting{ID: before.PostingID, Entries: before.Entries}, reason))
		if err != nil {
			return err
		}
		marked, err := tx.MarkJournalUndone(ctx, id, po.ID, p.Actor(), key)
		if err != nil {
			return err
		}
		if !marked {
			return ims.Errorf(ims.Conflict, "%s %d was undone by someone else a moment ago", before.Kind, id)
		}
		return tx.Audit(ctx, p, "undo", string(before.Kind), fmt.Sprint(id), nil,
			map[string]any{"reason": reason, "undo_posting_id": po.ID, "undo_receipt_number": po.ReceiptNumber})
	})
	if err != nil {
		return j, false, err
	}
	j, _, err = s.DB.Journal(ctx, id)
	return j, err == nil && !repeat, err
}
