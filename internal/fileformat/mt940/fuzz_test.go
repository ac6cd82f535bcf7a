package mt940

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ims-council/ims"
)

// FuzzParse feeds Parse arbitrary bytes, seeded with the real samples and the edge cases above. Parse
// must never panic, must return either a file or ims.ParseErrors, and a file it returns must be
// consistent: every statement complete or held by a problem, every problem naming a statement of
// the file (or 0, the file), every entry in its statement's currency, every date a calendar date,
// and no invalid UTF-8 anywhere.
func FuzzParse(f *testing.F) {
	paths, _ := filepath.Glob(samples + "*")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(statementText(":61:2401021231RC1,23FNTRFREF//BANK\nSUPPLEMENT", ":86:166?00TEXT?20EREF+X?21SVWZ+Y?32NAME")))
	f.Add([]byte(statementText(":61:240102C1,NTRFNONREF", ":86:/EREF/A//CNTP/IBAN/BIC/NAME/CITY///REMI/USTD//R/")))
	f.Add([]byte("{1:F01X}{2:O940}{4:\r\n:20:R\r\n:25:A\r\n:60F:C240101JPY1,\r\n:62F:D240101JPY1,\r\n-}"))
	f.Add([]byte("\ufeff:20:R\n:25:A\n:60F:C240101BHD1,234\n:61:240102C\xa3\n"))
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
		held := map[int]bool{}
		for _, p := range sf.Problems {
			if p.Statement < 0 || p.Statement > len(sf.Statements) || p.Message == "" || !utf8.ValidString(p.Where+p.Message) {
				t.Fatalf("bad problem %+v of a file with %d statements", p, len(sf.Statements))
			}
			held[p.Statement] = held[p.Statement] || !p.Warning
		}
		for i, st := range sf.Statements {
			// A statement without a balance or account is returned only held for what was unreadable.
			incomplete := st.Opening == nil || st.Closing == nil || st.Account == ""
			if incomplete && !held[i+1] || st.Currency == "" || st.Opening != nil && st.Currency != st.Opening.Currency {
				t.Fatalf("incomplete statement %+v, problems %+v", st, sf.Problems)
			}
			checkText(t, st.ID, st.Number, st.Account)
			last := 0
			for _, e := range st.Entries {
				if e.Currency != st.Currency || e.Line <= last {
					t.Fatalf("entry %+v in statement %q (%s) after line %d", e, st.ID, st.Currency, last)
				}
				last = e.Line
				checkDate(t, e.BookingDate)
				checkDate(t, e.ValueDate)
				checkText(t, e.BankCode, e.BankRef, e.CustomerRef, e.EndToEndID, e.Remittance, e.Narrative, e.PayerName, e.PayerAcct)
			}
		}
	})
}

func checkDate(t *testing.T, d time.Time) {
	t.Helper()
	if d.IsZero() || d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 {
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
