package ims

import (
	"time"

	"github.com/ims-council/ims/money"
)

// PostingKind says what a posting does. Journals, transfers, reversals and suspense allocations
// must net to zero.
type PostingKind string

// The kinds of posting.
const (
	PostingPayment    PostingKind = "payment"
	PostingRefund     PostingKind = "refund"
	PostingJournal    PostingKind = "journal"
	PostingTransfer   PostingKind = "transfer"
	PostingImport     PostingKind = "import"
	PostingSuspense   PostingKind = "suspense_allocation"
	PostingCashReturn PostingKind = "cash_return"
	PostingReversal   PostingKind = "reversal"
	PostingManual     PostingKind = "manual" // staff-posted payments: cheques, post room
)

// ZeroSum reports whether postings of this kind must net to zero.
func (k PostingKind) ZeroSum() bool {
	switch k {
	case PostingJournal, PostingTransfer, PostingSuspense, PostingReversal:
		return true
	}
	return false
}

// PostingKinds lists every posting kind.
func PostingKinds() []PostingKind {
	return []PostingKind{PostingPayment, PostingRefund, PostingJournal, PostingTransfer, PostingImport,
		PostingSuspense, PostingCashReturn, PostingReversal, PostingManual}
}

// EntryKind says what one ledger line is.
type EntryKind string

// The kinds of ledger entry.
const (
	EntryPayment       EntryKind = "payment"
	EntryFee           EntryKind = "fee"
	EntryRefund        EntryKind = "refund"
	EntryJournalDebit  EntryKind = "journal_debit"
	EntryJournalCredit EntryKind = "journal_credit"
	EntryTransferOut   EntryKind = "transfer_out"
	EntryTransferIn    EntryKind = "transfer_in"
	EntrySuspenseIn    EntryKind = "suspense_in"
	EntrySuspenseOut   EntryKind = "suspense_out"
	EntryCreditNote    EntryKind = "credit_note"
	EntryCashReturn    EntryKind = "cash_return_line"
	EntryImport        EntryKind = "import_line"
	EntryReversal      EntryKind = "reversal"
)

// EntryKinds lists every entry kind.
func EntryKinds() []EntryKind {
	return []EntryKind{EntryPayment, EntryFee, EntryRefund, EntryJournalDebit, EntryJournalCredit,
		EntryTransferOut, EntryTransferIn, EntrySuspenseIn, EntrySuspenseOut, EntryCreditNote, EntryCashReturn,
		EntryImport, EntryReversal}
}

// Source says which channel created a posting.
type Source string

// Sources of postings.
const (
	SourcePortal     Source = "portal"
	SourceStaff      Source = "staff"
	SourceAPI        Source = "api"
	SourceImport     Source = "import"
	SourceCashReturn Source = "cash_return"
	SourceSuspense   Source = "suspense"
	SourceSystem     Source = "system"
)

// A Posting is a group of ledger entries written together, hash-chained to the posting before it.
// Postings and entries are never updated or deleted; a mistake is corrected by a new posting.
type Posting struct {
	ID            int64         `json:"id"`
	Kind          PostingKind   `json:"kind"`
	ReceiptNumber string        `json:"receipt_number"`
	Source        Source        `json:"source"`
	SourceRef     string        `json:"source_ref,omitempty"` // import id, cash return id, suspense id, API client's reference
	Narrative     string        `json:"narrative,omitempty"`
	Actor         string        `json:"actor"` // Principal.Actor(): user:12, apiclient:3, system
	Office        string        `json:"office_code,omitempty"`
	CreatedAt     time.Time     `json:"created_at"`         // UTC, when written
	BusinessDate  time.Time     `json:"business_date"`      // Europe/London date of CreatedAt
	Reverses      int64         `json:"reverses,omitempty"` // posting this one reverses
	ChainSeq      int64         `json:"chain_seq"`          // its place in the ledger's hash chain (ADR 36)
	PrevHash      string        `json:"prev_hash"`
	Hash          string        `json:"hash"`
	Entries       []LedgerEntry `json:"entries"`
}

// Total returns the sum of the posting's entries.
func (p Posting) Total() money.Pence {
	var t money.Pence
	for _, e := range p.Entries {
		t += e.Amount
	}
	return t
}

// A LedgerEntry is one signed money line of the ledger. Amount and VAT are VAT-inclusive pence.
type LedgerEntry struct {
	ID              int64       `json:"id"`
	PostingID       int64       `json:"posting_id"`
	Line            int         `json:"line"`
	Kind            EntryKind   `json:"kind"`
	Fund            string      `json:"fund_code"`
	Reference       string      `json:"reference"`
	MOP             string      `json:"mop_code"`
	Amount          money.Pence `json:"amount"`
	VATCode         string      `json:"vat_code"`
	VATRate         money.Rate  `json:"vat_rate_bp"`
	VATAmount       money.Pence `json:"vat_amount"`
	Narrative       string      `json:"narrative,omitempty"`
	Office          string      `json:"office_code,omitempty"`
	TransactionTime time.Time   `json:"transaction_time"` // when the money moved (card authorised, cheque received)
	BusinessDate    time.Time   `json:"business_date"`
	PSPPaymentID    string      `json:"psp_payment_id,omitempty"`
	PSPReference    string      `json:"psp_reference,omitempty"`
	CardBrand       string      `json:"card_brand,omitempty"`
	CardFirst6      string      `json:"card_first6,omitempty"`
	CardLast4       string      `json:"card_last4,omitempty"`
	LinksEntry      int64       `json:"links_entry,omitempty"` // entry this one refunds, journals or reverses
}

// A NewLedgerEntry is one line of a posting request; the ledger service fills VAT, dates and ids.
type NewLedgerEntry struct {
	Kind            EntryKind
	Fund            string
	Reference       string
	MOP             string
	Amount          money.Pence
	VATCode         string // blank: the fund's default
	Narrative       string
	TransactionTime time.Time // zero: the posting time
	PSPPaymentID    string
	PSPReference    string
	CardBrand       string
	CardFirst6      string
	CardLast4       string
	LinksEntry      int64
}

// A NewPosting is a request to write a posting.
type NewPosting struct {
	// ReceiptNumber is given when the payer was told it before the money arrived (a card payment's
	// provider reference); blank draws a new one.
	ReceiptNumber string
	Kind          PostingKind
	Source        Source
	SourceRef     string
	Narrative     string
	Office        string
	Reverses      int64
	Entries       []NewLedgerEntry
}

// ChainReport is the result of recomputing the ledger's hash chain.
type ChainReport struct {
	Postings int64
	Head     string // hash of the last posting
	BrokenAt int64  // id of the first posting that does not match, 0 when the chain is intact
	Reason   string
}
