package main

import (
	"fmt"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

// A line is one generated ledger-shaped row. The raw baseline inserts it as it is and the ledger
// measurements post it through sqldb, so both write the same values.
type line struct {
	fund, reference, mop, vatCode, narrative string
	amount, vatAmount, vatRate               int64
	transactionTime                          time.Time
}

// benchDay is the business date of the generated lines (a Tuesday's import).
func benchDay() time.Time { return time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC) }

// genLine returns line i (0-based). References are spread pseudo-randomly, as account numbers in a
// real import are, so index inserts land all over the reference index rather than at its end.
func genLine(i int) line {
	l := line{
		reference:       fmt.Sprintf("%09d", 100_000_000+(uint64(i)*2_654_435_761)%900_000_000),
		mop:             "AP",
		narrative:       "Allpay payment",
		amount:          int64(500 + (i*7919)%250_000),
		transactionTime: benchDay().Add(-16*time.Hour + time.Duration(i)*50*time.Millisecond).Truncate(time.Microsecond),
	}
	// Most lines go to zero-rated funds; every third to a standard-rated one, so VAT is computed.
	switch i % 3 {
	case 0:
		l.fund, l.vatCode = "23", "M0"
	case 1:
		l.fund, l.vatCode = "11", "M0"
	case 2:
		l.fund, l.vatCode, l.vatRate = "13", "W0", 2000
		l.vatAmount = (l.amount*l.vatRate + (10_000+l.vatRate)/2) / (10_000 + l.vatRate)
	}
	return l
}

// entry returns the line as a posting request line.
func (l line) entry() ims.NewLedgerEntry {
	return ims.NewLedgerEntry{Kind: ims.EntryImport, Fund: l.fund, Reference: l.reference, MOP: l.mop,
		Amount: money.Pence(l.amount), Narrative: l.narrative, TransactionTime: l.transactionTime}
}

// rawColumns are the ledger_entries columns in the order rawValues fills them (the order sqldb writes).
func rawColumns() []string {
	return []string{"posting_id", "line", "kind", "fund", "reference", "mop", "amount", "vat_code",
		"vat_rate_bp", "vat_amount", "narrative", "office", "transaction_time", "business_date", "psp_payment_id",
		"psp_reference", "card_brand", "card_first6", "card_last4", "links_entry"}
}

// rawValues writes line number n's column values into dst (len(rawColumns())) with the Go types
// sqldb passes to the driver, so the driver converts them the same way.
func (l line) rawValues(dst []any, n int) {
	dst[0], dst[1], dst[2], dst[3], dst[4] = int64(1), int64(n), string(ims.EntryImport), l.fund, l.reference
	dst[5], dst[6], dst[7], dst[8], dst[9] = l.mop, l.amount, l.vatCode, l.vatRate, l.vatAmount
	dst[10], dst[11], dst[12], dst[13] = l.narrative, nil, l.transactionTime, benchDay()
	dst[14], dst[15], dst[16], dst[17], dst[18], dst[19] = "", "", "", "", "", nil
}
