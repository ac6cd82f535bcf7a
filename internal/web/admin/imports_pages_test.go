package admin_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/imports"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// sendFile posts the payment upload form: its fields (name, value, name, value…) in order, then
// the file when name is not blank, as a browser sends them.
func (b *browser) sendFile(path, name string, content []byte, fields ...string) response {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for i := 0; i+1 < len(fields); i += 2 {
		mw.WriteField(fields[i], fields[i+1])
	}
	if name != "" {
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(content)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.s.url+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

// A finance officer checks the council's IMS CSV file (each line's outcome, a rule's change, the
// totals; nothing written), imports it and follows the import to posted with its totals, receipt
// and kept lines linking to their suspense items; the same file again is refused naming the first
// import until it is imported again with a reason. A posted import is reversed with a reason; one
// whose suspense money was allocated is refused, saying why. A file that cannot be read fails, and a
// failed import says where it stopped. A clerk cannot open the pages.
func TestPaymentImportPages(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := serve(t, db, config.Config{})
		demotest.Council(t, db)
		// A rule putting right the reference of the line whose check digit is wrong, so a change shows.
		err := refdata.New(db).ImportRules().Create(ctx, ims.System(), ims.ImportRule{Code: "FIXREF", Name: "Known typo", Enabled: true,
			Order: 5, ImportTypes: []string{"IMSCSV"},
			Groups:  []ims.RuleGroup{{Conditions: []ims.RuleCondition{{Field: "narrative", Operator: "contains", Value: "Check digit wrong"}}}},
			Actions: []ims.RuleAction{{Kind: ims.RuleSetReference, Value: "400123451"}}})
		if err != nil {
			t.Fatal(err)
		}
		s.addUserWithGroups("finance@council.example", []string{"all"}, ims.Finance)
		s.addUserWithGroups("clerk@council.example", []string{"all"}, ims.TransactionList)
		file, err := os.ReadFile("testdata/imscsv_council.csv")
		if err != nil {
			t.Fatal(err)
		}

		b := s.browser()
		b.signIn("finance@council.example", "/admin")
		b.get("/admin").want(t, http.StatusOK, `href="/admin/imports"`)
		b.get("/admin/imports").want(t, http.StatusOK, "No import matches these filters", `<option value="IMSCSV">`)
		b.get("/admin/imports/new").want(t, http.StatusOK, `<option value="IMSCSV">IMSCSV`, `formaction="/admin/imports/check"`)

		b.sendFile("/admin/imports/check", "", nil, "type", "IMSCSV").
			want(t, http.StatusUnprocessableEntity, "There is a problem", `href="#f-file"`, "Choose the file to import")
		b.sendFile("/admin/imports/check", "council.csv", file).
			want(t, http.StatusUnprocessableEntity, `href="#f-type"`, "Choose the import type")
		b.sendFile("/admin/imports/check", "council.csv", []byte("not,a\nfile\n"), "type", "IMSCSV").
			want(t, http.StatusUnprocessableEntity, "council.csv cannot be read as", `<option value="IMSCSV" selected>`)

		check := b.sendFile("/admin/imports/check", "council.csv", file, "type", "IMSCSV")
		check.want(t, http.StatusOK, "Check of council.csv", "Nothing has been imported", "choose it again",
			`<option value="IMSCSV" selected>`, "Read as", "5 lines",
			"reference: 400123452 → 400123451 (rule FIXREF)",
			"No fund: neither the file, the import type nor a rule names one",
			"Amount must be £10,000.00 or less for Council Tax")
		// Three lines to the ledger (one put right by the rule), two to suspense.
		for _, total := range []string{`Ledger</strong></th>
<td class="govuk-table__cell govuk-table__cell--numeric">3</td>
<td class="govuk-table__cell govuk-table__cell--numeric">£475.00</td>`, `Suspense</strong></th>
<td class="govuk-table__cell govuk-table__cell--numeric">2</td>
<td class="govuk-table__cell govuk-table__cell--numeric">£20,020.00</td>`} {
			if !strings.Contains(check.body, total) {
				t.Errorf("the check's totals lack %q:\n%s", total, check.body)
			}
		}
		b.get("/admin/imports").want(t, http.StatusOK, "No import matches these filters") // the check wrote nothing

		r := b.sendFile("/admin/imports/new", "council.csv", file, "type", "IMSCSV")
		m := regexp.MustCompile(`^/admin/imports/(\d+)$`).FindStringSubmatch(r.location)
		if r.status != http.StatusSeeOther || m == nil {
			t.Fatalf("import: %d to %q\n%s", r.status, r.location, r.body)
		}
		first := r.location
		b.get(first).want(t, http.StatusOK, "import "+m[1]+" has started", "council.csv", "Waiting to start", ">Refresh</a>")
		id, _ := strconv.ParseInt(m[1], 10, 64)
		if err := imports.New(db).RunImport(ctx, id); err != nil { // the background job's work
			t.Fatal(err)
		}
		posted := b.get(first)
		posted.want(t, http.StatusOK, "Posted", "5 of 5 lines (100%)", "Receipt number", "£475.00", "£20,020.00",
			"reference: 400123452 → 400123451 (rule FIXREF)", `href="/admin/suspense?import=`+m[1]+`"`, "Reverse this import")
		if strings.Contains(posted.body, ">Refresh</a>") {
			t.Errorf("a posted import still offers Refresh:\n%s", posted.body)
		}
		items := regexp.MustCompile(`href="/admin/suspense/items/(\d+)"`).FindAllStringSubmatch(posted.body, -1)
		if len(items) != 2 {
			t.Fatalf("the posted import links to %d suspense items; want 2:\n%s", len(items), posted.body)
		}
		b.get("/admin/suspense/items/"+items[0][1]).want(t, http.StatusOK, ">Import "+m[1]+"</a>")
		onlySuspense := b.get(first + "?outcome=suspense")
		onlySuspense.want(t, http.StatusOK, `<option value="suspense" selected>`, "Amount must be £10,000.00")
		if strings.Contains(onlySuspense.body, "rule FIXREF") {
			t.Errorf("the suspense lines include the ledger line the rule changed:\n%s", onlySuspense.body)
		}
		onlyLedger := b.get(first + "?outcome=ledger")
		onlyLedger.want(t, http.StatusOK, "Ledger (changed by a rule)</option>", "reference: 400123452 → 400123451 (rule FIXREF)")
		if strings.Contains(onlyLedger.body, `href="/admin/suspense/items/`) {
			t.Errorf("the ledger lines include suspense lines:\n%s", onlyLedger.body)
		}
		b.get(first+"?outcome=lots").want(t, http.StatusUnprocessableEntity, "There is no line outcome &#34;lots&#34;")
		b.get("/admin/imports").want(t, http.StatusOK, `href="`+first+`"`, "IMSCSV", "council.csv", "Posted", "£475.00", "Upload", "Sam finance")
		b.get("/admin/imports?state=failed").want(t, http.StatusOK, "No import matches these filters")

		again := b.sendFile("/admin/imports/new", "again.csv", file, "type", "IMSCSV")
		again.want(t, http.StatusConflict, "There is a problem", "already imported as import "+m[1], `href="`+first+`"`,
			"Import the same file again", `name="force" value="yes"`)
		b.sendFile("/admin/imports/new", "again.csv", file, "type", "IMSCSV", "force", "yes", "reason", " ").
			want(t, http.StatusUnprocessableEntity, `href="#f-reason"`, "Enter why the same file must be imported again", "Import it again")
		r = b.sendFile("/admin/imports/new", "again.csv", file, "type", "IMSCSV", "force", "yes", "reason", "The bank sent the payments twice")
		if r.status != http.StatusSeeOther || r.location == first {
			t.Fatalf("importing again with a reason: %d to %q\n%s", r.status, r.location, r.body)
		}
		second := r.location
		b.get(second).want(t, http.StatusOK, "Imported again", `href="`+first+`"`, "The bank sent the payments twice")
		b.get("/admin/imports?state=queued").want(t, http.StatusOK, `href="`+second+`"`)
		b.get(second+"/reverse").want(t, http.StatusConflict, "only a posted import can be")
		secondID, _ := strconv.ParseInt(strings.TrimPrefix(second, "/admin/imports/"), 10, 64)
		if err := imports.New(db).RunImport(ctx, secondID); err != nil {
			t.Fatal(err)
		}

		// Reversing: a reason is needed; the second import reverses; the first, once money was
		// allocated from one of its suspense items, is refused with the reason.
		b.get(second).want(t, http.StatusOK, `href="`+second+`/reverse"`)
		b.get(second+"/reverse").want(t, http.StatusOK, "Reverse this import?", "£20,495.00")
		b.post(second+"/reverse", url.Values{"reason": {" "}}).
			want(t, http.StatusUnprocessableEntity, "There is a problem", `href="#f-reason"`, "Enter why the import is being reversed")
		if r := b.post(second+"/reverse", url.Values{"reason": {"Imported twice by mistake"}}); r.status != http.StatusSeeOther || r.location != second {
			t.Fatalf("reversing: %d to %q\n%s", r.status, r.location, r.body)
		}
		reversed := b.get(second)
		reversed.want(t, http.StatusOK, "Import "+strconv.FormatInt(secondID, 10)+" reversed", "Reversed", "Imported twice by mistake")
		if strings.Contains(reversed.body, "Reverse this import") {
			t.Errorf("a reversed import still offers to reverse it:\n%s", reversed.body)
		}
		b.get("/admin/imports?state=reversed").want(t, http.StatusOK, `href="`+second+`"`)

		item := items[0][1]
		if r := b.post("/admin/suspense/allocate", allocation([]string{item, "1"}, []string{"0", "23", "400123451", "20.00"})); r.status != http.StatusSeeOther {
			t.Fatalf("allocating suspense item %s: %d\n%s", item, r.status, r.body)
		}
		b.post(first+"/reverse", url.Values{"reason": {"Wrong type"}}).
			want(t, http.StatusConflict, "There is a problem", "money was allocated from 1 of its suspense items", ">Wrong type</textarea>")
		b.get(first).want(t, http.StatusOK, "Posted")

		// A file that cannot be read is stored, then fails with every reason when its job runs.
		r = b.sendFile("/admin/imports/new", "broken.csv", []byte("transaction_date,fund\nnot a date,23\n"), "type", "IMSCSV")
		if r.status != http.StatusSeeOther {
			t.Fatalf("importing a broken file: %d\n%s", r.status, r.body)
		}
		brokenID, _ := strconv.ParseInt(strings.TrimPrefix(r.location, "/admin/imports/"), 10, 64)
		if err := imports.New(db).RunImport(ctx, brokenID); err != nil {
			t.Fatal(err)
		}
		broken := b.get(r.location)
		broken.want(t, http.StatusOK, "Failed", "Why the file was refused", "nothing was imported")
		if strings.Contains(broken.body, "Reverse this import") || strings.Contains(broken.body, ">Refresh</a>") {
			t.Errorf("a failed import offers to reverse or refresh it:\n%s", broken.body)
		}
		// One that failed after reading some of its lines says where it stopped, not how far it got:
		// it posted none of them.
		if _, err := db.SQL.ExecContext(ctx, `UPDATE imports SET rows_done = 1, rows_total = 2 WHERE id = `+strconv.FormatInt(brokenID, 10)); err != nil {
			t.Fatal(err)
		}
		stopped := b.get(r.location)
		stopped.want(t, http.StatusOK, "Stopped after 1 of 2 lines", "nothing was imported")
		if strings.Contains(stopped.body, "(50%)") {
			t.Errorf("a failed import shows its progress as a percentage:\n%s", stopped.body)
		}

		clerk := s.browser()
		clerk.signIn("clerk@council.example", "/admin")
		clerk.get("/admin/imports").want(t, http.StatusForbidden)
		clerk.get(first).want(t, http.StatusForbidden)
		clerk.sendFile("/admin/imports/check", "council.csv", file, "type", "IMSCSV").want(t, http.StatusForbidden)
	})
}

