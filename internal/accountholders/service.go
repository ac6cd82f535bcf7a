// Package accountholders is the service of account holders (SPEC §1, §2.1): debtor accounts
// mirrored from a council's back-office systems. Staff and API clients search them and open one;
// Finance staff set stop messages and import them in bulk (a CSV file run as a background job with
// progress, the command line, or a bulk API call), every line checked by the same rules. Everything
// is limited to the caller's fund groups: a holder of a fund the caller cannot see is neither found,
// nor opened (it answers "not found"), nor imported.
package accountholders

import (
	"context"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// Service reads and changes the account holders of one database.
type Service struct {
	DB *sqldb.DB
	// Queue enqueues the background job of an uploaded file's import; until it is set (the
	// application's background work has not started) uploads wait, queued.
	Queue sqldb.ImportQueue
	// BatchSize is how many lines an import applies per transaction; 500 when zero.
	BatchSize int
}

// New returns the account holder service of db.
func New(db *sqldb.DB) *Service { return &Service{DB: db} }

// MaxPage is the most holders one search page returns.
const MaxPage = 100

// visibleFunds returns the funds p may see as a storage filter: nil for every fund, else p's funds
// (an empty, non-nil list when none, so nothing matches).
func visibleFunds(p ims.Principal) []string {
	if p.SeesAllFunds() {
		return nil
	}
	return append([]string{}, p.Funds...)
}

// Search returns one page of the account holders p may see that match q, in (fund, reference)
// order. p needs one of the roles of ims.CanSearchAccountHolders or the account-holders scope.
func (s *Service) Search(ctx context.Context, p ims.Principal, q ims.AccountHolderSearch) (page ims.AccountHolderPage, err error) {
	defer ims.Wrap(&err, "Search account holders")
	if err := ims.CanSearchAccountHolders(p); err != nil {
		return page, err
	}
	if q.Limit <= 0 || q.Limit > MaxPage {
		q.Limit = MaxPage
	}
	want := q.Limit
	q.Limit++ // one more tells whether there is a next page
	holders, err := s.DB.SearchAccountHolders(ctx, visibleFunds(p), q)
	if err != nil {
		return page, err
	}
	if len(holders) > want {
		holders = holders[:want]
		last := holders[want-1]
		page.Next = &ims.AccountHolderKey{Fund: last.Fund, Reference: last.Reference}
	}
	page.Holders = holders
	return page, nil
}

// Get returns the account holder with reference in fund, with its stop message's text and the
// fund's messages. A holder of a fund p cannot see is NotFound, as one that does not exist, so its
// existence is not revealed.
func (s *Service) Get(ctx context.Context, p ims.Principal, fund, reference string) (d ims.AccountHolderDetail, err error) {
	defer ims.Wrap(&err, "Get account holder")
	if err := ims.CanSearchAccountHolders(p); err != nil {
		return d, err
	}
	reference = ims.NormalizeReference(reference)
	notFound := ims.Errorf(ims.NotFound, "There is no account holder %s in fund %s", reference, fund)
	if !p.SeesFund(fund) {
		return d, notFound
	}
	d, found, err := s.DB.AccountHolderDetail(ctx, fund, reference)
	if err == nil && !found {
		err = notFound
	}
	return d, err
}

// SetStopMessage gives the account holder the stop message code, one of its fund's messages, or
// removes it when code is "". p needs Finance or SystemAdmin (or the account-holders scope); the
// change is audited before → after. A holder p cannot see is NotFound.
func (s *Service) SetStopMessage(ctx context.Context, p ims.Principal, fund, reference, code string) (err error) {
	defer ims.Wrap(&err, "SetStopMessage")
	if err := ims.CanChangeAccountHolders(p); err != nil {
		return err
	}
	reference = ims.NormalizeReference(reference)
	notFound := ims.Errorf(ims.NotFound, "There is no account holder %s in fund %s", reference, fund)
	if !p.SeesFund(fund) {
		return notFound
	}
	return s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		before, found, err := tx.SetAccountHolderStopMessage(ctx, fund, reference, code)
		if err != nil {
			return err
		}
		if !found {
			return notFound
		}
		if before.StopMessage == code {
			return nil // nothing changed, nothing to audit
		}
		after := before
		after.StopMessage = code
		after.UpdatedAt = s.DB.Now()
		return tx.Audit(ctx, p, "update", "account holder", fund+"/"+reference, before, after)
	})
}

// VisibleFunds returns the funds p may search account holders in, in code order: every fund for a
// caller free of fund groups, else those of p's fund groups. p needs what Search needs.
func (s *Service) VisibleFunds(ctx context.Context, p ims.Principal) (_ []ims.Fund, err error) {
	defer ims.Wrap(&err, "VisibleFunds")
	if err := ims.CanSearchAccountHolders(p); err != nil {
		return nil, err
	}
	all, err := s.DB.Funds().List(ctx)
	if err != nil {
		return nil, err
	}
	var out []ims.Fund
	for _, f := range all {
		if p.SeesFund(f.Code) && !f.Suspense {
			out = append(out, f)
		}
	}
	return out, nil
}
