package ims

import (
	"fmt"
	"strings"
	"time"

	"github.com/ims-council/ims/money"
)

// SuspenseStatus says how much of a suspense item has been allocated. It is derived from the
// item's amounts, never stored.
type SuspenseStatus string

// The statuses of a suspense item.
const (
	SuspenseUnallocated SuspenseStatus = "unallocated"
	SuspensePart        SuspenseStatus = "part"
	SuspenseAllocated   SuspenseStatus = "allocated"
)

// Valid reports whether s is one of the statuses.
func (s SuspenseStatus) Valid() bool {
	return s == SuspenseUnallocated || s == SuspensePart || s == SuspenseAllocated
}

// Where a suspense item came from.
const (
	SuspenseFromManual = "manual" // entered by a finance officer (unidentified cash)
	SuspenseFromAPI    = "api"
	SuspenseFromImport = "import"
)

// A SuspenseItem is money received that could not be allocated to an account: its receipt was
// posted into the suspense fund (PostingID), and allocations move it out to funds, part by part
// (ADR 23).
type SuspenseItem struct {
	ID          int64                `json:"id"`
	Amount      money.Pence          `json:"amount"`
	Allocated   money.Pence          `json:"allocated"`
	Version     int64                `json:"version"`  // grows with each allocation; an allocation names the version it saw
	Received    time.Time            `json:"received"` // the date the money arrived (a date, midnight UTC)
	Reference   string               `json:"reference"`
	Narrative   string               `json:"narrative"`
	MOP         string               `json:"mop_code"`
	Source      string               `json:"source"`
	ImportID    int64                `json:"import_id,omitempty"`
	Reason      string               `json:"reason"`
	PostingID   int64                `json:"posting_id"`
	PostingLine int                  `json:"posting_line"` // the posting's suspense_in line for this item
	Receipt     string               `json:"receipt_number"`
	CreatedBy   string               `json:"created_by"`
	CreatedAt   time.Time            `json:"created_at"`
	Notes       []SuspenseNote       `json:"notes,omitempty"`       // on the detail only
	Allocations []SuspenseAllocation `json:"allocations,omitempty"` // on the detail only
}

// Remaining returns what is left to allocate.
func (i SuspenseItem) Remaining() money.Pence { return i.Amount - i.Allocated }

// Status returns the item's status, from its amounts.
func (i SuspenseItem) Status() SuspenseStatus {
	switch {
	case i.Allocated == 0:
		return SuspenseUnallocated
	case i.Allocated < i.Amount:
		return SuspensePart
	}
	return SuspenseAllocated
}

// A SuspenseNote is a remark a member of staff left on an item.
type SuspenseNote struct {
	Author     string    `json:"author"` // Principal.Actor
	AuthorName string    `json:"author_name"`
	At         time.Time `json:"at"`
	Text       string    `json:"text"`
}

// A SuspenseAllocation is one allocation that took money from an item: how much, by whom, and the
// posting that moved it.
type SuspenseAllocation struct {
	ID          int64       `json:"id"`
	Amount      money.Pence `json:"amount"` // taken from this item
	PostingID   int64       `json:"posting_id"`
	Receipt     string      `json:"receipt_number"`
	AllocatedBy string      `json:"allocated_by"`
	At          time.Time   `json:"at"`
}

// A NewSuspenseItem is a request to put received money into suspense by hand or over the API.
type NewSuspenseItem struct {
	Amount         money.Pence
	Received       time.Time // zero: today
	Reference      string    // as received; may be blank
	Narrative      string
	MOP            string
	Reason         string
	IdempotencyKey string `json:"-"`
}

// Check reports every problem with the request's own fields. Whether the MOP exists is the
// ledger's check.
func (n NewSuspenseItem) Check(today time.Time) error {
	p := Problems{}
	if n.Amount <= 0 {
		p.Add("amount", "Amount must be more than £0.00")
	}
	if n.MOP == "" {
		p.Add("mop_code", "Choose the method of payment the money arrived by")
	}
	if strings.TrimSpace(n.Reason) == "" {
		p.Add("reason", "Enter why the money cannot be allocated")
	}
	if !n.Received.IsZero() && n.Received.After(today) {
		p.Add("received", "The date received must be today or in the past")
	}
	for field, s := range map[string]string{"reference": n.Reference, "narrative": n.Narrative, "reason": n.Reason} {
		if LooksLikeCardNumber(s) {
			p.Add(field, "This looks like a card number; card numbers must never be recorded")
		}
		if len(s) > 500 {
			p.Add(field, "Enter 500 characters or fewer")
		}
	}
	return p.Err("The suspense item cannot be recorded")
}