// The import list shows 50 imports, newest first; Next shows the rest, keeping the filter, and First
// goes back.
func TestPaymentImportListPages(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := serve(t, db, config.Config{})
		demotest.Council(t, db)
		s.addUserWithGroups("finance@council.example", []string{"all"}, ims.Finance)
		svc := imports.New(db)
		for i := 1; i <= 51; i++ {
			file := fmt.Sprintf("transaction_date,fund,reference,amount,mop,narrative,source_reference\n2025-03-05,23,400123451,%d.00,BK,x,S%d\n", i, i)
			_, _, err := svc.Start(ctx, ims.System(), imports.Request{ImportType: "IMSCSV", FileName: fmt.Sprintf("file%02d.csv", i),
				Source: ims.ImportSourceCLI}, strings.NewReader(file))
			if err != nil {
				t.Fatal(err)
			}
		}
		b := s.browser()
		b.signIn("finance@council.example", "/admin")
		page := b.get("/admin/imports?type=IMSCSV")
		page.want(t, http.StatusOK, "file51.csv", "file02.csv", "Command line", "Waiting to start")
		if strings.Contains(page.body, "file01.csv") || strings.Index(page.body, "file51.csv") > strings.Index(page.body, "file50.csv") {
			t.Errorf("the first page holds file01.csv, or is not newest first:\n%s", page.body)
		}
		next := regexp.MustCompile(`href="(/admin/imports\?before=\d+&amp;type=IMSCSV)" rel="next"`).FindStringSubmatch(page.body)
		if next == nil {
			t.Fatalf("no Next link keeping the type:\n%s", page.body)
		}
		rest := b.get(strings.ReplaceAll(next[1], "&amp;", "&"))
		rest.want(t, http.StatusOK, "file01.csv", `href="/admin/imports?type=IMSCSV"`)
		if strings.Contains(rest.body, "file02.csv") || strings.Contains(rest.body, `rel="next"`) {
			t.Errorf("the second page holds more than file01.csv:\n%s", rest.body)
		}
		b.get("/admin/imports?type=ALLPAY").want(t, http.StatusOK, "No import matches these filters")
		b.get("/admin/imports?state=lost").want(t, http.StatusUnprocessableEntity, "There is no import state")
	})
}

