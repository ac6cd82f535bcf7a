// Package journals is the journals and transfers service (SPEC §6, ADR 29): a member of staff with
// the Journal role moves all or part of posted lines to other funds and references in one zero-sum
// posting, and may undo it once; one with the Transfer role moves money between fund/reference
// lines that must balance exactly. Every action is audited in its own transaction and may be
// repeated safely with an idempotency key.
package journals

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/money"
)

// Service makes and undoes the journals and transfers of one database.
type Service struct {
	DB     *sqldb.DB
	Ledger *ledger.Service
}

// New returns the journals service of db.
func New(db *sqldb.DB) *Service { return &Service{DB: db, Ledger: ledger.New(db)} }

// Sources returns the posting with a receipt number and those of its lines money may be journalled
// from, with what is still available on each. A receipt with a line outside p's fund groups is
// NotFound, as one that does not exist, as on the receipt's own page (ADR 28).
func (s *Service) Sources(ctx context.Context, p ims.Principal, receipt string) (po ims.Posting, lines []ims.JournalEntry, err error) {
	defer ims.Wrap(&err, "JournalSources(%q)", receipt)
	if err := ims.MayJournal(p, ims.KindOfJournal); err != nil {
		return po, nil, err
	}
	po, all, err := s.DB.ReceiptAvailable(ctx, receipt)
	if err != nil {
		return po, nil, err
	}
	for _, e := range all {
		if !p.SeesFund(e.Fund) {
			return ims.Posting{}, nil, ims.Errorf(ims.NotFound, "No receipt %s exists", po.ReceiptNumber)
		}
		if ims.Journallable(e.Kind) && e.Amount > 0 {
			lines = append(lines, e)
		}
	}
	return po, lines, nil
}

// Get returns journal or transfer id with its posting's lines, for a person with the role its kind
// needs; one with a line outside p's fund groups is NotFound, as one that does not exist.
func (s *Service) Get(ctx context.Context, p ims.Principal, id int64) (j ims.JournalRecord, err error) {
	defer ims.Wrap(&err, "Journal(%d)", id)
	if err := maySee(p); err != nil {
		return j, err
	}
	j, found, err := s.DB.Journal(ctx, id)
	if err != nil {
		return j, err
	}
	if !found || !visible(p, j) || ims.MayJournal(p, j.Kind) != nil {
		return ims.JournalRecord{}, ims.Errorf(ims.NotFound, "There is no journal or transfer %d", id)
	}
	if j.CreatedByName, err = s.actorName(ctx, j.CreatedBy); err != nil || !j.Undone() {
		return j, err
	}
	j.UndoneByName, err = s.actorName(ctx, j.UndoneBy)
	return j, err
}

// maySee refuses a principal who may neither journal nor transfer.
func maySee(p ims.Principal) error {
	if ims.MayJournal(p, ims.KindOfJournal) == nil || ims.MayJournal(p, ims.KindOfTransfer) == nil {
		return nil
	}
	return ims.MayJournal(p, ims.KindOfJournal)
}

// visible reports whether p sees every fund j's lines touch.
func visible(p ims.Principal, j ims.JournalRecord) bool {
	for _, e := range j.Entries {
		if !p.SeesFund(e.Fund) {
			return false
		}
	}
	return true
}

