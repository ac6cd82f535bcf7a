// Package suspense is the suspense service (SPEC §8, ADR 23): money received that could not be
// allocated is posted into the council's suspense fund and recorded as a suspense item; a finance
// officer (or an API client with scope suspense) lists items, leaves notes and allocates one or
// several items to funds in one zero-sum posting.
package suspense

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
)

// Service keeps the suspense items of one database.
type Service struct {
	DB     *sqldb.DB
	Ledger *ledger.Service
}

// New returns the suspense service of db.
func New(db *sqldb.DB) *Service { return &Service{DB: db, Ledger: ledger.New(db)} }

// mayUse refuses a principal who may not work with suspense: staff need the Finance role, API
// clients the suspense scope.
func mayUse(p ims.Principal) error {
	if p.APIClientID != 0 {
		return p.RequireScope(ims.ScopeSuspense)
	}
	return p.Require(ims.Finance)
}

// Create posts received money into the suspense fund and records it as a suspense item, in one
// transaction, audited. The same creator repeating an idempotency key gets the first item back
// (created false); the key with another request is a Conflict.
func (s *Service) Create(ctx context.Context, p ims.Principal, n ims.NewSuspenseItem) (it ims.SuspenseItem, created bool, err error) {
	defer ims.Wrap(&err, "CreateSuspenseItem")
	if err := mayUse(p); err != nil {
		return it, false, err
	}
	n.Reference, n.Narrative, n.Reason = strings.TrimSpace(n.Reference), strings.TrimSpace(n.Narrative), strings.TrimSpace(n.Reason)
	now := s.DB.Now()
	today := ims.BusinessDate(now, s.DB.London)
	if err := n.Check(today); err != nil {
		return it, false, err
	}
	hash := requestHash(n)
	if n.IdempotencyKey != "" {
		existing, existingHash, found, err := s.DB.SuspenseItemByKey(ctx, p.Actor(), n.IdempotencyKey)
		if err != nil || found {
			if found && existingHash != hash {
				return it, false, ims.Errorf(ims.Conflict, "Idempotency key %q was used for a different suspense item", n.IdempotencyKey)
			}
			return existing, false, err
		}
	}
	received := today
	if !n.Received.IsZero() {
		received = time.Date(n.Received.Year(), n.Received.Month(), n.Received.Day(), 0, 0, 0, 0, time.UTC)
	}
	source, postedFrom := ims.SuspenseFromManual, ims.SourceStaff
	if p.APIClientID != 0 {
		source, postedFrom = ims.SuspenseFromAPI, ims.SourceAPI
	}
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		fund, found, err := tx.SuspenseFund(ctx)
		if err != nil {
			return err
		}
		if !found {
			return ims.Errorf(ims.Unavailable, "No fund is marked as the suspense fund; a system administrator must mark one")
		}
		ref := n.Reference
		if ref == "" {
			ref = "UNIDENTIFIED" // the ledger needs a reference on every line
		}
		np := ims.NewPosting{Kind: ims.PostingManual, Source: postedFrom, Narrative: n.Narrative,
			Entries: []ims.NewLedgerEntry{{Kind: ims.EntrySuspenseIn, Fund: fund.Code, Reference: ref, MOP: n.MOP,
				Amount: n.Amount, Narrative: n.Narrative, TransactionTime: received}}}
		if received.Equal(today) {
			np.Entries[0].TransactionTime = time.Time{} // today: the time of posting
		}
		po, err := s.Ledger.PostIn(ctx, tx, p, np)
		if err != nil {
			return err
		}
		it = ims.SuspenseItem{Amount: n.Amount, Version: 1, Received: received, Reference: n.Reference,
			Narrative: n.Narrative, MOP: po.Entries[0].MOP, Source: source, Reason: n.Reason, PostingID: po.ID, PostingLine: 1,
			Receipt: po.ReceiptNumber, CreatedBy: p.Actor(), CreatedAt: now}
		if it.ID, err = tx.InsertSuspenseItem(ctx, it, n.IdempotencyKey, hash); err != nil {
			return err
		}
		return tx.Audit(ctx, p, "create", "suspense_item", fmt.Sprint(it.ID), nil, it)
	})
	if sqldb.IsDuplicate(err) {
		return s.Create(ctx, p, n) // a concurrent repeat of the same key won
	}
	if err != nil {
		return it, false, err
	}
	it, err = s.DB.SuspenseItem(ctx, it.ID)
	return it, err == nil, err
}

// List returns a page of the items f chooses, with the totals of all of them.
func (s *Service) List(ctx context.Context, p ims.Principal, f ims.SuspenseFilter) (ims.SuspensePage, error) {
	if err := mayUse(p); err != nil {
		return ims.SuspensePage{}, err
	}
	if f.Status != "" && !f.Status.Valid() {
		return ims.SuspensePage{}, ims.FieldError("status", "Status must be unallocated, part or allocated")
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return ims.SuspensePage{}, ims.FieldError("to", "The end date must be on or after the start date")
	}
	if f.Limit > 500 {
		f.Limit = 500
	}
	return s.DB.ListSuspenseItems(ctx, f)
}

// Get returns an item with its notes and allocations.
func (s *Service) Get(ctx context.Context, p ims.Principal, id int64) (ims.SuspenseItem, error) {
	if err := mayUse(p); err != nil {
		return ims.SuspenseItem{}, err
	}
	return s.DB.SuspenseItem(ctx, id)
}

// AddNote records a note on an item, audited.
func (s *Service) AddNote(ctx context.Context, p ims.Principal, id int64, text string) (err error) {
	defer ims.Wrap(&err, "AddSuspenseNote(%d)", id)
	if err := mayUse(p); err != nil {
		return err
	}
	text = strings.TrimSpace(text)
	switch {
	case text == "":
		return ims.FieldError("text", "Enter the note")
	case len(text) > 2000:
		return ims.FieldError("text", "Enter 2000 characters or fewer")
	case ims.LooksLikeCardNumber(text):
		return ims.FieldError("text", "The note looks like a card number; card numbers must never be recorded")
	}
	return s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		n := ims.SuspenseNote{Author: p.Actor(), AuthorName: p.Name, At: tx.Now(), Text: text}
		added, err := tx.AddSuspenseNote(ctx, id, n)
		if err != nil {
			return err
		}
		if !added {
			return ims.Errorf(ims.NotFound, "There is no suspense item %d", id)
		}
		return tx.Audit(ctx, p, "note", "suspense_item", fmt.Sprint(id), nil, n)
	})
}

// requestHash identifies the content of a request, so a repeated idempotency key can be told
// apart from a reused one: the SHA-256 of its JSON form (keys are not part of it).
func requestHash(v any) string {
	b, _ := json.Marshal(v) // plain data: cannot fail
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
