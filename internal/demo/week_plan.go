package demo

import (
	"fmt"
	"time"

	"github.com/ims-council/ims"
)

// day plans the sample transactions of one date (midnight UTC of a London date, as
// ims.BusinessDate gives it). Citizens pay online and by telephone every day; the cash office, the
// post room and the payment files work on weekdays. Any seven days in a row hold each weekday once,
// so the week always has the same transactions, whatever the date.
func (w *week) day(date time.Time) []planned {
	y, m, d := date.Date()
	at := func(hour, min int) time.Time { return time.Date(y, m, d, hour, min, 0, 0, w.london) }
	system := ims.System()
	var plan []planned

	for _, t := range []time.Time{at(8, 12), at(12, 47), at(19, 31)} {
		n := w.next()
		plan = append(plan, planned{t, system, ims.NewPosting{Kind: ims.PostingPayment, Source: ims.SourcePortal,
			Office: "WP", Entries: w.basket(n)}})
	}
	n := w.next()
	plan = append(plan, planned{at(16, 40), system, ims.NewPosting{Kind: ims.PostingPayment, Source: ims.SourceAPI,
		Office: "TP", Narrative: "Automated telephone payment",
		Entries: []ims.NewLedgerEntry{cardOn(line(ims.EntryPayment, "23", pick(w.tax, n), "91", 5000, ""), n)}}})

	weekday := date.Weekday()
	if weekday == time.Saturday || weekday == time.Sunday {
		return plan
	}
	clerk, finance := w.users[ims.PostPayment], w.users[ims.Finance]
	n = w.next()
	plan = append(plan,
		planned{at(11, 15), w.users[ims.Payments], ims.NewPosting{Kind: ims.PostingPayment, Source: ims.SourceStaff,
			Office: "TP", Narrative: "Card payment taken by phone",
			Entries: []ims.NewLedgerEntry{cardOn(line(ims.EntryPayment, "5", pick(w.rents, n), "92", 20000, ""), n)}}},
		planned{at(10, 5), clerk, ims.NewPosting{Kind: ims.PostingManual, Source: ims.SourceStaff, Office: "CO",
			Entries: []ims.NewLedgerEntry{line(ims.EntryPayment, "23", w.cashTaxAccount(weekday, n), "1", 4000, "")}}},
		planned{at(14, 20), clerk, ims.NewPosting{Kind: ims.PostingManual, Source: ims.SourceStaff, Office: "CO",
			Entries: []ims.NewLedgerEntry{line(ims.EntryPayment, "5", pick(w.rents, n+1), "1", 5000+int64(n%3)*500, "")}}},
		planned{at(9, 30), clerk, ims.NewPosting{Kind: ims.PostingManual, Source: ims.SourceStaff, Office: "PR",
			Narrative: "Cheques received by post", Entries: []ims.NewLedgerEntry{
				line(ims.EntryPayment, "24", w.rates[0], "24", 48000, fmt.Sprintf("Cheque %06d", 100100+n)),
				line(ims.EntryPayment, "19", invoice(n), "24", 12000, ""),
			}}},
		w.allpay(at(7, 0), date, weekday, finance, n),
	)
	switch weekday {
	case time.Monday:
		plan = append(plan, w.bankImport(at(6, 30), date, finance,
			line(ims.EntryImport, "24", w.rates[0], "BK", 425000, "BACS credit"),
			line(ims.EntrySuspenseIn, "1", "UNKNOWN", "BK", 12000, "Credit with no reference"),
			line(ims.EntrySuspenseIn, "1", "J SMITH RENT", "BK", 9550, "Reference is not a rent account number")))
	case time.Wednesday:
		plan = append(plan, planned{at(6, 45), finance, ims.NewPosting{Kind: ims.PostingImport, Source: ims.SourceImport,
			SourceRef: "dwp-" + date.Format("20060102"), Narrative: "DWP deductions schedule", Office: "BI",
			Entries: []ims.NewLedgerEntry{
				line(ims.EntryImport, "23", w.tax[1], "DW", 395, ""),
				line(ims.EntryImport, "23", w.tax[2], "DW", 395, ""),
			}}})
	case time.Thursday:
		plan = append(plan, w.bankImport(at(6, 30), date, finance,
			line(ims.EntryImport, "5", w.rents[1], "BK", 40000, "Standing order"),
			line(ims.EntrySuspenseIn, "1", "SI 412", "BK", 6000, "Reference matches no invoice")))
	case time.Friday:
		// The cashier took Friday's cash for the wrong account; a finance officer moves it.
		plan = append(plan, planned{at(15, 30), w.users[ims.Journal], ims.NewPosting{Kind: ims.PostingJournal,
			Source: ims.SourceStaff, Narrative: "Cash paid to the wrong council tax account", Entries: []ims.NewLedgerEntry{
				line(ims.EntryJournalDebit, "23", w.tax[0], "JN", -4000, ""),
				line(ims.EntryJournalCredit, "23", w.tax[1], "JN", 4000, ""),
			}}})
	}
	return plan
}