// checkLines checks each line of one side (field names it: "targets", "from", "to") as a payment
// line is checked — the fund within p's fund groups, the reference by the fund's rules, the amount
// within the MOP's limits, the VAT code allowed — and returns its ledger entries of kind, with
// sign; every line's problem is reported together, naming the line.
func (s *Service) checkLines(ctx context.Context, p ims.Principal, field string, lines []ims.JournalLine, kind ims.EntryKind,
	mop string, sign money.Pence, problems ims.Problems) ([]ims.NewLedgerEntry, error) {
	var entries []ims.NewLedgerEntry
	for i, l := range lines {
		f := fmt.Sprintf("%s[%d]", field, i)
		if fund, err := s.DB.Funds().Get(ctx, strings.TrimSpace(l.Fund)); err == nil && p.SeesFund(fund.Code) {
			if msg := s.fundProblem(ctx, fund, l); msg != "" {
				problems.Add(f+".vat_code", "%s", msg)
				continue
			}
			if fund.Suspense {
				problems.Add(f+".fund_code", "Money cannot be journalled into the suspense fund %s; suspense items are allocated from it", fund.Code)
				continue
			}
		} else if err != nil && ims.ErrorCode(err) != ims.NotFound {
			return nil, err
		}
		// A fund that does not exist or is outside p's groups is refused by the reference check,
		// in the same words for both, so a line cannot tell p which funds exist.
		amount := l.Amount
		res, err := s.DB.CheckReference(ctx, p, ims.ReferenceCheck{Fund: strings.TrimSpace(l.Fund), Reference: l.Reference, Amount: &amount, MOP: mop})
		switch {
		case ims.ErrorCode(err) == ims.Invalid:
			for name, msg := range ims.ErrorFields(err) {
				problems.Add(f+"."+name, "%s", msg)
			}
			continue
		case err != nil:
			return nil, err
		case !res.Valid:
			problems.Add(f+".reference", "%s", strings.Join(res.Errors, "; "))
			continue
		}
		entries = append(entries, ims.NewLedgerEntry{Kind: kind, Fund: strings.TrimSpace(l.Fund), Reference: res.Reference, MOP: mop,
			Amount: sign * l.Amount, VATCode: strings.TrimSpace(l.VATCode), Narrative: strings.TrimSpace(l.Narrative)})
	}
	return entries, nil
}

// fundProblem returns why a line may not carry its VAT code in fund f, or "": the ledger would
// refuse it too, but naming the posting's entry rather than the person's line.
func (s *Service) fundProblem(ctx context.Context, f ims.Fund, l ims.JournalLine) string {
	code := strings.TrimSpace(l.VATCode)
	switch {
	case code == "":
		return ""
	case code != f.VATCode && !f.VATOverride:
		return "Fund " + f.Code + " does not allow VAT code " + code + "; its VAT code is " + f.VATCode
	}
	if v, err := s.DB.VATCodes().Get(ctx, code); err != nil || v.Disabled {
		return "VAT code " + code + " does not exist or is disabled"
	}
	return ""
}

// requestHash identifies the content of a request, so a repeated idempotency key can be told
// apart from a reused one: the SHA-256 of its JSON form (keys are not part of it).
func requestHash(v any) string {
	b, _ := json.Marshal(v) // plain data: cannot fail
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// roleMOP returns the code of the one enabled MOP of kind, read outside a transaction so that the
// lines can be checked against it before the chain heads are locked.
func (s *Service) roleMOP(ctx context.Context, kind ims.MOPKind) (code string, err error) {
	err = s.DB.InTxWithoutChains(ctx, func(tx *sqldb.Tx) error {
		m, err := tx.RoleMOP(ctx, kind)
		code = m.Code
		return err
	})
	return code, err
}

// Funds returns the enabled funds p may journal or transfer to: those of p's fund groups, less the
// suspense fund (suspense items are allocated, not journalled). The forms offer them.
func (s *Service) Funds(ctx context.Context, p ims.Principal) ([]ims.Fund, error) {
	if err := maySee(p); err != nil {
		return nil, err
	}
	all, err := s.DB.Funds().List(ctx)
	if err != nil {
		return nil, err
	}
	var funds []ims.Fund
	for _, f := range all {
		if !f.Disabled && !f.Suspense && p.SeesFund(f.Code) {
			funds = append(funds, f)
		}
	}
	return funds, nil
}

// Recent returns the latest journals and transfers p may see (of a kind p's roles cover, touching
// only funds of p's fund groups), newest first, at most limit of them among the latest 200 (a list to find one to open, not a search).
func (s *Service) Recent(ctx context.Context, p ims.Principal, limit int) ([]ims.JournalRecord, error) {
	if err := maySee(p); err != nil {
		return nil, err
	}
	all, err := s.DB.RecentJournals(ctx, 200)
	if err != nil {
		return nil, err
	}
	var out []ims.JournalRecord
	for _, j := range all {
		if len(out) == limit {
			break
		}
		if visible(p, j) && ims.MayJournal(p, j.Kind) == nil {
			out = append(out, j)
		}
	}
	return out, nil
}
