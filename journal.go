package ims

import (
	"time"

	"github.com/ims-council/ims/money"
)

// JournalKind says whether a journal reallocates money already received (a journal) or moves money
// not tied to one incoming payment (a transfer).
type JournalKind string

// The kinds of journal.
const (
	KindOfJournal  JournalKind = "journal"
	KindOfTransfer JournalKind = "transfer"
)

// Role returns the role a person needs to make, see or undo a journal of kind k.
func (k JournalKind) Role() Role {
	if k == KindOfTransfer {
		return Transfer
	}
	return Journal
}

// A JournalSource takes Amount from one ledger entry already posted (a payment line, an import
// line, the target of an earlier journal…), named by the entry's id.
type JournalSource struct {
	EntryID int64       `json:"entry_id"`
	Amount  money.Pence `json:"amount"`
}

// A JournalLine is where money goes to (or, for a transfer, comes from): a fund and an account
// reference, checked like a payment's line. VATCode blank: the fund's.
type JournalLine struct {
	Fund      string      `json:"fund_code"`
	Reference string      `json:"reference"`
	VATCode   string      `json:"vat_code,omitempty"`
	Narrative string      `json:"narrative,omitempty"`
	Amount    money.Pence `json:"amount"`
}

// A JournalRequest moves all or part of one or more posted entries to target lines in one zero-sum
// posting (SPEC §6).
type JournalRequest struct {
	Sources        []JournalSource `json:"sources"`
	Targets        []JournalLine   `json:"targets"`
	Reason         string          `json:"reason"`
	IdempotencyKey string          `json:"-"`
}

// A TransferRequest moves money from some fund/reference lines to others; both sides must total
// the same, exactly (SPEC §6).
type TransferRequest struct {
	From           []JournalLine `json:"from"`
	To             []JournalLine `json:"to"`
	Reason         string        `json:"reason"`
	IdempotencyKey string        `json:"-"`
}

// A JournalEntry is a posted line a journal may take money from, with what is still available on
// it: its amount less refunds not failed and less what journals and transfers took from it and
// were not undone (computed from the entries, never stored).
type JournalEntry struct {
	LedgerEntry
	Available money.Pence `json:"available"`
}

// A JournalRecord is a journal or transfer as made: its posting and, once undone, the posting that
// undid it.
type JournalRecord struct {
	ID            int64         `json:"id"`
	Kind          JournalKind   `json:"kind"`
	Reason        string        `json:"reason"`
	Amount        money.Pence   `json:"amount"` // what it moved: the total of its credit lines
	PostingID     int64         `json:"posting_id"`
	Receipt       string        `json:"receipt_number"`
	CreatedBy     string        `json:"created_by"`
	CreatedAt     time.Time     `json:"created_at"`
	UndoPostingID int64         `json:"undo_posting_id,omitempty"`
	UndoReceipt   string        `json:"undo_receipt_number,omitempty"`
	UndoneBy      string        `json:"undone_by,omitempty"`
	UndoneAt      time.Time     `json:"undone_at,omitzero"`
	Entries       []LedgerEntry `json:"entries,omitempty"` // of its posting, on the detail only
	// CreatedByName and UndoneByName name CreatedBy and UndoneBy for people, on the detail only.
	CreatedByName string `json:"created_by_name,omitempty"`
	UndoneByName  string `json:"undone_by_name,omitempty"`
}

// Undone reports whether the journal has been undone.
func (j JournalRecord) Undone() bool { return j.UndoPostingID != 0 }