// A SuspenseFilter chooses suspense items to list. Zero fields do not filter.
type SuspenseFilter struct {
	From, To  time.Time // received on or after From, on or before To
	Reference string    // contains, ignoring case
	Narrative string    // contains, ignoring case
	Amount    money.Pence
	ImportID  int64
	Status    SuspenseStatus
	After     int64 // keyset cursor: items with a larger id than this
	Limit     int   // 0: 50
}

// SuspenseTotals sums the items a filter chooses, over every page.
type SuspenseTotals struct {
	Count     int64       `json:"count"`
	Value     money.Pence `json:"value"`
	Remaining money.Pence `json:"remaining"`
}

// A SuspensePage is one page of a listing, with the totals of the whole listing and the cursor of
// the next page (0 when this is the last).
type SuspensePage struct {
	Items  []SuspenseItem
	Totals SuspenseTotals
	Next   int64
}

// A SuspenseTake names an item to allocate from and the version the person saw: an item allocated
// since (its version moved on) is a Conflict, so nobody allocates from figures that are stale.
type SuspenseTake struct {
	ID      int64
	Version int64
}

// An AllocationLine is where allocated money goes: a fund and reference, checked like a payment's.
// MOP blank: the first item's. VATCode blank: the fund's.
type AllocationLine struct {
	Fund      string
	Reference string
	MOP       string
	VATCode   string
	Narrative string
	Amount    money.Pence
}

// A SuspenseAllocationRequest allocates money from one or more items (taken in the order given) to
// lines, less credit notes (each a positive amount taken back from a credit-note fund).
type SuspenseAllocationRequest struct {
	Items          []SuspenseTake
	Lines          []AllocationLine
	CreditNotes    []AllocationLine
	Narrative      string
	IdempotencyKey string `json:"-"`
}

// Net returns what the request allocates: its lines less its credit notes.
func (r SuspenseAllocationRequest) Net() money.Pence {
	var t money.Pence
	for _, l := range r.Lines {
		t += l.Amount
	}
	for _, c := range r.CreditNotes {
		t -= c.Amount
	}
	return t
}

// An AllocationResult is what an allocation did: its id, posting and amount, and the items as it
// left them.
type AllocationResult struct {
	ID        int64
	PostingID int64
	Receipt   string
	Amount    money.Pence
	Items     []SuspenseItem
}

// CheckShape reports the problems of the request that need no data: items named once, a line
// at least, amounts above zero.
func (r SuspenseAllocationRequest) CheckShape() error {
	p := Problems{}
	if len(r.Items) == 0 {
		p.Add("items", "Choose at least one suspense item")
	}
	seen := map[int64]bool{}
	for i, it := range r.Items {
		if seen[it.ID] {
			p.Add(fmt.Sprintf("items[%d]", i), "Suspense item %d is chosen twice", it.ID)
		}
		seen[it.ID] = true
	}
	if len(r.Lines) == 0 {
		p.Add("lines", "Add at least one allocation line")
	}
	for i, l := range r.Lines {
		checkAllocationLine(p, fmt.Sprintf("lines[%d]", i), l)
	}
	for i, l := range r.CreditNotes {
		checkAllocationLine(p, fmt.Sprintf("credit_notes[%d]", i), l)
	}
	if LooksLikeCardNumber(r.Narrative) {
		p.Add("narrative", "The narrative looks like a card number; card numbers must never be recorded")
	}
	if len(p) == 0 && r.Net() <= 0 {
		p.Add("lines", "The lines must add up to more than the credit notes")
	}
	return p.Err("The allocation cannot be made")
}

func checkAllocationLine(p Problems, field string, l AllocationLine) {
	if l.Amount <= 0 {
		p.Add(field+".amount", "Amount must be more than £0.00")
	}
	if LooksLikeCardNumber(l.Narrative) {
		p.Add(field+".narrative", "The narrative looks like a card number; card numbers must never be recorded")
	}
}

// PlanAllocation returns how much to take from each item (in the order given) for an allocation of
// net, which must not exceed what the items have left: equal allocates them fully, less leaves the
// rest in the last items taken. Items must be current (the caller checked their versions).
func PlanAllocation(items []SuspenseItem, net money.Pence) ([]money.Pence, error) {
	var left money.Pence
	for _, it := range items {
		left += it.Remaining()
	}
	if net > left {
		return nil, FieldError("lines", "The lines come to %s but the chosen items have only %s left to allocate",
			net.Display(), left.Display())
	}
	takes := make([]money.Pence, len(items))
	for i, it := range items {
		takes[i] = min(it.Remaining(), net)
		net -= takes[i]
	}
	return takes, nil
}
