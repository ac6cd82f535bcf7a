// Package ledger is the ledger service: it writes postings (checked by the rules of package ims,
// hash-chained and audited by the storage kernel) and verifies the ledger's and the audit trail's
// hash chains. It owns its transactions; other services that post as part of a unit of work of
// their own (a card payment's outcome, a refund's) post with PostIn in their transaction.
package ledger

import (
	"context"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// Service writes and verifies the ledger of one database.
type Service struct {
	DB *sqldb.DB
}

// New returns the ledger service of db.
func New(db *sqldb.DB) *Service { return &Service{DB: db} }

// Post writes one posting and its entries, chained to the posting before it, with its audit event,
// in a transaction of its own (shared with other callers' postings: group commit). p needs the role
// the posting's kind needs (ims.PostingRole). It checks the posting and every line (ims.CheckPosting,
// ims.BuildEntries): fund and MOP enabled, VAT code allowed, no card numbers in free text, amounts
// not zero, and journals, transfers, reversals and suspense allocations netting to zero. Account
// reference rules (SPEC §2.1) are the caller's: they differ between a citizen's payment and an
// import line bound for suspense.
func (s *Service) Post(ctx context.Context, p ims.Principal, np ims.NewPosting) (posting ims.Posting, err error) {
	defer ims.Wrap(&err, "Post %s", np.Kind)
	role, ok := ims.PostingRole(np.Kind)
	if !ok {
		return posting, ims.FieldError("kind", "Posting kind %q does not exist", np.Kind)
	}
	if err := p.Require(role); err != nil {
		return posting, err
	}
	err = s.DB.InLedgerTx(ctx, func(tx *sqldb.Tx) error {
		posting, err = s.PostIn(ctx, tx, p, np)
		return err
	})
	return posting, err
}

// PostIn writes one posting as Post does, in tx, the caller's unit of work, which must lock the
// chain heads (sqldb.DB.InTx or InLedgerTx). It checks no role: the calling service has decided
// that p may cause this posting.
func (s *Service) PostIn(ctx context.Context, tx *sqldb.Tx, p ims.Principal, np ims.NewPosting) (ims.Posting, error) {
	po := np.Posting(p.Actor(), tx.Now(), tx.Zone())
	facts, err := tx.PostingFacts(ctx, np)
	if err != nil {
		return po, err
	}
	if err := ims.CheckPosting(np, facts); err != nil {
		return po, err
	}
	refs, err := tx.PostingRefs(ctx, np)
	if err != nil {
		return po, err
	}
	if po.Entries, err = ims.BuildEntries(np, po, refs, tx.Rounding()); err != nil {
		return po, err
	}
	return tx.AppendPosting(ctx, p, po)
}
