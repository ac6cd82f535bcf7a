package demo

import (
	"bytes"
	"fmt"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/fileformat/allpay"
	"github.com/ims-council/ims/internal/fileformat/imscsv"
	"github.com/ims-council/ims/money"
)

// A demoFile is a file the sample week imports, in the real format of its import type, so the week
// shows imports with their rules, suspense items and held lines as a council's would.
type demoFile struct {
	importType, name string
	data             []byte
}

// allpay is the day's allpay file: Post Office and PayPoint payments on allpay cards. On Tuesdays a
// line whose reference fails the check digit goes to suspense; on Thursdays a returned cheque takes
// money back from the account it was paid to.
func (w *week) allpay(t, date time.Time, weekday time.Weekday, by ims.Principal, n int) planned {
	type detail struct {
		ref     string
		pence   int64
		channel byte
	}
	lines := []detail{{pick(w.tax, n), 2500, 'P'}, {pick(w.tax, n+1), 1800, 'P'}, {pick(w.tax, n+2), 2000, 'T'}}
	switch weekday {
	case time.Tuesday:
		lines = append(lines, detail{wrongCheckDigit(w.tax[0]), 2200, 'P'})
	case time.Thursday:
		lines = append(lines, detail{pick(w.tax, n+1), -1800, 'Q'})
	}
	var b bytes.Buffer
	var total int64
	for i, l := range lines {
		if err := allpay.WriteDetail(&b, fmt.Sprintf("PO%05d", 10400+i), l.ref, l.pence, l.channel, date.AddDate(0, 0, -1)); err != nil {
			w.fail(err)
		}
		total += l.pence
	}
	if err := allpay.WriteTrailer(&b, total, len(lines)); err != nil {
		w.fail(err)
	}
	return planned{at: t, by: by, file: &demoFile{"ALLPAY", "allpay-" + date.Format("20060102") + ".txt", b.Bytes()}}
}

// A bankLine is one entry of a bank statement: a credit (pence above zero) or a debit.
type bankLine struct {
	pence     int64
	narrative string
}

// bankFile is the day's MT940 statement of the council's income account. The rules read council
// tax and business rates references out of the narratives; a credit no rule places goes to
// suspense, and a debit is listed for reconciliation.
func (w *week) bankFile(t, date time.Time, by ims.Principal, lines ...bankLine) planned {
	day := date.AddDate(0, 0, -1)
	yymmdd := day.Format("060102")
	opening := int64(15_000_000) + int64(date.YearDay())*1000
	var b bytes.Buffer
	fmt.Fprintf(&b, ":20:IMS%s\r\n:25:20000012345678\r\n:28C:%d/1\r\n:60F:C%sGBP%s\r\n", yymmdd, date.YearDay(), yymmdd, mt940Amount(opening))
	balance := opening
	for i, l := range lines {
		mark, amount := "C", l.pence
		if amount < 0 {
			mark, amount = "D", -amount
		}
		fmt.Fprintf(&b, ":61:%s%s%s%sNTRFNONREF//%s%03d\r\n:86:%s\r\n", yymmdd, day.Format("0102"), mark, mt940Amount(amount),
			yymmdd, i+1, l.narrative)
		balance += l.pence
	}
	fmt.Fprintf(&b, ":62F:C%sGBP%s\r\n-\r\n", yymmdd, mt940Amount(balance))
	return planned{at: t, by: by, file: &demoFile{"MT940", "statement-" + date.Format("20060102") + ".sta", b.Bytes()}}
}

// mt940Amount writes pence as MT940 does: a comma for the decimal point.
func mt940Amount(pence int64) string {
	s := money.FormatMinor(pence, 2)
	return s[:len(s)-3] + "," + s[len(s)-2:]
}

// A csvLine is one row of an IMS CSV file.
type csvLine struct {
	fund, ref, mop string
	pence          int64
	narrative      string
}

// csvFile is an IMS CSV export from one of the council's own systems.
func (w *week) csvFile(t, date time.Time, by ims.Principal, name string, lines ...csvLine) planned {
	var b bytes.Buffer
	if err := imscsv.WriteHeader(&b); err != nil {
		w.fail(err)
	}
	for _, l := range lines {
		e := ims.Entry{BookingDate: date.AddDate(0, 0, -1), Fund: l.fund, Reference: l.ref, Minor: l.pence, MOP: l.mop,
			Narrative: l.narrative}
		if err := imscsv.WriteRow(&b, e); err != nil {
			w.fail(err)
		}
	}
	return planned{at: t, by: by, file: &demoFile{"IMSCSV", name + "-" + date.Format("20060102") + ".csv", b.Bytes()}}
}
