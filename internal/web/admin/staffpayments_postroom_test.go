package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// postForm is the payment form filled in for a post-room payment, one line per amount and method
// (fund 23 first, then 24, of one council tax account).
func postForm(key string, lines ...[2]string) url.Values {
	f := url.Values{"key": {key}, "rows": {"3"}, "payer.name": {"Mr J Jones"}, "kind": {"post"}, "office": {"PR"}}
	for i, l := range lines {
		p := "lines[" + string(rune('0'+i)) + "]."
		f.Set(p+"fund_code", []string{"23", "24"}[i])
		f.Set(p+"reference", "400123451")
		f.Set(p+"amount", l[0])
		f.Set(p+"mop_code", l[1])
	}
	return f
}

// The post room chooses the method of payment per line among the user's (never a card) and each
// line is posted by its own (SPEC §5.3); a positive amount on a payment reversal method is taken
// only after a warning naming the line is confirmed, a negative one at once, and a negative amount
// on another method is refused.
func TestStaffPostRoomPages(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s, _ := serveWithSimulator(t, db, config.Config{})
		rv := ims.MOP{Code: "RV", Name: "Returned payment", Kind: ims.KindOther, Reversal: true}
		if err := refdata.New(db).MOPs().Create(context.Background(), ims.System(), rv); err != nil {
			t.Fatal(err)
		}
		s.addTaker("post@council.example", []string{"revenues"}, []string{"1", "15", "92", "RV"}, ims.PostPayment)
		b := s.browser()
		b.signIn("post@council.example", "/admin")
		page := b.get("/admin/payments/new")
		page.want(t, http.StatusOK, `name="lines[0].mop_code"`, `name="lines[2].mop_code"`, "1 – Cash", "15 – allpay Post Office", "RV – Returned payment")
		if strings.Contains(page.body, "92 – Card") || strings.Contains(page.body, `name="mop_code"`) {
			t.Error("the post room is offered a card method, or the cheque's one method")
		}
		key := func() string { return between(b.get("/admin/payments/new").body, `name="key" value="`, `"`) }
		taken := func(r response) string {
			t.Helper()
			if r.status != http.StatusSeeOther {
				t.Fatalf("taking the payment: %d\n%s", r.status, r.body)
			}
			return strings.TrimPrefix(r.location, "/admin/payments/")
		}
		mops := func(receipt string) string {
			t.Helper()
			rows, err := db.SQL.Query(`SELECT e.mop FROM ledger_entries e JOIN postings p ON p.id = e.posting_id
				WHERE p.receipt_number = $1 ORDER BY e.fund`, receipt)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var got []string
			for rows.Next() {
				var m string
				if err := rows.Scan(&m); err != nil {
					t.Fatal(err)
				}
				got = append(got, m)
			}
			return strings.Join(got, ",")
		}

		b.post("/admin/payments/new", postForm(key(), [2]string{"10.00", "1"}, [2]string{"20.00", ""})).want(t,
			http.StatusUnprocessableEntity, `href="#f-lines-1-mop_code"`, "Choose a method of payment")
		if got := mops(taken(b.post("/admin/payments/new", postForm(key(), [2]string{"10.00", "1"}, [2]string{"20.00", "15"})))); got != "1,15" {
			t.Errorf("lines posted by %s; want 1 and 15", got)
		}

		positive := postForm(key(), [2]string{"10.00", "1"}, [2]string{"5.00", "RV"})
		warned := b.post("/admin/payments/new", positive)
		warned.want(t, http.StatusOK, "Payment reversal methods expect negative amounts", "fund 24 account 400123451 (£5.00 by Returned payment)", `name="confirm"`)
		if strings.Contains(between(warned.body, `id="warning"`, "</div>"), "fund 23") {
			t.Error("the warning names the cash line")
		}
		positive.Set("confirm", "yes")
		if got := mops(taken(b.post("/admin/payments/new", positive))); got != "1,RV" {
			t.Errorf("confirmed reversal posted by %s; want 1 and RV", got)
		}
		if got := mops(taken(b.post("/admin/payments/new", postForm(key(), [2]string{"10.00", "1"}, [2]string{"-5.00", "RV"})))); got != "1,RV" {
			t.Errorf("negative reversal posted by %s; want 1 and RV without a warning", got)
		}
		b.post("/admin/payments/new", postForm(key(), [2]string{"-10.00", "1"})).want(t, http.StatusUnprocessableEntity,
			`href="#f-lines-0-amount"`)
	})
}
