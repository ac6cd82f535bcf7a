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
		plan = append(plan, posting(t, system, ims.NewPosting{Kind: ims.PostingPayment, Source: ims.SourcePortal,
			Office: "WP", Entries: w.basket(n)}))
	}
	n := w.next()
	plan = append(plan, posting(at(16, 40), system, ims.NewPosting{Kind: ims.PostingPayment, Source: ims.SourceAPI,
		Office: "TP", Narrative: "Automated telephone payment",
		Entries: []ims.NewLedgerEntry{cardOn(line(ims.EntryPayment, "23", pick(w.tax, n), "91", 5000, ""), n)}}))

	weekday := date.Weekday()
	if weekday == time.Saturday || weekday == time.Sunday {
		return plan
	}
	clerk, finance := w.users[ims.PostPayment], w.users[ims.Finance]
	n = w.next()
	plan = append(plan,
		posting(at(11, 15), w.users[ims.Payments], ims.NewPosting{Kind: ims.PostingPayment, Source: ims.SourceStaff,
			Office: "TP", Narrative: "Card payment taken by phone",
			Entries: []ims.NewLedgerEntry{cardOn(line(ims.EntryPayment, "5", pick(w.rents, n), "92", 20000, ""), n)}}),
		posting(at(10, 5), clerk, ims.NewPosting{Kind: ims.PostingManual, Source: ims.SourceStaff, Office: "CO",
			Entries: []ims.NewLedgerEntry{line(ims.EntryPayment, "23", w.cashTaxAccount(weekday, n), "1", 4000, "")}}),
		posting(at(14, 20), clerk, ims.NewPosting{Kind: ims.PostingManual, Source: ims.SourceStaff, Office: "CO",
			Entries: []ims.NewLedgerEntry{line(ims.EntryPayment, "5", pick(w.rents, n+1), "1", 5000+int64(n%3)*500, "")}}),
		posting(at(9, 30), clerk, ims.NewPosting{Kind: ims.PostingManual, Source: ims.SourceStaff, Office: "PR",
			Narrative: "Cheques received by post", Entries: []ims.NewLedgerEntry{
				line(ims.EntryPayment, "24", w.rates[0], "24", 48000, fmt.Sprintf("Cheque %06d", 100100+n)),
				line(ims.EntryPayment, "19", invoice(n), "24", 12000, ""),
			}}),
		w.allpay(at(7, 0), date, weekday, finance, n),
	)
	switch weekday {
	case time.Monday:
		plan = append(plan, w.bankFile(at(6, 30), date, finance,
			bankLine{pence: 425000, narrative: "NNDR " + w.rates[0] + " BACS"},
			bankLine{pence: 12000, narrative: "BGC CREDIT NO REFERENCE"},
			bankLine{pence: 9550, narrative: "J SMITH RENT"},
			bankLine{pence: -1250, narrative: "BANK CHARGES"}))
	case time.Wednesday:
		plan = append(plan, w.csvFile(at(6, 45), date, finance, "dwp",
			csvLine{fund: "23", ref: w.tax[1], mop: "DW", pence: 395, narrative: "DWP deduction"},
			csvLine{fund: "23", ref: w.tax[2], mop: "DW", pence: 395, narrative: "DWP deduction"}))
	case time.Thursday:
		plan = append(plan, w.bankFile(at(6, 30), date, finance,
			bankLine{pence: 40000, narrative: "CTAX " + w.tax[2] + " STO"},
			bankLine{pence: 6000, narrative: "SI 412 PAYMENT"}))
	case time.Friday:
		// The cashier took Friday's cash for the wrong account; a finance officer moves it.
		plan = append(plan, posting(at(15, 30), w.users[ims.Journal], ims.NewPosting{Kind: ims.PostingJournal,
			Source: ims.SourceStaff, Narrative: "Cash paid to the wrong council tax account", Entries: []ims.NewLedgerEntry{
				line(ims.EntryJournalDebit, "23", w.tax[0], "JN", -4000, ""),
				line(ims.EntryJournalCredit, "23", w.tax[1], "JN", 4000, ""),
			}}))
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

// wrongCheckDigit returns a numeric reference with its last digit changed, which its scheme refuses
// since each body has one check character.
func wrongCheckDigit(ref string) string {
	last := ref[len(ref)-1]
	return ref[:len(ref)-1] + string(rune('0'+(last-'0'+1)%10))
}

// posting plans a posting of p at t by by.
func posting(t time.Time, by ims.Principal, p ims.NewPosting) planned {
	return planned{at: t, by: by, posting: p}
}
