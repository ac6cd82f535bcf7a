package imscsv

import (
	"bytes"
	"errors"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ims-council/ims"
)

// FuzzParse checks that no input makes Parse panic, that failures are ims.ParseErrors within the cap,
// and that a file that parses gives a model that agrees with itself.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"transaction_date,fund,reference,amount,mop,vat_code,narrative,office,source_reference\r\n2024-04-01,23,500012345,125.50,15,N0,Council tax,PO,TX-1\r\n",
		"\xEF\xBB\xBFMOP,Amount,Reference,Fund,Transaction Date,Narrative\n15,1.00,R1,23,2024-04-01,\xA35 note\n",
		"transaction_date,fund,reference,amount,mop\n2024-02-30,23,\"R,1\",1.005,15\n,,,,\n",
		"RCPT1,INT1,PSP1,PO,2024-04-01 09:00:00,01/04/2024,500012345,USR,23,15,125.50,N0,0,0.00,Council tax\r\n",
		"Reference,InternalReference,PspReference,OfficeCode,EntryDate,TransactionDate,AccountReference,UserCode,FundCode,MopCode,Amount,VatCode,VatRate,VatAmount,Narrative\r\n",
		"transaction_date,fund,reference,amount,mop\n2024-04-01,23,\"R\n",
		"",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse(bytes.NewReader(data))
		if err != nil {
			var pes ims.ParseErrors
			if !errors.As(err, &pes) || len(pes) == 0 || len(pes) > ims.MaxParseErrors || file != nil {
				t.Fatalf("Parse returned %v, %T %v", file, err, err)
			}
			for _, pe := range pes {
				if !utf8.ValidString(pe.Error()) {
					t.Errorf("error is not valid UTF-8: %q", pe.Error())
				}
			}
			return
		}
		if file.Format != Format || len(file.Statements) != 1 || (file.Profile != LayoutIMS && file.Profile != LayoutLocalGov) {
			t.Fatalf("format %q profile %q with %d statements", file.Format, file.Profile, len(file.Statements))
		}
		prev := 0
		for _, e := range file.Statements[0].Entries {
			if e.Line <= prev || e.Currency != "GBP" {
				t.Errorf("entry %+v after line %d", e, prev)
			}
			prev = e.Line
			if e.BookingDate.Location() != time.UTC || e.BookingDate != e.BookingDate.Truncate(24*time.Hour) {
				t.Errorf("line %d: date %v is not midnight UTC", e.Line, e.BookingDate)
			}
			for _, s := range []string{e.Fund, e.Reference, e.MOP, e.VATCode, e.Narrative, e.Office, e.BankRef, e.EndToEndID} {
				if !utf8.ValidString(s) {
					t.Errorf("line %d: invalid UTF-8 %q", e.Line, s)
				}
			}
		}
	})
}
