package camt053

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ims-council/ims"
)

// doc wraps statements in a camt.053 document of the given version ("02" … "08").
func doc(version string, stmts ...string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.` + version + `">
<BkToCstmrStmt>
<GrpHdr><MsgId>M1</MsgId><CreDtTm>2024-01-31T18:00:00Z</CreDtTm></GrpHdr>
` + strings.Join(stmts, "\n") + `
</BkToCstmrStmt>
</Document>
`
}

// stmt is a GBP statement with an opening balance of 100.00 and the given entries and extras.
func stmt(body ...string) string {
	return `<Stmt><Id>S1</Id><ElctrncSeqNb>7</ElctrncSeqNb><CreDtTm>2024-01-31T18:00:00+01:00</CreDtTm>
<Acct><Id><IBAN>GB29NWBK60161331926819</IBAN></Id><Ccy>GBP</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="GBP">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-01-30</Dt></Dt></Bal>
` + strings.Join(body, "\n") + `
</Stmt>`
}

// ntry is an entry with the given amount, indicator and inner elements.
func ntry(amt, ind string, inner ...string) string {
	return `<Ntry><Amt Ccy="GBP">` + amt + `</Amt><CdtDbtInd>` + ind + `</CdtDbtInd><Sts>BOOK</Sts>` +
		`<BookgDt><Dt>2024-01-31</Dt></BookgDt>` + strings.Join(inner, "") + `</Ntry>`
}

func parseString(t *testing.T, s string) (*ims.StatementFile, ims.ParseErrors) {
	t.Helper()
	sf, err := Parse(strings.NewReader(s))
	if err == nil {
		if sf == nil {
			t.Fatal("Parse returned neither a file nor an error")
		}
		return sf, nil
	}
	if sf != nil {
		t.Errorf("Parse returned a file together with an error")
	}
	var pe ims.ParseErrors
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not ims.ParseErrors", err, err)
	}
	return nil, pe
}

func TestEntries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		version string
		entry   string
		check   func(e ims.Entry) bool
	}{
		{"credit", "02", ntry("12.34", "CRDT"), func(e ims.Entry) bool {
			return e.Minor == 1234 && e.Currency == "GBP" && e.Status == "BOOK" && e.BookingDate.Equal(day(2024, 1, 31)) && e.ValueDate.IsZero()
		}},
		{"debit", "02", ntry("5", "DBIT"), func(e ims.Entry) bool { return e.Minor == -500 }},
		// A reversal is booked in the direction its indicator gives: here money goes out again.
		{"reversal of a credit", "02", ntry("5.00", "DBIT", "<RvslInd>true</RvslInd>"), func(e ims.Entry) bool {
			return e.Minor == -500 && e.Reversal
		}},
		{"status as a code from version 05", "08", strings.Replace(ntry("1.00", "CRDT"), "<Sts>BOOK</Sts>", "<Sts><Cd>PDNG</Cd></Sts>", 1),
			func(e ims.Entry) bool { return e.Status == "PDNG" }},
		{"booking date and time in its own zone", "04", strings.Replace(ntry("1.00", "CRDT"), "<Dt>2024-01-31</Dt>", "<DtTm>2024-01-31T23:30:00-05:00</DtTm>", 1),
			func(e ims.Entry) bool { return e.BookingDate.Equal(day(2024, 1, 31)) }},
		{"proprietary bank code", "02", ntry("1.00", "CRDT", "<AcctSvcrRef>BR1</AcctSvcrRef><BkTxCd><Prtry><Cd>99</Cd></Prtry></BkTxCd><AddtlNtryInf>BGC</AddtlNtryInf>"),
			func(e ims.Entry) bool { return e.BankCode == "99" && e.BankRef == "BR1" && e.Narrative == "BGC" }},
		{"one transaction's details", "02", ntry("25.00", "CRDT", `<NtryDtls><TxDtls><Refs><EndToEndId>E2E</EndToEndId></Refs>
			<RltdPties><Dbtr><Nm>J Smith</Nm></Dbtr><DbtrAcct><Id><IBAN>GB33BUKB20201555555555</IBAN></Id></DbtrAcct></RltdPties>
			<RmtInf><Ustrd>COUNCIL TAX</Ustrd><Ustrd>12345678</Ustrd></RmtInf></TxDtls></NtryDtls>`),
			func(e ims.Entry) bool {
				return e.EndToEndID == "E2E" && e.PayerName == "J Smith" && e.PayerAcct == "GB33BUKB20201555555555" &&
					e.Remittance == "COUNCIL TAX 12345678" && len(e.Details) == 1 && e.Details[0].Minor == 0
			}},
		{"debtor as a party from version 08", "08", ntry("25.00", "CRDT", `<NtryDtls><TxDtls><Amt Ccy="GBP">25.00</Amt>
			<RltdPties><Dbtr><Pty><Nm>A Payer</Nm></Pty></Dbtr><DbtrAcct><Id><Othr><Id>12345678</Id></Othr></Id></DbtrAcct></RltdPties>
			<RmtInf><Strd><CdtrRefInf><Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls>`),
			func(e ims.Entry) bool {
				return e.PayerName == "A Payer" && e.PayerAcct == "12345678" && e.Remittance == "RF18539007547034" && e.Details[0].Minor == 2500
			}},
		{"batch of two", "04", ntry("30.00", "CRDT", `<NtryDtls><Btch><NbOfTxs>2</NbOfTxs></Btch>
			<TxDtls><Amt Ccy="GBP">10.00</Amt><RmtInf><Ustrd>A</Ustrd></RmtInf></TxDtls>
			<TxDtls><Amt Ccy="GBP">20.00</Amt><RmtInf><Ustrd>B</Ustrd></RmtInf></TxDtls></NtryDtls>`),
			func(e ims.Entry) bool {
				return e.Minor == 3000 && len(e.Details) == 2 && e.Details[0].Minor == 1000 && e.Details[1].Remittance == "B" && e.Remittance == ""
			}},
		{"zero amount is an entry", "02", ntry("0.00", "CRDT"), func(e ims.Entry) bool { return e.Minor == 0 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sf, errs := parseString(t, doc(tt.version, stmt(tt.entry)))
			if errs != nil {
				t.Fatalf("Parse: %v", errs)
			}
			es := sf.Statements[0].Entries
			if len(es) != 1 || es[0].Line == 0 || !tt.check(es[0]) {
				t.Errorf("entries = %+v", es)
			}
			if len(sf.Problems) != 0 {
				t.Errorf("problems = %v", sf.Problems)
			}
		})
	}
}

func TestStatement(t *testing.T) {
	t.Parallel()
	text := doc("02", stmt(
		`<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="GBP">12.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><Dt><Dt>2024-01-31</Dt></Dt></Bal>`,
		`<Bal><Tp><CdOrPrtry><Cd>CLAV</Cd></CdOrPrtry></Tp><Amt Ccy="GBP">0</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><DtTm>2024-01-31T23:59:59</DtTm></Dt></Bal>`,
		ntry("1.00", "CRDT")), stmt(ntry("2.00", "DBIT")))
	sf, errs := parseString(t, text)
	if errs != nil {
		t.Fatalf("Parse: %v", errs)
	}
	if len(sf.Statements) != 2 {
		t.Fatalf("got %d statements, want 2", len(sf.Statements))
	}
	st := sf.Statements[0]
	if st.ID != "S1" || st.Number != "7" || st.Account != "GB29NWBK60161331926819" || st.Currency != "GBP" ||
		st.CreatedAt.Format("2006-01-02T15:04:05Z07:00") != "2024-01-31T17:00:00Z" {
		t.Errorf("statement = %+v", st)
	}
	if st.Opening.Minor != 10000 || !st.Opening.Date.Equal(day(2024, 1, 30)) || st.Closing.Minor != -1250 || st.Closing.Type != "CLBD" ||
		len(st.OtherBalances) != 1 || st.OtherBalances[0].Type != "CLAV" {
		t.Errorf("balances: opening %+v, closing %+v, others %+v", st.Opening, st.Closing, st.OtherBalances)
	}
	if sf.Statements[1].Entries[0].Line <= st.Entries[0].Line {
		t.Errorf("entry lines %d then %d; want increasing", st.Entries[0].Line, sf.Statements[1].Entries[0].Line)
	}
}

// TestDeclaredFigures: what the file declares about itself is kept, and each disagreement is
// reported with both figures while the file still parses.
func TestDeclaredFigures(t *testing.T) {
	t.Parallel()
	summary := `<TxsSummry><TtlNtries><NbOfNtries>3</NbOfNtries><Sum>13.00</Sum><TtlNetNtryAmt>8.00</TtlNetNtryAmt><CdtDbtInd>CRDT</CdtDbtInd></TtlNtries>
		<TtlCdtNtries><NbOfNtries>1</NbOfNtries><Sum>10.00</Sum></TtlCdtNtries><TtlDbtNtries><NbOfNtries>1</NbOfNtries><Sum>2.00</Sum></TtlDbtNtries></TxsSummry>`
	text := doc("02", stmt(summary, ntry("10.00", "CRDT"), ntry("3.00", "DBIT",
		`<NtryDtls><Btch><NbOfTxs>3</NbOfTxs><TtlAmt Ccy="GBP">3.50</TtlAmt></Btch><TxDtls><AmtDtls><TxAmt><Amt Ccy="GBP">1.00</Amt></TxAmt></AmtDtls></TxDtls>`+
			`<TxDtls><AmtDtls><TxAmt><Amt Ccy="GBP">1.50</Amt></TxAmt></AmtDtls></TxDtls></NtryDtls>`)))
	sf, errs := parseString(t, text)
	if errs != nil {
		t.Fatalf("Parse: %v", errs)
	}
	st := sf.Statements[0]
	if st.DeclaredCount == nil || *st.DeclaredCount != 3 || st.DeclaredTotals == nil ||
		*st.DeclaredTotals != (ims.Total{CreditCount: 1, CreditMinor: 1000, DebitCount: 1, DebitMinor: 200}) {
		t.Errorf("declared count %v, totals %+v", st.DeclaredCount, st.DeclaredTotals)
	}
	// The entries: 10.00 in, 3.00 out (two entries, 13.00 in all, 7.00 net); the batch lists 2 of
	// its 3 transactions, 2.50 of the entry's 3.00, against a batch total of 3.50.
	want := []string{
		"Stmt[1]/Ntry[2]/NtryDtls[1]/Btch: the batch declares 3 transactions (NbOfTxs) but the entry lists 2 (TxDtls)",
		"Stmt[1]/Ntry[2]/NtryDtls[1]/Btch: the batch total (TtlAmt) is -3.50 GBP but the entry amount is -3.00 GBP",
		"Stmt[1]/Ntry[2]: the transaction details (TxDtls) add up to -2.50 GBP but the entry amount is -3.00 GBP",
		"Stmt[1]/TxsSummry: number of entries (TtlNtries/NbOfNtries): the summary declares 3 but the statement holds 2",
		"Stmt[1]/TxsSummry: net amount of the entries (TtlNtries): the summary declares 8.00 GBP but the entries come to 7.00 GBP",
		"Stmt[1]/TxsSummry: sum of debit entries (TtlDbtNtries/Sum): the summary declares 2.00 GBP but the entries add up to 3.00 GBP",
	}
	var got []string
	for _, p := range sf.Problems {
		got = append(got, strings.TrimPrefix(p.Where, "Document/BkToCstmrStmt/")+": "+p.Message)
	}
	if len(got) != len(want) {
		t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || strings.HasPrefix(g, w)
		}
		if !found {
			t.Errorf("missing problem %q in\n%s", w, strings.Join(got, "\n"))
		}
	}
}

// TestZeroEntriesCountAsCredits: a zero amount counts as a credit in TxsSummry's check as in the
// summary, whatever its indicator; a bank that counted it as a debit is told why the counts differ.
func TestZeroEntriesCountAsCredits(t *testing.T) {
	t.Parallel()
	summary := func(credits, debits int) string {
		return fmt.Sprintf(`<TxsSummry><TtlCdtNtries><NbOfNtries>%d</NbOfNtries><Sum>10.00</Sum></TtlCdtNtries>`+
			`<TtlDbtNtries><NbOfNtries>%d</NbOfNtries><Sum>2.00</Sum></TtlDbtNtries></TxsSummry>`, credits, debits)
	}
	entries := []string{ntry("10.00", "CRDT"), ntry("2.00", "DBIT"), ntry("0.00", "DBIT")}

	sf, errs := parseString(t, doc("02", stmt(append([]string{summary(2, 1)}, entries...)...)))
	if errs != nil || len(sf.Problems) != 0 {
		t.Fatalf("a summary counting the zero entry as a credit: errors %v, problems %v; want none", errs, sf.Problems)
	}
	if tot := sf.Statements[0].TotalIn("GBP"); tot.CreditCount != 2 || tot.DebitCount != 1 {
		t.Errorf("tally %+v; want 2 credits (one of them zero) and 1 debit", tot)
	}

	sf, _ = parseString(t, doc("02", stmt(append([]string{summary(1, 2)}, entries...)...)))
	var got []string
	for _, p := range sf.Problems {
		got = append(got, p.Message)
	}
	want := []string{
		"number of credit entries (TtlCdtNtries/NbOfNtries): the summary declares 1 but the statement holds 2 (1 entry of amount zero marked DBIT, which IMS counts as credits)",
		"number of debit entries (TtlDbtNtries/NbOfNtries): the summary declares 2 but the statement holds 1 (1 entry of amount zero marked DBIT, which IMS counts as credits)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestBadInput: every kind of bad input is refused with the line, the element's path and a reason.
func TestBadInput(t *testing.T) {
	t.Parallel()
	entryPath := "Document/BkToCstmrStmt/Stmt[1]/Ntry[1]"
	tests := []struct {
		name string
		text string
		line int
		path string
		want string
	}{
		{"MT940 file", ":20:REF\n:25:123\n", 1, "", `not a camt.053 file: expected XML starting with '<', found ":20:REF`},
		{"empty file", "", 1, "", "not a camt.053 file"},
		{"other message", strings.Replace(doc("02", stmt()), "camt.053.001.02", "camt.052.001.02", 1), 2, "Document",
			`the namespace is "urn:iso:std:iso:20022:tech:xsd:camt.052.001.02"; expected urn:iso:std:iso:20022:tech:xsd:camt.053.001.02 to`},
		{"later version", doc("10", stmt()), 2, "Document", "camt.053 version 001.10"},
		{"other root", `<?xml version="1.0"?><html><body/></html>`, 1, "", "expected an ISO 20022 <Document> element, found <html>"},
		{"cut short", doc("02", stmt(ntry("1.00", "CRDT")))[:400], 0, "", "the file may have been cut short"},
		{"not UTF-8", doc("02", stmt(ntry("1.00", "CRDT", "<AddtlNtryInf>\xa3</AddtlNtryInf>"))), 8, "", "not valid UTF-8"},
		{"too many decimals", doc("02", stmt(ntry("1.234", "CRDT"))), 8, entryPath + "/Amt", `amount "1.234" has 3 decimal places but GBP has 2`},
		{"decimals in yen", doc("02", stmt(strings.Replace(ntry("100.5", "CRDT"), "GBP", "JPY", 1))), 8, entryPath + "/Amt", "JPY has 0"},
		{"negative amount", doc("02", stmt(ntry("-1.00", "CRDT"))), 8, entryPath + "/Amt", "is not a decimal number"},
		{"no currency", doc("02", stmt(strings.Replace(ntry("1.00", "CRDT"), ` Ccy="GBP"`, "", 1))), 8, entryPath + "/Amt", "has no currency"},
		{"unknown currency", doc("02", stmt(strings.Replace(ntry("1.00", "CRDT"), "GBP", "XYZ", 1))), 8, entryPath + "/Amt", `unknown currency code "XYZ"`},
		{"bad indicator", doc("02", stmt(ntry("1.00", "CR"))), 8, entryPath + "/CdtDbtInd", `"CR" is not CRDT or DBIT`},
		{"no indicator", doc("02", stmt(strings.Replace(ntry("1.00", "CRDT"), "<CdtDbtInd>CRDT</CdtDbtInd>", "", 1))), 8, entryPath + "/CdtDbtInd", "is missing"},
		{"date that does not exist", doc("02", stmt(strings.Replace(ntry("1.00", "CRDT"), "2024-01-31", "2023-02-29", 1))), 8, entryPath + "/BookgDt", `date "2023-02-29" does not exist`},
		{"bad reversal indicator", doc("02", stmt(ntry("1.00", "CRDT", "<RvslInd>maybe</RvslInd>"))), 8, entryPath + "/RvslInd", `"maybe" is not true or false`},
		{"unexpected element", strings.Replace(doc("02", stmt()), "<GrpHdr>", "<Foo/><GrpHdr>", 1), 4, "Document/BkToCstmrStmt/Foo", "unexpected element <Foo>"},
		{"no statement", doc("02"), 7, "Document", "holds no statement"},
		{"no account", doc("02", strings.Replace(stmt(), "<Acct><Id><IBAN>GB29NWBK60161331926819</IBAN></Id><Ccy>GBP</Ccy></Acct>", "", 1)), 9, "Document/BkToCstmrStmt/Stmt[1]", "no account (Acct)"},
		{"unknown account currency", doc("02", strings.Replace(stmt(), "<Ccy>GBP</Ccy>", "<Ccy>ABC</Ccy>", 1)), 6, "Document/BkToCstmrStmt/Stmt[1]/Acct/Ccy", `unknown currency code "ABC"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := parseString(t, tt.text)
			if len(errs) == 0 {
				t.Fatal("Parse succeeded; want an error")
			}
			e := errs[0]
			if (tt.line > 0 && e.Line != tt.line) || e.Column != tt.path || !strings.Contains(e.Message, tt.want) {
				t.Errorf("first error = line %d, path %q: %q\nwant line %d, path %q containing %q", e.Line, e.Column, e.Message, tt.line, tt.path, tt.want)
			}
		})
	}
}

func TestTolerated(t *testing.T) {
	t.Parallel()
	clean := doc("02", stmt(ntry("1.00", "CRDT", "<AddtlNtryInf>RENT</AddtlNtryInf>")))
	variants := map[string]string{
		"byte order mark":  "\ufeff" + clean,
		"CRLF":             strings.ReplaceAll(clean, "\n", "\r\n"),
		"trailing blanks":  clean + "\n\n  \n",
		"namespace prefix": strings.NewReplacer("<Document xmlns=", "<c:Document xmlns:c=", "</Document>", "</c:Document>").Replace(clean),
		"comments":         strings.Replace(clean, "<BkToCstmrStmt>", "<!-- a note --><BkToCstmrStmt>", 1) + "<!-- end -->\n",
	}
	for name, text := range variants {
		t.Run(name, func(t *testing.T) {
			sf, errs := parseString(t, text)
			if errs != nil {
				t.Fatalf("Parse: %v", errs)
			}
			if e := sf.Statements[0].Entries; len(e) != 1 || e[0].Minor != 100 || e[0].Narrative != "RENT" {
				t.Errorf("entries = %+v", e)
			}
		})
	}
}

func TestLatin1(t *testing.T) {
	t.Parallel()
	text := strings.Replace(doc("02", stmt(ntry("1.00", "CRDT", "<AddtlNtryInf>PAID \xa35 \x80</AddtlNtryInf>"))), `encoding="UTF-8"`, `encoding="ISO-8859-1"`, 1)
	sf, errs := parseString(t, text)
	if errs != nil {
		t.Fatalf("Parse: %v", errs)
	}
	if got := sf.Statements[0].Entries[0].Narrative; got != "PAID £5 €" || !utf8.ValidString(got) {
		t.Errorf("narrative = %q, want %q", got, "PAID £5 €")
	}
}

func TestErrorsAreCollected(t *testing.T) {
	t.Parallel()
	entries := make([]string, 150)
	for i := range entries {
		entries[i] = ntry("1.001", "CRDT")
	}
	_, errs := parseString(t, doc("02", stmt(entries...)))
	if len(errs) != ims.MaxParseErrors {
		t.Fatalf("got %d errors, want %d", len(errs), ims.MaxParseErrors)
	}
	for i, e := range errs[:3] {
		if want := fmt.Sprintf("Document/BkToCstmrStmt/Stmt[1]/Ntry[%d]/Amt", i+1); e.Column != want {
			t.Errorf("error %d at %q, want %q", i, e.Column, want)
		}
	}
}

func TestSniff(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		doc("02", stmt()):            true,
		"\ufeff" + doc("08", stmt()): true,
		doc("10", stmt()):            true, // refused by Parse, with the version named
		strings.Replace(doc("02", stmt()), "camt.053", "camt.054", 1): false,
		`<?xml version="1.0"?><html/>`:                                false,
		":20:REF\n":                                                   false,
		"":                                                            false,
	}
	for head, want := range tests {
		if got := Sniff([]byte(head)); got != want {
			t.Errorf("Sniff(%.60q) = %v, want %v", head, got, want)
		}
	}
}
