package camt053

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ims-council/ims"
)

// samples holds the published camt.053 samples, in the repository's testdata (see its SOURCES.md).
const samples = "../../../testdata/samples/camt053/"

// wantStatement is what a person reading a sample file by hand finds in one Stmt.
type wantStatement struct {
	id, account, currency string
	entries               int
	credits, debits       int   // Ntry with CdtDbtInd CRDT and DBIT
	creditMinor           int64 // sum of credit amounts
	debitMinor            int64 // sum of debit amounts, positive
	opening, closing      string
	reconciles            bool // opening + credits - debits = closing (false when either is missing)
}

// TestSamples reads each real sample file. The expected figures were worked out by reading each
// file: counting its Ntry elements per Stmt, adding their Amt by CdtDbtInd, and taking the OPBD and
// CLBD balances; the expected problems by adding up each entry's TxDtls amounts and counting them
// against Btch/NbOfTxs.
func TestSamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file     string
		want     []wantStatement
		problems []string
	}{
		// Two statements for one IBAN that chain: 18.15 + 8.85 = 27.00, then 27.00 - 7.00 = 20.00.
		{"camt053-001-02_genkgo_two-statements.xml", []wantStatement{
			{"253EURNL26VAYB8060476890", "NL26VAYB8060476890", "EUR", 1, 1, 0, 885, 0, "OPBD 1815", "CLBD 2700", true},
			{"254EURNL26VAYB8060476890", "NL26VAYB8060476890", "EUR", 1, 0, 1, 0, 700, "OPBD 2700", "CLBD 2000", true},
		}, nil},
		// Version 08 with balances in four currencies: the closing balance (SEK, debit) cannot be
		// compared with the EUR opening, and the one TxDtls is in SEK under a EUR entry.
		{"camt053-001-08_genkgo_mixed-currency-balances.xml", []wantStatement{
			{"253EURNL26VAYB8060476890", "NL26VAYB8060476890", "EUR", 1, 1, 0, 885, 0, "OPBD 1815", "CLBD -2700", false},
		}, []string{
			"Document/BkToCstmrStmt/Stmt[1]/Ntry[1]: the transaction details (TxDtls) are in SEK but the entry is in EUR",
		}},
		// Finnish guideline sample: 6 credits 2000.00+500.00+3000.00+2120.00+5455.00+10000.00 and 4
		// debits 1000.12+4000.00+4230.05+200.00, as its TxsSummry says; 10000.00 + 23075.00 - 9430.17
		// = 23644.83. Five batches declare more transactions (NbOfTxs 4, 3, 2, 2, 2) than they list
		// (1, 0, 1, 1, 1): their details were reported elsewhere (camt.054).
		{"camt053-001-02_fffs-finland_batched-entries.xml", []wantStatement{
			{"BANKSTMTID0972009", "FI7433010001222090", "EUR", 10, 6, 4, 2307500, 943017, "OPBD 1000000", "CLBD 2364483", true},
		}, []string{
			"Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/NtryDtls[1]/Btch: the batch declares 4 transactions (NbOfTxs) but the entry lists 1 (TxDtls)",
			"Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/NtryDtls[1]/Btch: the batch declares 3 transactions (NbOfTxs) but the entry lists 0 (TxDtls)",
			"Document/BkToCstmrStmt/Stmt[1]/Ntry[4]/NtryDtls[1]/Btch: the batch declares 2 transactions (NbOfTxs) but the entry lists 1 (TxDtls)",
			"Document/BkToCstmrStmt/Stmt[1]/Ntry[5]/NtryDtls[1]/Btch: the batch declares 2 transactions (NbOfTxs) but the entry lists 1 (TxDtls)",
			"Document/BkToCstmrStmt/Stmt[1]/Ntry[6]/NtryDtls[1]/Btch: the batch declares 2 transactions (NbOfTxs) but the entry lists 1 (TxDtls)",
		}},
		// Only available balances (OPAV 2768.08, CLAV 0.00), so no booked opening or closing; four
		// debits 1.64 + 2734.58 + 30.16 + 1.7 = 2768.08.
		{"camt053-001-02_siauliu-bankas-lt_available-balances.xml", []wantStatement{
			{"201509302599406883", "LT007180000000000000", "EUR", 4, 0, 4, 0, 276808, "", "", false},
		}, nil},
		// PostFinance: credits 4.50 + 1500.00 + 1537.00 + 1692.22 and a debit of 77.70 on 211993.19
		// make 216649.21, the forward available balance; CLBD (215112.21) leaves out the 1537.00
		// value-dated the next day. The debit entry's TxDtls says CRDT.
		{"camt053-001-04_postfinance-ch.xml", []wantStatement{
			{"20201124375204229003973", "CH2909000000250094239", "CHF", 5, 4, 1, 473372, 7770, "OPBD 21199319", "CLBD 21511221", false},
		}, []string{
			"Document/BkToCstmrStmt/Stmt[1]/Ntry[2]: the transaction details (TxDtls) add up to 77.70 CHF but the entry amount is -77.70 CHF",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			sf := parseFile(t, samples+tt.file)
			if sf.Format != "camt053" {
				t.Errorf("Format = %q, want camt053", sf.Format)
			}
			if len(sf.Statements) != len(tt.want) {
				t.Fatalf("got %d statements, want %d", len(sf.Statements), len(tt.want))
			}
			for i, w := range tt.want {
				checkStatement(t, i, sf.Statements[i], w)
			}
			if len(sf.Problems) != len(tt.problems) {
				t.Errorf("got %d problems, want %d: %v", len(sf.Problems), len(tt.problems), sf.Problems)
			}
			for i := 0; i < len(sf.Problems) && i < len(tt.problems); i++ {
				if got := sf.Problems[i].Where + ": " + sf.Problems[i].Message; !strings.HasPrefix(got, tt.problems[i]) {
					t.Errorf("problem %d = %q\nwant %q", i, got, tt.problems[i])
				}
			}
		})
	}
}

