package camt053

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ims-council/ims"
)

// FuzzParse feeds Parse arbitrary bytes, seeded with the real samples and the edge cases above. Parse
// must never panic, must return either a file or ims.ParseErrors, and a file it returns must be
// consistent: at least one statement, every problem naming one of them, every entry with a currency
// and a line, every date a calendar date, and no invalid UTF-8 anywhere.
func FuzzParse(f *testing.F) {
	paths, _ := filepath.Glob(samples + "*")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(doc("04", stmt(`<TxsSummry><TtlNtries><NbOfNtries>1</NbOfNtries><TtlNetNtry><Amt>1</Amt><CdtDbtInd>DBIT</CdtDbtInd></TtlNetNtry></TtlNtries></TxsSummry>`,
		ntry("1.00", "CRDT", `<RvslInd>1</RvslInd><NtryDtls><Btch><NbOfTxs>1</NbOfTxs><TtlAmt Ccy="GBP">1</TtlAmt><CdtDbtInd>CRDT</CdtDbtInd></Btch><TxDtls><Amt Ccy="GBP">1</Amt><CdtDbtInd>DBIT</CdtDbtInd></TxDtls></NtryDtls>`)))))
	f.Add([]byte(strings.Replace(doc("02", stmt(ntry("1.00", "CRDT", "<AddtlNtryInf>\xa3</AddtlNtryInf>"))), "UTF-8", "windows-1252", 1)))
	f.Fuzz(func(t *testing.T, data []byte) {
		sf, err := Parse(bytes.NewReader(data))
		if err != nil {
			var pe ims.ParseErrors
			if sf != nil || !errors.As(err, &pe) || len(pe) == 0 || len(pe) > ims.MaxParseErrors {
				t.Fatalf("Parse returned %v and %#v", sf, err)
			}
			for _, e := range pe {
				if e.Message == "" || !utf8.ValidString(e.Error()) {
					t.Fatalf("bad error %q", e.Error())
				}
			}
			return
		}
		if sf.Format != Format || len(sf.Statements) == 0 {
			t.Fatalf("file %+v has no statements or the wrong format", sf)
		}
		for _, p := range sf.Problems {
			checkText(t, p.Where, p.Message)
			// Every problem of a camt.053 file is in a statement, and holds it.
			if p.Statement < 1 || p.Statement > len(sf.Statements) || p.Warning || p.Message == "" {
				t.Fatalf("problem %+v in a file of %d statements", p, len(sf.Statements))
			}
		}
		for _, st := range sf.Statements {
			checkText(t, st.ID, st.Number, st.Account, st.Currency)
			for _, e := range st.Entries {
				if e.Currency == "" || e.Line <= 0 {
					t.Fatalf("entry %+v has no currency or line", e)
				}
				checkDate(t, e.BookingDate)
				checkDate(t, e.ValueDate)
				checkText(t, e.Status, e.BankCode, e.BankRef, e.EndToEndID, e.Remittance, e.Narrative, e.PayerName, e.PayerAcct)
				for _, d := range e.Details {
					checkText(t, d.Currency, d.EndToEndID, d.Remittance, d.PayerName, d.PayerAcct, d.BankRef)
				}
			}
		}
	})
}

// checkDate accepts a zero date (the element is optional) or midnight UTC.
func checkDate(t *testing.T, d time.Time) {
	t.Helper()
	if !d.IsZero() && (d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0) {
		t.Fatalf("date %v is not a calendar date at midnight UTC", d)
	}
}

func checkText(t *testing.T, ss ...string) {
	t.Helper()
	for _, s := range ss {
		if !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 %q", s)
		}
	}
}
