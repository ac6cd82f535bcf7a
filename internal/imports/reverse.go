package imports

import (
	"context"
	"fmt"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/money"
)

// Reverse undoes a posted import (a file imported into the wrong type, or twice): one posting, of
// the import kind and naming the import's posting as the one it reverses, takes back every entry
// (each linked to the entry it reverses), and the import's suspense items, all still open, are
// closed by it. Refused with the reason when the import is not posted, or when any of its entries
// was refunded, journalled or reversed, or money was allocated from its suspense items: those
// must be undone first. Finance only; the reason is recorded and audited.
func (s *Service) Reverse(ctx context.Context, p ims.Principal, id int64, reason string) (imp ims.Import, err error) {
	defer ims.Wrap(&err, "ReverseImport(%d)", id)
	if err := p.Require(ims.Finance); err != nil {
		return imp, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return imp, ims.FieldError("reason", "Enter why the import is being reversed")
	}
	if ims.LooksLikeCardNumber(reason) {
		return imp, ims.FieldError("reason", "The reason looks like a card number; card numbers must never be recorded")
	}
	si, found, err := s.DB.Import(ctx, id)
	switch {
	case err != nil:
		return imp, err
	case !found:
		return imp, ims.Errorf(ims.NotFound, "There is no import %d", id)
	case si.State != ims.ImportPosted:
		return imp, ims.Errorf(ims.Conflict, "Import %d is %s; only a posted import can be reversed", id, si.State)
	}
	imp = si.Import
	var original ims.Posting
	if imp.Receipt != "" {
		if original, err = s.DB.PostingByReceipt(ctx, imp.Receipt); err != nil {
			return imp, err
		}
	}
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		if original.ID != 0 {
			if err := s.reverseIn(ctx, tx, p, &imp, original, reason); err != nil {
				return err
			}
		}
		imp.Message = "Reversed: " + reason
		changed, err := tx.MarkImportReversed(ctx, imp.ID, imp.ReversalID, imp.Message)
		if err != nil {
			return err
		}
		if !changed {
			return ims.Errorf(ims.Conflict, "Import %d was reversed by someone else a moment ago", id)
		}
		imp.State = ims.ImportReversed
		return tx.Audit(ctx, p, "reverse", "import", fmt.Sprint(imp.ID), si.Import,
			map[string]any{"reason": reason, "reversal_posting_id": imp.ReversalID})
	})
	return imp, err
}

// reverseIn writes the reversing posting in tx and closes the import's suspense items with it.
func (s *Service) reverseIn(ctx context.Context, tx *sqldb.Tx, p ims.Principal, imp *ims.Import, original ims.Posting, reason string) error {
	use, err := tx.UseOfPosting(ctx, original.ID)
	if err != nil {
		return err
	}
	switch {
	case use.Allocated > 0:
		return ims.Errorf(ims.Conflict, "Import %d cannot be reversed: money was allocated from %d of its suspense items; "+
			"undo those allocations first", imp.ID, use.Allocated)
	case use.Linked > 0:
		return ims.Errorf(ims.Conflict, "Import %d cannot be reversed: %d of its entries were refunded, journalled or "+
			"reversed since; undo those first", imp.ID, use.Linked)
	}
	np := ims.NewPosting{Kind: ims.PostingImport, Source: ims.SourceImport, SourceRef: fmt.Sprint(imp.ID),
		Narrative: fmt.Sprintf("Reversal of import %d: %s", imp.ID, reason), Office: original.Office, Reverses: original.ID}
	for _, e := range original.Entries {
		np.Entries = append(np.Entries, ims.NewLedgerEntry{Kind: ims.EntryReversal, Fund: e.Fund, Reference: e.Reference,
			MOP: e.MOP, Amount: -e.Amount, VATCode: e.VATCode, Narrative: e.Narrative, LinksEntry: e.ID})
	}
	po, err := s.Ledger.PostIn(ctx, tx, p, np)
	if err != nil {
		return err
	}
	imp.ReversalID = po.ID
	items, err := tx.OpenSuspenseItemsOfPosting(ctx, original.ID)
	if err != nil || len(items) == 0 {
		return err
	}
	takes := map[int64]money.Pence{}
	var total money.Pence
	for _, it := range items {
		ok, err := tx.TakeFromSuspenseItem(ctx, it.ID, it.Version, it.Remaining())
		if err != nil {
			return err
		}
		if !ok {
			return ims.Errorf(ims.Conflict, "Suspense item %d of import %d changed while it was being reversed; try again", it.ID, imp.ID)
		}
		takes[it.ID] = it.Remaining()
		total += it.Remaining()
	}
	rec := ims.SuspenseAllocation{PostingID: po.ID, Receipt: po.ReceiptNumber, AllocatedBy: p.Actor(), At: tx.Now(), Amount: total}
	_, err = tx.InsertSuspenseAllocation(ctx, rec, takes, "", "")
	return err
}