func checkStatement(t *testing.T, i int, st ims.Statement, w wantStatement) {
	t.Helper()
	got := wantStatement{id: st.ID, account: st.Account, currency: st.Currency, entries: len(st.Entries)}
	for _, e := range st.Entries {
		if e.Minor >= 0 {
			got.credits++
			got.creditMinor += e.Minor
		} else {
			got.debits++
			got.debitMinor -= e.Minor
		}
	}
	balance := func(b *ims.Balance) string {
		if b == nil {
			return ""
		}
		return b.Type + " " + strconv.FormatInt(b.Minor, 10)
	}
	got.opening, got.closing = balance(st.Opening), balance(st.Closing)
	got.reconciles = st.Opening != nil && st.Closing != nil && st.Opening.Currency == st.Closing.Currency &&
		st.Opening.Minor+got.creditMinor-got.debitMinor == st.Closing.Minor
	if got != w {
		t.Errorf("statement %d:\n got %+v\nwant %+v", i, got, w)
	}
}

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

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// TestSampleDetails checks what a person importing the files relies on beyond the totals.
func TestSampleDetails(t *testing.T) {
	t.Parallel()
	v8 := parseFile(t, samples+"camt053-001-08_genkgo_mixed-currency-balances.xml").Statements[0]
	want := ims.Entry{
		Line: 110, BookingDate: day(2014, 12, 31), ValueDate: day(2015, 1, 2), Currency: "EUR", Minor: 885,
		Status: "BOOK", BankCode: "PMNT/RCDT/BOOK", BankRef: "AAAASESS-FP-CN_98765/01",
		EndToEndID: "MUELL/FINP/RA12345", Remittance: "4654654654654654", PayerName: "NAME NAME", PayerAcct: "NL56AGDH9619008421",
		Details: []ims.EntryDetail{{Currency: "SEK", EndToEndID: "MUELL/FINP/RA12345", Remittance: "4654654654654654",
			PayerName: "NAME NAME", PayerAcct: "NL56AGDH9619008421"}},
	}
	if diff := cmp.Diff(want, v8.Entries[0]); diff != "" {
		t.Errorf("version 08 entry (-want +got):\n%s", diff)
	}
	if v8.Closing.Currency != "SEK" || v8.OtherBalances[1].Type != "CLAV" || v8.OtherBalances[1].Currency != "JPY" || v8.OtherBalances[1].Minor != -2700 {
		t.Errorf("balances: closing %+v, others %+v", v8.Closing, v8.OtherBalances)
	}

	fi := parseFile(t, samples+"camt053-001-02_fffs-finland_batched-entries.xml").Statements[0]
	if fi.DeclaredCount == nil || *fi.DeclaredCount != 10 ||
		fi.DeclaredTotals == nil || *fi.DeclaredTotals != (ims.Total{CreditCount: 6, CreditMinor: 2307500, DebitCount: 4, DebitMinor: 943017}) {
		t.Errorf("declared count %v and totals %+v, want the TxsSummry's 10, 6/23075.00 and 4/9430.17", fi.DeclaredCount, fi.DeclaredTotals)
	}
	batch := fi.Entries[2]
	var amounts []int64
	var remittances []string
	for _, d := range batch.Details {
		amounts = append(amounts, d.Minor)
		remittances = append(remittances, d.Remittance)
	}
	if batch.Minor != -423005 || !cmp.Equal(amounts, []int64{-200002, -100001, -123002}) ||
		!cmp.Equal(remittances, []string{"3900", "Invoices 123 and 321", "217827182718"}) || batch.Remittance != "" {
		t.Errorf("batched entry %d with details %v %q", batch.Minor, amounts, remittances)
	}
	if got := fi.OtherBalances; len(got) != 2 || got[0].Type != "PRCD" || got[1].Type != "CLAV" {
		t.Errorf("other balances = %+v, want PRCD and CLAV", got)
	}
}
