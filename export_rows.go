package ims

import (
	"cmp"
	"slices"
	"time"
)

// An ExportEntry is one ledger entry as an export reads it: the entry and its posting's receipt.
type ExportEntry struct {
	LedgerEntry
	Receipt string
}

// JournalExportRows summarises entries for the general ledger: for each business date, one income
// line per fund GL code, cost centre and VAT code carrying minus the entries' sum (income is a
// credit), then one control line per control code carrying the sum of the entries taken by the
// methods of payment that use it (ControlCodes, else DefaultControl). Each date's lines therefore
// sum to zero. Lines that sum to zero (a transfer between references of one fund) are left out.
// Dates come in order, income lines by GL code, cost centre and VAT code, control lines by code.
// A fund missing from funds is an Internal error: the ledger only takes funds that exist.
func JournalExportRows(t ExportTarget, funds map[string]Fund, entries []ExportEntry) ([]ExportRow, error) {
	type incomeKey struct {
		date        time.Time
		gl, cc, vat string
	}
	type controlKey struct {
		date    time.Time
		control string
	}
	income := map[incomeKey]*ExportRow{}
	control := map[controlKey]*ExportRow{}
	for _, e := range entries {
		f, ok := funds[e.Fund]
		if !ok {
			return nil, Errorf(Internal, "entry %d: fund %s is not in the reference data", e.ID, e.Fund)
		}
		date := dateOnly(e.BusinessDate)
		ik := incomeKey{date, f.GLCode, f.CostCentre, e.VATCode}
		r := income[ik]
		if r == nil {
			r = &ExportRow{Date: date, Account: f.GLCode, GLCode: f.GLCode, CostCentre: f.CostCentre, VATCode: e.VATCode}
			income[ik] = r
		}
		r.Amount -= e.Amount
		r.VATAmount -= e.VATAmount
		code := cmp.Or(t.ControlCodes[e.MOP], t.DefaultControl)
		ck := controlKey{date, code}
		c := control[ck]
		if c == nil {
			c = &ExportRow{Date: date, Account: code, ControlCode: code}
			control[ck] = c
		}
		c.Amount += e.Amount
	}
	var rows []ExportRow
	for _, r := range income {
		if r.Amount != 0 || r.VATAmount != 0 {
			rows = append(rows, *r)
		}
	}
	for _, r := range control {
		if r.Amount != 0 {
			rows = append(rows, *r)
		}
	}
	slices.SortFunc(rows, func(a, b ExportRow) int {
		return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.ControlCode, b.ControlCode), // income ("") first
			cmp.Compare(a.GLCode, b.GLCode), cmp.Compare(a.CostCentre, b.CostCentre), cmp.Compare(a.VATCode, b.VATCode))
	})
	return rows, nil
}

// AccountPostingRows gives one line per entry of the target's funds, in entry order, each with its
// fund's GL code and cost centre and its own signed amount (a payment positive, a refund negative).
func AccountPostingRows(t ExportTarget, funds map[string]Fund, entries []ExportEntry, loc *time.Location) []ExportRow {
	var rows []ExportRow
	for _, e := range entries {
		if !slices.Contains(t.Funds, e.Fund) {
			continue
		}
		f := funds[e.Fund]
		rows = append(rows, ExportRow{Date: dateOnly(e.BusinessDate), TransactionDate: BusinessDate(e.TransactionTime, loc),
			GLCode: f.GLCode, CostCentre: f.CostCentre, VATCode: e.VATCode, Fund: e.Fund, MOP: e.MOP,
			Reference: e.Reference, Receipt: e.Receipt, Narrative: e.Narrative, Office: e.Office, EntryID: e.ID,
			PostingID: e.PostingID, Amount: e.Amount, VATAmount: e.VATAmount})
	}
	slices.SortStableFunc(rows, func(a, b ExportRow) int { return cmp.Compare(a.EntryID, b.EntryID) })
	return rows
}

// dateOnly drops the time and zone of a business date, so dates read from either engine group
// together.
func dateOnly(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
