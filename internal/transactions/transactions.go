// Package transactions is the transaction search and the receipt detail (SPEC §10): the ledger's
// entries found by fund, method of payment, dates, reference, receipt, amount, narrative, card,
// import, office, user and source, a page at a time or streamed whole for export, and one posting
// with everything that touches it. Every read is limited to the caller's funds, failing closed.
package transactions

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// Service searches the ledger. Create it with New.
type Service struct {
	DB *sqldb.DB
	// ReceiptLink returns the payer's link to a receipt's page, for a receipt email sent again; nil
	// sends it without a link.
	ReceiptLink func(receipt string) string
}

// New returns the transactions service over db.
func New(db *sqldb.DB) *Service { return &Service{DB: db} }

// maxPage is the largest page a search returns.
const maxPage = 1000

// mayList checks that p may search transactions: staff with TransactionList, API clients with the
// transactions scope.
func mayList(p ims.Principal) error {
	if p.APIClientID != 0 {
		return p.RequireScope(ims.ScopeTransactions)
	}
	return p.Require(ims.TransactionList)
}

// mayOpen checks that p may open a receipt: staff with TransactionDetails, API clients with the
// transactions scope.
func mayOpen(p ims.Principal) error {
	if p.APIClientID != 0 {
		return p.RequireScope(ims.ScopeTransactions)
	}
	return p.Require(ims.TransactionDetails)
}

// search is q as the store runs it for p: p's funds, and q's cursor decoded.
func search(p ims.Principal, q ims.TransactionQuery) (sqldb.TransactionSearch, error) {
	f := sqldb.TransactionSearch{TransactionQuery: q, AllFunds: p.SeesAllFunds(), Funds: p.Funds}
	if fund := strings.TrimSpace(q.Fund); fund != "" {
		// One fund asked for: the caller's whole list adds nothing but a choice of index the
		// planner can get wrong. A fund the caller does not see finds nothing.
		f.Fund, f.AllFunds, f.Funds = fund, p.SeesFund(fund), nil
	}
	if q.Cursor != "" {
		c, err := ims.DecodeTransactionCursor(q.Cursor, q.Sort)
		if err != nil {
			return f, err
		}
		f.From = &c
	}
	if q.Amount != nil && *q.Amount == 0 {
		return f, ims.FieldError("amount", "Enter an amount other than 0")
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return f, ims.FieldError("to", "The ‘to’ date must be the same as or after the ‘from’ date")
	}
	if !q.After.IsZero() && !q.Before.IsZero() && !q.Before.After(q.After) {
		return f, ims.FieldError("before", "The end time must be after the start time")
	}
	return f, nil
}

// Search returns a page of the entries q finds among the funds p sees, in q's order, with the
// cursor of the next page.
func (s *Service) Search(ctx context.Context, p ims.Principal, q ims.TransactionQuery) (page ims.TransactionPage, err error) {
	defer ims.Wrap(&err, "Search transactions")
	if err := mayList(p); err != nil {
		return page, err
	}
	f, err := search(p, q)
	if err != nil {
		return page, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = ims.TransactionPageSize
	}
	limit = min(limit, maxPage)
	f.Limit = limit + 1
	page.Transactions = []ims.Transaction{}
	err = s.DB.EachTransaction(ctx, f, func(t ims.Transaction) error {
		page.Transactions = append(page.Transactions, t)
		return nil
	})
	if err != nil {
		return page, err
	}
	if len(page.Transactions) > limit {
		page.Transactions = page.Transactions[:limit]
		last := page.Transactions[limit-1]
		page.Next = ims.TransactionCursor{Sort: q.Sort, Value: last.SortValue(q.Sort), ID: last.ID}.Encode()
	}
	return page, nil
}

