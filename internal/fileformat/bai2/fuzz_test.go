package bai2

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
// consistent: at least one account, every problem naming one of them or the file (0), every entry
// in its account's currency and signed by its type code, every date a calendar date, and no invalid
// UTF-8 anywhere.
func FuzzParse(f *testing.F) {
	paths, _ := filepath.Glob(samples + "*")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(good))
	f.Add([]byte(strings.Replace(good, "16,195,2500,,BANKREF,CUSTREF,COUNCIL TAX 1234/",
		"16,195,2500,D,2,0,2000,1,500,BR,CR,TEXT/\n88,MORE\n16,475,1,S,0,1,0,,,/\n16,890,,,,,NOTE", 1)))
	f.Add([]byte(strings.Replace(good, "03,12345678,,010,10000,,,015,12500,,/", "03,1,JPY,010,-5,,,190/\n88,7,3,V,240101,,110,5,1,D,1,0,5/", 1)))
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
			if p.Statement < 0 || p.Statement > len(sf.Statements) || p.Message == "" {
				t.Fatalf("problem %+v in a file of %d accounts", p, len(sf.Statements))
			}
		}
		for _, st := range sf.Statements {
			checkText(t, st.Account, st.Currency)
			for _, b := range append(st.OtherBalances, derefs(st.Opening, st.Closing)...) {
				if b.Currency != st.Currency {
					t.Fatalf("balance %+v in an account in %s", b, st.Currency)
				}
				checkDate(t, b.Date)
			}
			last := 0
			for _, e := range st.Entries {
				k, err := classify(e.BankCode)
				if err != nil || e.Currency != st.Currency || e.Line <= last ||
					(k == credit && e.Minor < 0) || (k == debit && e.Minor > 0) || (k != credit && k != debit && e.Minor != 0) {
					t.Fatalf("entry %+v in account %q (%s) after line %d", e, st.Account, st.Currency, last)
				}
				last = e.Line
				checkDate(t, e.BookingDate)
				if !e.ValueDate.IsZero() {
					checkDate(t, e.ValueDate)
				}
				checkText(t, e.BankCode, e.BankRef, e.CustomerRef, e.EndToEndID, e.Remittance, e.Narrative, e.PayerName, e.PayerAcct)
			}
		}
	})
}

func derefs(bs ...*ims.Balance) []ims.Balance {
	var out []ims.Balance
	for _, b := range bs {
		if b != nil {
			out = append(out, *b)
		}
	}
	return out
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
