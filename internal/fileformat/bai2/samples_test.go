package bai2

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
)

// samples holds the published BAI2 samples, in the repository's testdata (see its SOURCES.md).
const samples = "../../../testdata/samples/bai2/"

// wantAccount is what a person reading a sample file by hand finds in one 03 account.
type wantAccount struct {
	account, currency string
	entries           int
	credits, debits   int   // 16 records with a credit (100–399) and a debit (400–699) type code
	creditMinor       int64 // sum of the credit amounts
	debitMinor        int64 // sum of the debit amounts
	opening, closing  string
	reconciles        bool // opening + credits - debits = closing (false when either is missing)
}

// TestSamples reads each real sample file. The expected figures were worked out by reading each file:
// counting the 16 records of each 03 account, adding their amounts by the range of their type code,
// and taking the 010 (opening ledger) and 015 (closing ledger) amounts of the 03 and its 88s. The
// expected problems were found by adding up by hand every amount in each account's 03 and 16
// records and counting its records, and comparing with the 49, 98 and 99 trailers.
func TestSamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file     string
		want     []wantAccount
		problems []string // a part of each expected problem, in order
	}{
		// Two sections of one CAD account with only available balances (040/045, zero): credits 108
		// 2035,00+25,00+25,00 and debits 409 25,00+900,00+5,00+200,00+900,00+20,00+25,00+10,00 on
		// 16 March; 115,00+1000,00 in and 1000,00+90,00+20,00+5,00 out on 17 March. Trailers match.
		{"bai2_cad-two-accounts_moov.bai2", []wantAccount{
			{"10200123456", "CAD", 11, 3, 8, 208500, 208500, "", "", false},
			{"10200123456", "CAD", 6, 2, 4, 111500, 111500, "", "", false},
		}, nil},
		// One Faster Payments credit of 0.01 between an opening and closing ledger of 100.00 each:
		// the balances do not move with the credit. Trailers match (20001 = 10000+10000+1).
		{"bai2_citi-uk-gbp-faster-payment_moj.bai2", []wantAccount{
			{"77777777", "GBP", 1, 1, 0, 1, 0, "10000", "10000", false},
		}, nil},
		// NatWest: 0.89 in (399), 9.71+1.00+1.23+15.71 out (699); 365.21 + 0.89 - 27.65 = 338.45.
		{"bai2_natwest-uk-gbp_moj.bai2", []wantAccount{
			{"88888888 600004", "GBP", 5, 1, 4, 89, 2765, "36521", "33845", true},
		}, nil},
		// SVB: one ACH credit a day; 347269.79 + 4901.96 = 352171.75, then + 9058.00 = 361229.75.
		{"bai2_svb-us-two-groups_moj.bai2", []wantAccount{
			{"1234567890", "USD", 1, 1, 0, 490196, 0, "34726979", "35217175", true},
			{"1234567890", "USD", 1, 1, 0, 905800, 0, "35217175", "36122975", true},
		}, nil},
		// The specification's example: no currency anywhere, so USD; opening ledgers only. The 100
		// and 400 summaries of two accounts do not match their 16 records (10000.00 credits
		// declared against one 5000.00 detail, and so on), and the fourth group is a correction.
		{"bai2_multi-group-funds-types_moov.bai2", []wantAccount{
			{"0123456789", "USD", 1, 1, 0, 450000, 0, "4350000", "", false},
			{"9876543210", "USD", 1, 1, 0, 500000, 0, "-500000", "", false},
			{"4589761203", "USD", 2, 2, 0, 30000000, 0, "10000000", "", false},
			{"0975312468", "USD", 0, 0, 0, 0, 0, "500000", "", false},
			{"7890654321", "USD", 0, 0, 0, 0, 0, "800000", "", false},
		}, []string{
			"line 7: account 9876543210: total credits (type code 100) is 1000000 but the credit transaction details add up to 500000",
			"line 7: account 9876543210: total debits (type code 400) is 2000000 but the debit transaction details add up to 0",
			"line 14: account 4589761203: total credits (type code 100) is 60000000 but the credit transaction details add up to 30000000",
			"line 14: account 4589761203: total debits (type code 400) is 50000000 but the debit transaction details add up to 0",
			"line 26: the group is marked as a correction of data sent before (group status 3)",
		}},
		// Goldman Sachs style, edited: account 107049932 (lines 5–22, 18 records) holds 060
		// 68658.98 + 100 19.12 + 600.00 + 1435.00 + 9286.50 = 79999.60 but its 49 says
		// -12601613417.62 and 26 records; account 104108339 (lines 23–110, 88 records) holds
		// 6669178.18 but its 49 says 68697.22 and 8 records. The group (lines 2–115) has 5 accounts
		// and 114 records, the file 116 records, and 130532554.40 + 79999.60 + 6669178.18 =
		// 137282432.18 in all, where 98 and 99 say 130601951.62. The 100/400 summaries do not
		// match the details either; and 104108339's ledger balances do not reconcile.
		{"bai2_goldman-style-continuations_moov.bai2", []wantAccount{
			{"107049924", "USD", 0, 0, 0, 0, 0, "", "", false},
			{"107049932", "USD", 3, 1, 2, 143500, 988650, "", "", false},
			{"104108339", "USD", 14, 8, 6, 457231, 30360405, "159581194", "159381194", false},
			{"260000033037", "USD", 0, 0, 0, 0, 0, "", "", false},
			{"280000010657", "USD", 0, 0, 0, 0, 0, "", "", false},
		}, []string{
			"line 22: account trailer (49) control total is -1260161341762 but the amounts in the account's 03 and 16 records add up to 7999960",
			"line 22: account trailer (49) number of records is 26 but the account has, from its 03 to this 49 18",
			"line 5: account 107049932: total credits (type code 100) is 1912 but the credit transaction details add up to 143500",
			"line 5: account 107049932: total debits (type code 400) is 0 but the debit transaction details add up to 988650",
			"line 5: account 107049932: total debits (type code 400) counts 0 items but there are 2 debit transaction details",
			"line 110: account trailer (49) control total is 6869722 but the amounts in the account's 03 and 16 records add up to 666917818",
			"line 110: account trailer (49) number of records is 8 but the account has, from its 03 to this 49 88",
			"line 23: account 104108339: total credits (type code 100) is 0 but the credit transaction details add up to 457231",
			"line 23: account 104108339: total credits (type code 100) counts 0 items but there are 8 credit transaction details",
			"line 23: account 104108339: total debits (type code 400) is 200000 but the debit transaction details add up to 30360405",
			"line 23: account 104108339: total debits (type code 400) counts 1 items but there are 6 debit transaction details",
			"line 115: group trailer (98) control total is 13060195162 but the amounts in its accounts add up to 13728243218",
			"line 115: group trailer (98) number of accounts is 4 but the group holds 5",
			"line 115: group trailer (98) number of records is 16 but the group has, from its 02 to this 98 114",
			"line 116: file trailer (99) control total is 13060195162 but the amounts in the file add up to 13728243218",
			"line 116: file trailer (99) number of records is 18 but the file has, from 01 to 99 116",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			sf := parseFile(t, samples+tt.file)
			if sf.Format != "bai2" {
				t.Errorf("Format = %q, want bai2", sf.Format)
			}
			if len(sf.Statements) != len(tt.want) {
				t.Fatalf("got %d statements, want %d", len(sf.Statements), len(tt.want))
			}
			for i, w := range tt.want {
				checkAccount(t, i, sf.Statements[i], w)
			}
			if len(sf.Problems) != len(tt.problems) {
				t.Errorf("got %d problems, want %d: %v", len(sf.Problems), len(tt.problems), sf.Problems)
			}
			for i := 0; i < len(sf.Problems) && i < len(tt.problems); i++ {
				if got := sf.Problems[i].Where + ": " + sf.Problems[i].Message; !strings.Contains(got, tt.problems[i]) {
					t.Errorf("problem %d = %q, want %q", i, got, tt.problems[i])
				}
			}
		})
	}
}

