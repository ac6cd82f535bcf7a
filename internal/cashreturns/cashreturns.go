// Package cashreturns is the cash returns service (SPEC §9, ADR 32): staff at a site fill a return
// from a template they are given — amounts per line and a cash analysis by denomination, or a
// cheque list — and submit it; a second person with the CashReturnAuthoriser role authorises it
// into the ledger; a submitted return may be deleted (CashReturnDelete) and a draft voided, each
// told to a configured address. Every change is audited in its own transaction.
package cashreturns

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
)

// Service keeps the cash returns of one database.
type Service struct {
	DB     *sqldb.DB
	Ledger *ledger.Service
}

// New returns the cash returns service of db.
func New(db *sqldb.DB) *Service { return &Service{DB: db, Ledger: ledger.New(db)} }

// MaxPage is the most returns one List call gives.
const MaxPage = 100

// Get returns cash return id with its notes (each note naming its author), for a principal who may
// read cash returns; one with a line outside p's fund groups is NotFound, as one that does not exist.
func (s *Service) Get(ctx context.Context, p ims.Principal, id int64) (r ims.CashReturn, err error) {
	defer ims.Wrap(&err, "CashReturn(%d)", id)
	if err := ims.MayReadCashReturns(p); err != nil {
		return r, err
	}
	r, found, err := s.DB.CashReturn(ctx, id)
	if err != nil {
		return r, err
	}
	if !found || !ims.SeesCashReturn(p, r) {
		return ims.CashReturn{}, ims.Errorf(ims.NotFound, "There is no cash return %d", id)
	}
	for i := range r.Notes {
		if r.Notes[i].ByName, err = s.actorName(ctx, r.Notes[i].By); err != nil {
			return r, err
		}
	}
	return r, nil
}

// List returns up to q.Limit (at most MaxPage) returns q chooses that p may see, newest first, and
// the id to pass as Before for the next page (0 when there is none). From and To are business
// dates (Europe/London), both included.
func (s *Service) List(ctx context.Context, p ims.Principal, q ims.CashReturnQuery) (list []ims.CashReturn, next int64, err error) {
	defer ims.Wrap(&err, "CashReturns")
	if err := ims.MayReadCashReturns(p); err != nil {
		return nil, 0, err
	}
	if q.Status != "" && !slices.Contains(ims.CashReturnStatuses(), q.Status) {
		return nil, 0, ims.FieldError("status", "Status must be one of draft, submitted, authorised, deleted or voided")
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return nil, 0, ims.FieldError("to", "The end date must not be before the start date")
	}
	if q.Limit <= 0 || q.Limit > MaxPage {
		q.Limit = MaxPage
	}
	want := q.Limit
	dbq := ims.CashReturnQuery{Status: q.Status, Before: q.Before, Limit: want + 1}
	if !q.From.IsZero() {
		dbq.From = s.midnight(q.From)
	}
	if !q.To.IsZero() {
		dbq.To = s.midnight(q.To.AddDate(0, 0, 1))
	}
	// Returns p may not see are left out after reading, so read on until the page is full.
	for {
		batch, err := s.DB.CashReturns(ctx, dbq)
		if err != nil {
			return nil, 0, err
		}
		for _, r := range batch {
			if !ims.SeesCashReturn(p, r) {
				continue
			}
			if len(list) == want {
				return list, list[len(list)-1].ID, nil
			}
			list = append(list, r)
		}
		if len(batch) < dbq.Limit {
			return list, 0, nil
		}
		dbq.Before = batch[len(batch)-1].ID
	}
}

// midnight is the start of a business date, Europe/London.
func (s *Service) midnight(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, s.DB.London)
}

// actorName returns the name of the person or API client an actor ("user:7") names, for people
// reading a return; one no longer on record keeps its id.
func (s *Service) actorName(ctx context.Context, actor string) (string, error) {
	kind, idText, _ := strings.Cut(actor, ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || kind != "user" {
		return actor, nil
	}
	u, err := s.DB.UserByID(ctx, id)
	if err == nil {
		return u.Name, nil
	}
	if ims.ErrorCode(err) == ims.NotFound {
		return actor, nil
	}
	return "", err
}
