package admin_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/money"
)

// postPayment posts one payment line as a cashier would and returns its receipt number.
func postPayment(t *testing.T, db *sqldb.DB, fund, ref, narrative, last4 string, amount money.Pence) string {
	t.Helper()
	po, err := ledger.New(db).Post(context.Background(), ims.System(), ims.NewPosting{Kind: ims.PostingManual, Source: ims.SourceStaff,
		Office: "CO", Entries: []ims.NewLedgerEntry{{Kind: ims.EntryPayment, Fund: fund, Reference: ref, MOP: "1", Amount: amount,
			Narrative: narrative, CardBrand: "visa", CardFirst6: "424242", CardLast4: last4}}})
	if err != nil {
		t.Fatal(err)
	}
	return po.ReceiptNumber
}

// A clerk of the sundry fund group searches, sorts, pages and exports their funds' transactions and
// opens a receipt and its VAT receipt; another group's payment is never found, opened or exported;
// a spreadsheet formula in the ledger reaches the CSV defused.
func TestTransactionPages(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := serve(t, db, config.Config{})
		demotest.Council(t, db)
		s.addUserWithGroups("clerk@council.example", []string{"sundry"}, ims.TransactionList, ims.TransactionDetails)
		s.addUserWithGroups("finance@council.example", []string{"all"}, ims.Finance)

		hall := postPayment(t, db, "13", "HALL1", "Hall hire", "4242", 5000)
		postPayment(t, db, "19", "=HYPERLINK(\"http://x.example\")", "+cmd|' /C calc'!A0", "", 1250)
		for i := range 60 {
			postPayment(t, db, "19", "INV"+string(rune('A'+i/26))+string(rune('A'+i%26)), "Invoice", "", money.Pence(100+i))
		}
		ctax := postPayment(t, db, "23", "400123451", "Council tax", "", 9900)

		b := s.browser()
		b.signIn("clerk@council.example", "/admin")
		b.get("/admin").want(t, http.StatusOK, `href="/admin/transactions"`)
		b.get("/admin/transactions?reference=HALL1").want(t, http.StatusOK, `href="/admin/receipts/`+hall+`"`, "£50.00", "visa •••• 4242")
		r := b.get("/admin/transactions?reference=400123451")
		r.want(t, http.StatusOK, "No transaction matches this search")
		b.get("/admin/transactions?receipt="+ctax).want(t, http.StatusOK, "No transaction matches this search")
		b.get("/admin/transactions?amount=12.345&card=42&from=31/2/2026").want(t, http.StatusUnprocessableEntity,
			`href="#f-amount"`, `href="#f-card"`, `href="#f-from"`, "Enter the last 4 digits of the card")

		// Pages of 50, sorted by amount largest first; the column heading turns it round.
		r = b.get("/admin/transactions?fund=19&sort=-amount")
		r.want(t, http.StatusOK, `aria-sort="descending"`, `href="/admin/transactions?fund=19&amp;sort=amount"`, "£12.50", "Next page")
		if n := strings.Count(r.body, `<tr class="govuk-table__row">`) - 1; n != 50 {
			t.Errorf("first page shows %d rows; want 50", n)
		}
		next := between(r.body, `govuk-pagination__next"><a class="govuk-link govuk-pagination__link" href="`, `"`)
		r2 := b.get(strings.ReplaceAll(next, "&amp;", "&"))
		r2.want(t, http.StatusOK, "£1.00", "First")
		if n := strings.Count(r2.body, `<tr class="govuk-table__row">`) - 1; n != 11 {
			t.Errorf("second page shows %d rows; want the other 11", n)
		}
		if strings.Contains(r2.body, "£12.50") || strings.Contains(r2.body, "Next page") {
			t.Errorf("the second page repeats the first's largest or offers a third:\n%s", r2.body)
		}

		// The export holds every row the search finds, not a page, and defuses formulas.
		r = b.get("/admin/transactions/export.csv?sort=reference")
		if r.status != http.StatusOK {
			t.Fatalf("export: %d\n%s", r.status, r.body)
		}
		rows, err := csv.NewReader(strings.NewReader(r.body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1+62 {
			t.Errorf("export has %d rows; want the header and 62", len(rows))
		}
		if rows[0][0] != "receipt_number" || strings.Contains(r.body, "400123451") {
			t.Errorf("export header %q, or it holds another group's payment", rows[0])
		}
		col := func(name string) int {
			for i, h := range rows[0] {
				if h == name {
					return i
				}
			}
			t.Fatalf("no column %s", name)
			return 0
		}
		if got := rows[1][col("reference")]; got != `'=HYPERLINK("http://x.example")` {
			t.Errorf("formula reference exported as %q", got)
		}
		if got := rows[1][col("narrative")]; !strings.HasPrefix(got, "'+cmd") {
			t.Errorf("formula narrative exported as %q", got)
		}
		b.get("/admin/transactions/export.csv?amount=x").want(t, http.StatusUnprocessableEntity)

		b.get("/admin/receipts/"+strings.ToLower(hall)).want(t, http.StatusOK, hall, "Hall hire", "HALL1", "£50.00",
			"visa 424242…4242", "Audit trail", "post", `href="/admin/receipts/`+hall+`/print"`)
		b.get("/admin/receipts/"+hall+"/print").want(t, http.StatusOK, "VAT receipt", "Miscellaneous Cash", "visa card ending 4242", "£50.00")
		b.get("/admin/receipts/"+ctax).want(t, http.StatusNotFound)
		b.get("/admin/receipts/"+ctax+"/print").want(t, http.StatusNotFound)

		f := s.browser()
		f.signIn("finance@council.example", "/admin")
		f.get("/admin/transactions").want(t, http.StatusForbidden, "TransactionList")
		f.get("/admin/transactions/export.csv").want(t, http.StatusForbidden)
		f.get("/admin/receipts/"+hall).want(t, http.StatusForbidden)
	})
}

// between returns the text of s after the first start up to the next end.
func between(s, start, end string) string {
	_, after, _ := strings.Cut(s, start)
	v, _, _ := strings.Cut(after, end)
	return v
}