// cashTaxAccount is the council tax account paid in cash: on Fridays always the first, which the
// Friday journal moves the money away from.
func (w *week) cashTaxAccount(weekday time.Weekday, n int) string {
	if weekday == time.Friday {
		return w.tax[0]
	}
	return pick(w.tax, n)
}

// basket is one citizen's portal basket, paid with one card.
func (w *week) basket(n int) []ims.NewLedgerEntry {
	card := func(fund, ref string, pence int64) ims.NewLedgerEntry {
		return cardOn(line(ims.EntryPayment, fund, ref, "90", pence, ""), n)
	}
	vary := int64(n%4) * 250
	switch n % 8 {
	case 0:
		return []ims.NewLedgerEntry{card("23", pick(w.tax, n), 12500+vary)}
	case 1:
		return []ims.NewLedgerEntry{card("11", w.pcn(n), 3500+int64(n%2)*3500)}
	case 2:
		return []ims.NewLedgerEntry{card("5", pick(w.rents, n), 9550+vary)}
	case 3:
		return []ims.NewLedgerEntry{card("2R", w.fpn(n), 10000)}
	case 4:
		return []ims.NewLedgerEntry{card("5M", w.card(n), 360+int64(n%3)*120)}
	case 5:
		return []ims.NewLedgerEntry{card("24", w.rates[0], 125000)}
	case 6:
		return []ims.NewLedgerEntry{card("19", invoice(n), 6000+vary)}
	}
	return []ims.NewLedgerEntry{card("23", pick(w.tax, n), 5000), card("11", w.pcn(n), 7000)}
}

// allpay is the day's allpay file: Post Office and PayPoint payments on allpay cards. On Tuesdays a
// line whose reference fails the check digit goes to suspense, as an import would send it.
func (w *week) allpay(t, date time.Time, weekday time.Weekday, by ims.Principal, n int) planned {
	lines := []ims.NewLedgerEntry{
		line(ims.EntryImport, "23", pick(w.tax, n), "15", 2500, ""),
		line(ims.EntryImport, "23", pick(w.tax, n+1), "15", 1800, ""),
		line(ims.EntryImport, "5", pick(w.rents, n), "15", 3000, ""),
		line(ims.EntryImport, "23", pick(w.tax, n+2), "18", 2000, ""),
	}
	if weekday == time.Tuesday {
		lines = append(lines, line(ims.EntrySuspenseIn, "1", wrongCheckDigit(w.tax[0]), "15", 2200,
			"Council tax reference fails its check digit"))
	}
	return planned{t, by, ims.NewPosting{Kind: ims.PostingImport, Source: ims.SourceImport,
		SourceRef: "allpay-" + date.Format("20060102"), Narrative: "allpay daily file", Office: "BI", Entries: lines}}
}

// bankImport is a bank statement import of the given lines.
func (w *week) bankImport(t, date time.Time, by ims.Principal, lines ...ims.NewLedgerEntry) planned {
	return planned{t, by, ims.NewPosting{Kind: ims.PostingImport, Source: ims.SourceImport,
		SourceRef: "bank-" + date.Format("20060102"), Narrative: "Bank statement", Office: "BI", Entries: lines}}
}

// wrongCheckDigit returns a numeric reference with its last digit changed, which its scheme refuses
// since each body has one check character.
func wrongCheckDigit(ref string) string {
	last := ref[len(ref)-1]
	return ref[:len(ref)-1] + string(rune('0'+(last-'0'+1)%10))
}