// Export calls fn with every entry q finds among the funds p sees, in q's order, as it is read:
// no cap, and nothing held but the row in hand. q's cursor and limit are ignored.
//
// It reads exportBatch rows a query, each continuing from the last row of the one before, as the
// pages do. One query for the whole result would have PostgreSQL sort all of it before the first
// row (a plan without LIMIT prefers a scan and a sort to the order's index): 130 s for the first
// million rows of ten million. Over a million entries this way halved the export's time (ADR 28).
func (s *Service) Export(ctx context.Context, p ims.Principal, q ims.TransactionQuery, fn func(ims.Transaction) error) (err error) {
	defer ims.Wrap(&err, "Export transactions")
	if err := mayList(p); err != nil {
		return err
	}
	q.Cursor = ""
	f, err := search(p, q)
	if err != nil {
		return err
	}
	f.Limit = exportBatch
	for {
		n := 0
		var last ims.Transaction
		err := s.DB.EachTransaction(ctx, f, func(t ims.Transaction) error {
			n++
			last = t
			return fn(t)
		})
		if err != nil || n < exportBatch {
			return err
		}
		f.From = &ims.TransactionCursor{Sort: q.Sort, Value: last.SortValue(q.Sort), ID: last.ID}
	}
}

// exportBatch is how many rows one query of an export reads.
const exportBatch = 5000

// Receipt returns the posting of a receipt number with its entries, where it came from and what
// touches it: NotFound when there is none, and also when any of its entries is of a fund p does not
// see, so that a receipt of another fund group cannot even be shown to exist.
func (s *Service) Receipt(ctx context.Context, p ims.Principal, receipt string) (d ims.ReceiptDetail, err error) {
	defer ims.Wrap(&err, "Receipt")
	if err := mayOpen(p); err != nil {
		return d, err
	}
	h, err := s.visible(ctx, p, receipt)
	if err != nil {
		return d, err
	}
	d, err = s.detail(ctx, p, h.Posting)
	d.EntryCount, d.Total = h.Count, h.Total
	return d, err
}

// visible returns the posting of a receipt number when p sees every fund of its entries, and
// NotFound otherwise, as when there is none.
func (s *Service) visible(ctx context.Context, p ims.Principal, receipt string) (sqldb.ReceiptHead, error) {
	h, err := s.DB.ReceiptPosting(ctx, receipt)
	if err != nil {
		return h, err
	}
	if !slices.ContainsFunc(h.Funds, func(f string) bool { return !p.SeesFund(f) }) && (p.SeesAllFunds() || len(h.Funds) > 0) {
		return h, nil
	}
	return h, ims.Errorf(ims.NotFound, "There is no receipt %s", h.Posting.ReceiptNumber)
}

func (s *Service) detail(ctx context.Context, p ims.Principal, po ims.Posting) (ims.ReceiptDetail, error) {
	d, err := s.DB.ReceiptLinks(ctx, po)
	if err != nil {
		return d, err
	}
	d.Posting, d.EntriesShown = po, len(po.Entries)
	// Entries of other postings touching this one are shown only when their fund is one p sees.
	seen := func(ts []ims.Transaction) []ims.Transaction {
		return slices.DeleteFunc(ts, func(t ims.Transaction) bool { return !p.SeesFund(t.Fund) })
	}
	d.LinkedFrom, d.LinksTo = seen(d.LinkedFrom), seen(d.LinksTo)
	if d.PaymentID != "" {
		if d.Refunds, err = s.DB.RefundsOf(ctx, d.PaymentID); err != nil {
			return d, err
		}
	}
	d.FundNames, d.MOPNames = map[string]string{}, map[string]string{}
	for _, e := range po.Entries {
		if _, ok := d.FundNames[e.Fund]; !ok {
			f, err := s.DB.Funds().Get(ctx, e.Fund)
			if err != nil {
				return d, err
			}
			d.FundNames[e.Fund] = f.PayerLabel()
		}
		if _, ok := d.MOPNames[e.MOP]; !ok {
			m, err := s.DB.MOPs().Get(ctx, e.MOP)
			if err != nil {
				return d, err
			}
			d.MOPNames[e.MOP] = m.Name
		}
	}
	// The audit trail of the posting itself, readable by whoever may open it: what was posted,
	// when and by whom.
	if d.Audit, err = s.DB.SearchAudit(ctx, sqldb.AuditSearch{Entity: "posting", EntityID: strconv.FormatInt(po.ID, 10), Limit: 100}); err != nil {
		return d, err
	}
	actors := []string{po.Actor}
	for _, rf := range d.Refunds {
		actors = append(actors, rf.RequestedBy, rf.ApprovedBy)
	}
	for _, t := range slices.Concat(d.LinkedFrom, d.LinksTo) {
		actors = append(actors, t.Actor)
	}
	d.ActorNames, err = s.DB.ActorNames(ctx, actors, true)
	return d, err
}