// A bank statement whose balances do not reconcile is posted with its credit held for review: the
// import's page says why, and the held line shows under the held filter.
func TestPaymentImportHeldStatement(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := serve(t, db, config.Config{})
		demotest.Council(t, db)
		s.addUserWithGroups("finance@council.example", []string{"all"}, ims.Finance)
		// A published BAI2 sample (testdata/samples/bai2): its closing balance is a penny short.
		file, err := os.ReadFile("testdata/bai2_citi-uk-gbp-faster-payment_moj.bai2")
		if err != nil {
			t.Fatal(err)
		}
		b := s.browser()
		b.signIn("finance@council.example", "/admin")
		b.sendFile("/admin/imports/check", "citi.bai2", file, "type", "BAI2").
			want(t, http.StatusOK, "Held</strong>", "Statement 1 is held for review")
		r := b.sendFile("/admin/imports/new", "citi.bai2", file, "type", "BAI2")
		if r.status != http.StatusSeeOther {
			t.Fatalf("import: %d\n%s", r.status, r.body)
		}
		id, _ := strconv.ParseInt(strings.TrimPrefix(r.location, "/admin/imports/"), 10, 64)
		if err := imports.New(db).RunImport(ctx, id); err != nil {
			t.Fatal(err)
		}
		b.get(r.location).want(t, http.StatusOK, "Posted", "1 line (£0.01) held for review, not posted", "Held for review",
			"Statement 1 is held for review: opening balance 100.00 GBP", "(1 line)", `href="`+r.location+`?outcome=held#lines"`)
		b.get(r.location+"?outcome=held").want(t, http.StatusOK, `<option value="held" selected>`, "Held</strong>")
	})
}
