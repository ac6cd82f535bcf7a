package imports

import (
	"context"
	"encoding/json"
	"io"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/rules"
	"github.com/ims-council/ims/money"
)

// Get returns an import with its progress and totals.
func (s *Service) Get(ctx context.Context, p ims.Principal, id int64) (ims.Import, error) {
	if err := mayImport(p); err != nil {
		return ims.Import{}, err
	}
	si, found, err := s.DB.Import(ctx, id)
	switch {
	case err != nil:
		return ims.Import{}, err
	case !found || (p.APIClientID != 0 && si.Actor != p.Actor()):
		// An API client sees the imports it started, as it sees its own payments.
		return ims.Import{}, ims.Errorf(ims.NotFound, "There is no import %d", id)
	}
	return withProgress(s.DB, si.Import), nil
}

// List returns the imports f chooses, newest first. An API client lists only the imports it
// started, as it reads only those.
func (s *Service) List(ctx context.Context, p ims.Principal, f ims.ImportFilter) ([]ims.Import, error) {
	if err := mayImport(p); err != nil {
		return nil, err
	}
	if p.APIClientID != 0 {
		f.StartedBy = p.Actor()
	}
	list, err := s.DB.Imports(ctx, f)
	for i := range list {
		list[i] = withProgress(s.DB, list[i])
	}
	return list, err
}

// A StoredLine is a line of an import as it was posted, with where it went.
type StoredLine struct {
	Line
	EntryLine    int64 `json:"entry_line,omitempty"`    // line of the import's posting
	SuspenseItem int64 `json:"suspense_item,omitempty"` // the suspense item it became
}

// Lines returns up to limit of the kept lines of import id (every line that did not simply go to
// the ledger unchanged) from the offset-th, with outcome given only those.
func (s *Service) Lines(ctx context.Context, p ims.Principal, id int64, outcome Outcome, offset, limit int) ([]StoredLine, error) {
	if _, err := s.Get(ctx, p, id); err != nil {
		return nil, err
	}
	rows, err := s.DB.ImportLines(ctx, id, string(outcome), offset, limit)
	if err != nil {
		return nil, err
	}
	out := make([]StoredLine, len(rows))
	for i, r := range rows {
		l := StoredLine{Line: Line{N: int(r.N), FileLine: int(r.FileLine), Statement: int(r.Statement), Date: r.Date,
			Fund: r.Fund, Reference: r.Reference, MOP: r.MOP, Office: r.Office, Narrative: r.Narrative,
			BankRef: r.BankReference, Channel: r.Channel, Currency: r.Currency, Pence: r.Pence,
			Outcome: Outcome(r.Outcome), Reason: r.Reason, Rule: r.Rule}, EntryLine: r.EntryLine, SuspenseItem: r.SuspenseItemID}
		l.AmountText = money.Pence(r.Pence).String()
		if r.Changes != "" {
			var c struct {
				Changes []rules.Change `json:"changes"`
				Notes   []string       `json:"notes"`
			}
			if err := json.Unmarshal([]byte(r.Changes), &c); err != nil {
				return nil, err
			}
			l.Changes, l.Notes = c.Changes, c.Notes
		}
		out[i] = l
	}
	return out, nil
}

// DryRunImport reads the stored file of past import id again as a dry run, with ruleList instead of
// the saved rules (the rule tester's: a draft rule, or a disabled one, before it is enabled), and
// reports what each line would do now, writing nothing.
func (s *Service) DryRunImport(ctx context.Context, p ims.Principal, id int64, ruleList []ims.ImportRule) (Report, error) {
	if err := p.Require(ims.Finance); err != nil {
		return Report{}, err
	}
	si, found, err := s.DB.Import(ctx, id)
	if err != nil {
		return Report{}, err
	}
	if !found {
		return Report{}, ims.Errorf(ims.NotFound, "There is no import %d", id)
	}
	if ruleList == nil {
		ruleList = []ims.ImportRule{}
	}
	var rep Report
	err = s.DB.ReadImportFile(ctx, id, func(r io.Reader) error {
		rep, err = s.read(ctx, p, si.ImportType, si.FileName, r, ruleList)
		return err
	})
	rep.Status = "dry-run"
	return rep, err
}
