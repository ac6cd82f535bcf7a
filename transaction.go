package ims

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/ims-council/ims/money"
)

// TransactionQuery is a search of the ledger's entries (SPEC §10). Every field narrows the search;
// the zero query finds every entry the caller's funds allow. Results come a page at a time, in Sort
// order, each page continuing from Cursor.
type TransactionQuery struct {
	Fund string // fund code, exactly
	MOP  string // method of payment code, exactly
	// From and To are business dates (dates at midnight UTC), both included; zero for no bound.
	From, To time.Time
	// After and Before bound the transaction time: at or after After, before Before; zero for none.
	After, Before time.Time
	Reference     string
	Match         ReferenceMatch // how Reference matches: exactly (the default), as a prefix, or anywhere
	Receipt       string         // receipt number, normalised as the payer reads it
	Amount        *money.Pence   // an entry of exactly this amount
	Narrative     string         // part of the entry's narrative, in any case
	CardLast4     string
	ImportID      int64  // entries posted by this import
	Office        string // office code of the entry
	User          string // who posted it, as the ledger stores it: "user:12", "apiclient:3", "system"
	Source        Source
	Sort          TransactionSort
	Cursor        string // from the previous page's Next; blank for the first page
	Limit         int    // entries on a page; TransactionPageSize when zero, at most 1000
}

// ReferenceMatch says how a transaction search's reference is matched.
type ReferenceMatch string

// The ways a reference is matched.
const (
	MatchExact    ReferenceMatch = ""
	MatchPrefix   ReferenceMatch = "prefix"
	MatchContains ReferenceMatch = "contains"
)

// TransactionSort is the order of a transaction search: a column, then the entry's id, so the order
// is total and a cursor continues it exactly.
type TransactionSort string

// The orders of a transaction search. The default is newest business date first.
const (
	SortDateDesc      TransactionSort = ""
	SortDateAsc       TransactionSort = "date"
	SortAmountAsc     TransactionSort = "amount"
	SortAmountDesc    TransactionSort = "-amount"
	SortReferenceAsc  TransactionSort = "reference"
	SortReferenceDesc TransactionSort = "-reference"
)

// TransactionSorts lists the orders as the query string spells them ("-date" for the default).
func TransactionSorts() []TransactionSort {
	return []TransactionSort{"-date", SortDateAsc, SortAmountAsc, SortAmountDesc, SortReferenceAsc, SortReferenceDesc}
}

// ParseTransactionSort reads a sort as the query string spells it; blank and "-date" are the default.
func ParseTransactionSort(s string) (TransactionSort, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "-date" {
		return SortDateDesc, nil
	}
	for _, known := range TransactionSorts() {
		if TransactionSort(s) == known {
			return known, nil
		}
	}
	return "", FieldError("sort", "Sort by one of -date, date, amount, -amount, reference or -reference")
}

// Column returns the sort's column (date, amount, reference) and whether it runs newest or largest first.
func (s TransactionSort) Column() (column string, desc bool) {
	switch s {
	case SortDateAsc:
		return "date", false
	case SortAmountAsc:
		return "amount", false
	case SortAmountDesc:
		return "amount", true
	case SortReferenceAsc:
		return "reference", false
	case SortReferenceDesc:
		return "reference", true
	}
	return "date", true
}

// TransactionPageSize is how many entries a page of a transaction search shows.
const TransactionPageSize = 50

// A Transaction is one ledger entry as a search finds it, with what its posting says of it.
type Transaction struct {
	LedgerEntry
	ReceiptNumber string      `json:"receipt_number"`
	PostingKind   PostingKind `json:"posting_kind"`
	Source        Source      `json:"source"`
	SourceRef     string      `json:"source_ref,omitempty"`
	Actor         string      `json:"actor"`
	PostedAt      time.Time   `json:"posted_at"`
}

// TransactionPage is one page of a transaction search. Next is the cursor of the page after it,
// blank on the last page.
type TransactionPage struct {
	Transactions []Transaction
	Next         string
}

// TransactionCursor is where a page of a transaction search ends: the sort, and the last entry's
// sort value and id. It travels opaque (Encode), so callers cannot depend on its insides.
type TransactionCursor struct {
	Sort  TransactionSort `json:"s,omitempty"`
	Value string          `json:"v"`
	ID    int64           `json:"i"`
}

// Encode returns the cursor as an opaque, URL-safe string.
func (c TransactionCursor) Encode() string {
	b, _ := json.Marshal(c) // strings and integers always marshal
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeTransactionCursor reads a cursor Encode wrote for the sort s. A cursor that is not one, or
// one of another sort, is an Invalid error on the field "cursor".
func DecodeTransactionCursor(s string, sort TransactionSort) (TransactionCursor, error) {
	var c TransactionCursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || json.Unmarshal(b, &c) != nil || c.ID <= 0 || c.Sort != sort {
		return c, FieldError("cursor", "The cursor is not one of this search's pages: start the search again")
	}
	return c, nil
}

// SortValue returns t's value of the sort's column, as a cursor keeps it.
func (t Transaction) SortValue(s TransactionSort) string {
	switch col, _ := s.Column(); col {
	case "amount":
		return strconv.FormatInt(int64(t.Amount), 10)
	case "reference":
		return t.Reference
	}
	return t.BusinessDate.Format(time.DateOnly)
}

// ReceiptDetail is one posting as its receipt page shows it: the posting and its entries, where its money
// came from, and what else in the ledger touches it.
type ReceiptDetail struct {
	Posting Posting
	// EntriesShown is how many of the posting's entries Posting.Entries holds: a posting of an
	// import may have a million, and its page shows the first few.
	EntriesShown int
	EntryCount   int64           // how many entries the posting holds
	Total        money.Pence     // the sum of all of them
	PaymentID    string          // the card payment it records, if any
	Refunds      []PaymentRefund // refunds of that payment
	// LinkedFrom are entries of other postings that refund, journal or reverse this posting's
	// entries; LinksTo the entries of other postings this one's entries refund, journal or reverse.
	LinkedFrom, LinksTo []Transaction
	ReversedBy          []string // receipt numbers of postings that reverse this one
	Reverses            string   // receipt number of the posting this one reverses
	Audit               []AuditEntry
	// FundNames and MOPNames name the funds and methods of payment of the posting's entries, for
	// the printable receipt.
	FundNames, MOPNames map[string]string
	// ActorNames names the people and API clients (by Principal.Actor) who posted the posting and
	// the entries touching it, and who requested and approved its refunds.
	ActorNames map[string]string
}