func checkAccount(t *testing.T, i int, st ims.Statement, w wantAccount) {
	t.Helper()
	got := wantAccount{account: st.Account, currency: st.Currency, entries: len(st.Entries)}
	for _, e := range st.Entries {
		if e.Currency != st.Currency {
			t.Errorf("statement %d line %d: entry currency %q, statement %q", i, e.Line, e.Currency, st.Currency)
		}
		if e.Minor >= 0 {
			got.credits++
			got.creditMinor += e.Minor
		} else {
			got.debits++
			got.debitMinor -= e.Minor
		}
	}
	if st.Opening != nil {
		got.opening = itoa(st.Opening.Minor)
	}
	if st.Closing != nil {
		got.closing = itoa(st.Closing.Minor)
	}
	got.reconciles = st.Opening != nil && st.Closing != nil &&
		st.Opening.Minor+got.creditMinor-got.debitMinor == st.Closing.Minor
	if got != w {
		t.Errorf("statement %d:\n got %+v\nwant %+v", i, got, w)
	}
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

func parseFile(t *testing.T, path string) *ims.StatementFile {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sf, err := Parse(f)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return sf
}

// TestSampleDetails checks what a person importing the files relies on beyond the totals.
func TestSampleDetails(t *testing.T) {
	t.Parallel()
	citi := parseFile(t, samples+"bai2_citi-uk-gbp-faster-payment_moj.bai2").Statements[0]
	e := citi.Entries[0]
	if e.Line != 4 || e.BankCode != "191" || !e.ValueDate.Equal(time.Date(2015, 7, 15, 0, 0, 0, 0, time.UTC)) ||
		!e.BookingDate.Equal(time.Date(2015, 7, 15, 0, 0, 0, 0, time.UTC)) ||
		e.BankRef != "1234567890" || e.CustomerRef != "RP12312312312312" ||
		!strings.HasPrefix(e.Narrative, "FR:FP SIP INCOMING ENDT:20150715") || !strings.Contains(e.Narrative, "BO:11111111 BO1:DOE JO") {
		t.Errorf("Citi entry = %+v", e)
	}

	natwest := parseFile(t, samples+"bai2_natwest-uk-gbp_moj.bai2").Statements[0]
	if want := time.Date(2010, 2, 15, 14, 59, 35, 0, time.UTC); !natwest.CreatedAt.Equal(want) {
		t.Errorf("CreatedAt = %v, want %v (01 record, time written 14:59:35)", natwest.CreatedAt, want)
	}
	if d := natwest.DeclaredTotals; d == nil || *d != (ims.Total{CreditCount: 1, CreditMinor: 89, DebitCount: 4, DebitMinor: 2765}) || *natwest.DeclaredCount != 5 {
		t.Errorf("declared totals = %+v, want 1 credit of 89 and 4 debits of 2765 (type codes 100 and 400)", d)
	}
	var types []string
	for _, b := range natwest.OtherBalances {
		types = append(types, b.Type)
	}
	if strings.Join(types, " ") != "045 040 072 074 075" {
		t.Errorf("other balances %v, want the status codes 045 040 072 074 075", types)
	}
	if got := natwest.Entries[4].Narrative; got != "TFR XBANKGO24007680SJ CAT JPY 2 GBPXBANKGO24007680BGC INTERNATIONAL-5373 CLIE NT SECCY AC TFR" {
		t.Errorf("text over two 88 records = %q", got)
	}

	goldman := parseFile(t, samples+"bai2_goldman-style-continuations_moov.bai2").Statements[2]
	e = goldman.Entries[7] // the RTP incoming payment, the eighth 16 record of the account
	if e.Minor != 50050 || e.EndToEndID != "RTR60880840833" || e.Remittance != "Test Remittance" ||
		e.PayerName != "SAMPLE INC" || e.PayerAcct != "02122056789012205" ||
		!strings.HasPrefix(e.Narrative, `RTP Incoming,From: SAMPLE INC, Remittance Info: "Test Remittance"`) {
		t.Errorf("Goldman keyed entry = %+v", e)
	}
}
