package accountholders

import (
	"context"
	"fmt"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// An applier applies the lines of one import in batches, one transaction each, so an import of a
// million lines holds one batch in memory and its progress shows as each batch commits.
type applier struct {
	s     *Service
	p     ims.Principal
	imp   ims.AccountHolderImport // counts as committed
	facts map[string]ims.AccountHolderLineFacts
	// broken holds, per fund, why its validator cannot check references (it is set up wrongly):
	// every line of that fund is refused with it rather than let through unchecked.
	broken map[string]string
	batch  []ims.AccountHolderLine
	keys   map[ims.AccountHolderKey]bool // keys in batch: a key seen twice ends the batch first
	size   int
}

// newApplier reads the reference data every line is decided against, once per import.
func (s *Service) newApplier(ctx context.Context, p ims.Principal, imp ims.AccountHolderImport) (*applier, error) {
	a := &applier{s: s, p: p, imp: imp, facts: map[string]ims.AccountHolderLineFacts{}, broken: map[string]string{},
		keys: map[ims.AccountHolderKey]bool{}, size: s.BatchSize}
	if a.size <= 0 {
		a.size = 500
	}
	funds, err := s.DB.Funds().List(ctx)
	if err != nil {
		return nil, err
	}
	validators, err := s.DB.ReferenceValidators().List(ctx)
	if err != nil {
		return nil, err
	}
	schemes, err := s.DB.CheckDigitSchemes().List(ctx)
	if err != nil {
		return nil, err
	}
	messages, err := s.DB.FundMessages().List(ctx)
	if err != nil {
		return nil, err
	}
	for _, f := range funds {
		f := f
		facts := ims.AccountHolderLineFacts{Fund: &f, Messages: map[string]bool{}}
		for _, v := range validators {
			if v.Code != f.Validator || f.Validator == "" {
				continue
			}
			var scheme *sqldb.Scheme
			for i := range schemes {
				if schemes[i].Name == v.CheckDigitScheme {
					scheme = &schemes[i]
				}
			}
			var err error
			if scheme != nil {
				facts.Checker, err = v.Checker(&scheme.Scheme)
			} else {
				facts.Checker, err = v.Checker(nil)
			}
			if err != nil {
				a.broken[f.Code] = "Fund " + f.Code + "'s reference rules are set up wrongly, so its references cannot be checked: " + ims.ErrorMessage(err)
			}
		}
		a.facts[f.Code] = facts
	}
	for _, m := range messages {
		if f, ok := a.facts[m.Fund]; ok {
			f.Messages[m.Code] = true
		}
	}
	return a, nil
}

// add queues one line, applying the batch when it is full or already holds the line's key (a file
// may list a holder twice; the later line wins, as it would applied one by one).
func (a *applier) add(ctx context.Context, l ims.AccountHolderLine) error {
	l.Reference = ims.NormalizeReference(l.Reference)
	k := ims.AccountHolderKey{Fund: l.Fund, Reference: l.Reference}
	if a.keys[k] {
		if err := a.flush(ctx); err != nil {
			return err
		}
	}
	a.batch = append(a.batch, l)
	a.keys[k] = true
	if len(a.batch) >= a.size {
		return a.flush(ctx)
	}
	return nil
}

// flush applies the queued lines in one transaction: each line is decided, the changed holders
// written, every line's outcome recorded, the counts advanced and one audit event written for the
// batch, naming the holders it created and updated.
func (a *applier) flush(ctx context.Context) error {
	if len(a.batch) == 0 {
		return nil
	}
	var next ims.AccountHolderImport
	err := a.s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		next = a.imp // the function may run again: start from the committed counts each time
		var keys []ims.AccountHolderKey
		for _, l := range a.batch {
			keys = append(keys, ims.AccountHolderKey{Fund: l.Fund, Reference: l.Reference})
		}
		stored, err := tx.AccountHoldersByKey(ctx, keys)
		if err != nil {
			return err
		}
		var write []ims.AccountHolder
		lines := make([]ims.AccountHolderImportLine, 0, len(a.batch))
		changed := map[string][]string{}
		for _, l := range a.batch {
			out := ims.AccountHolderImportLine{Line: l.Line, Fund: l.Fund, Reference: l.Reference}
			reason := a.broken[l.Fund]
			if reason == "" {
				reason = ims.CheckAccountHolderLine(l.AccountHolder, a.facts[l.Fund], a.p)
			}
			if reason != "" {
				out.Outcome, out.Reason = ims.LineRefused, reason
				next.Refused++
			} else {
				var before *ims.AccountHolder
				if h, ok := stored[ims.AccountHolderKey{Fund: l.Fund, Reference: l.Reference}]; ok {
					before = &h
					if !l.HasBalance {
						l.Balance = h.Balance
					}
				}
				out.Outcome = ims.AccountHolderOutcome(before, l.AccountHolder)
				switch out.Outcome {
				case ims.LineCreated:
					next.Created++
				case ims.LineUpdated:
					next.Updated++
				default:
					next.Unchanged++
				}
				if out.Outcome != ims.LineUnchanged {
					write = append(write, l.AccountHolder)
					changed[out.Outcome] = append(changed[out.Outcome], l.Fund+"/"+l.Reference)
				}
			}
			lines = append(lines, out)
		}
		next.RowsDone += int64(len(a.batch))
		if err := tx.UpsertAccountHolders(ctx, write); err != nil {
			return err
		}
		if err := tx.InsertAccountHolderImportLines(ctx, a.imp.ID, lines); err != nil {
			return err
		}
		if err := tx.SetAccountHolderImportState(ctx, next); err != nil {
			return err
		}
		if len(changed) == 0 {
			return nil
		}
		id := fmt.Sprintf("%d lines %d-%d", a.imp.ID, a.batch[0].Line, a.batch[len(a.batch)-1].Line)
		return tx.Audit(ctx, a.p, "import", "account holders", id, nil, changed)
	})
	if err != nil {
		return err
	}
	a.imp = next
	a.batch = a.batch[:0]
	clear(a.keys)
	return nil
}

// finish marks the import done, removes its stored file and audits the outcome.
func (a *applier) finish(ctx context.Context) (ims.AccountHolderImport, error) {
	imp := a.imp
	imp.State = ims.ImportDone
	imp.Message = fmt.Sprintf("%d created, %d updated, %d unchanged, %d refused", imp.Created, imp.Updated, imp.Unchanged, imp.Refused)
	err := a.s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := tx.DeleteAccountHolderImportFile(ctx, imp.ID); err != nil {
			return err
		}
		if err := tx.SetAccountHolderImportState(ctx, imp); err != nil {
			return err
		}
		return tx.Audit(ctx, a.p, "finish", "account holder import", fmt.Sprint(imp.ID), nil, imp)
	})
	if err != nil {
		return a.imp, err
	}
	imp.FinishedAt = a.s.DB.Now()
	return imp, nil
}
