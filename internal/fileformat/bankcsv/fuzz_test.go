package bankcsv

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

// FuzzParse checks that no input makes Parse panic, that failures are ims.ParseErrors within the cap,
// and that a file that parses gives a model that agrees with itself.
func FuzzParse(f *testing.F) {
	files, err := filepath.Glob(samples + "*.csv")
	if err != nil || len(files) == 0 {
		f.Fatalf("no samples in %s: %v", samples, err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, seed := range []string{
		"\xEF\xBB\xBFTransaction Date,Transaction Type,Sort Code,Account Number,Transaction Description,Debit Amount,Credit Amount,Balance\r\n05/09/2026,DD,'30-00-00,12345678,X,60.00,,\xA32940.00\r\n",
		"Number,Date,Account,Amount,Subcategory,Memo\n,31/02/2026,1,1.001,X,\"M\n",
		"01/09/2026,A,\"-1,000.00\"\n02/09/2026,B,x\n",
		"\n Date, Type, Description, Value, Balance, Account Name, Account Number\n01/09/2026,POS,x,-1,1,a,b\n01/09/2026,POS,x,1,2,a,c\n",
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
		if file.Format != Format || file.Profile == "" || len(file.Statements) != 1 {
			t.Fatalf("format %q profile %q with %d statements", file.Format, file.Profile, len(file.Statements))
		}
		st := file.Statements[0]
		for _, b := range []*ims.Balance{st.Opening, st.Closing} {
			if b != nil && (b.Currency != st.Currency || len(st.Entries) == 0) {
				t.Errorf("balance %+v in a %s statement of %d entries", b, st.Currency, len(st.Entries))
			}
		}
		prev := 0
		for _, e := range st.Entries {
			if e.Line <= prev || e.Currency != st.Currency {
				t.Errorf("entry %+v after line %d", e, prev)
			}
			prev = e.Line
			if e.BookingDate.Location() != time.UTC || e.BookingDate != e.BookingDate.Truncate(24*time.Hour) {
				t.Errorf("line %d: date %v is not midnight UTC", e.Line, e.BookingDate)
			}
			for _, s := range []string{e.Narrative, e.BankCode, e.Remittance} {
				if !utf8.ValidString(s) {
					t.Errorf("line %d: invalid UTF-8 %q", e.Line, s)
				}
			}
		}
	})
}
