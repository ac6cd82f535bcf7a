package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/suspense"
	"github.com/ims-council/ims/money"
)

// recordSuspense records an item through the form and returns its page's address.
func (b *browser) recordSuspense(received, amount, reference, narrative, mop string) string {
	b.t.Helper()
	r := b.post("/admin/suspense/new", url.Values{"key": {"k-" + amount + reference}, "received": {received}, "amount": {amount},
		"reference": {reference}, "narrative": {narrative}, "mop_code": {mop}, "reason": {"Matches no account"}})
	if r.status != http.StatusSeeOther || !regexp.MustCompile(`^/admin/suspense/items/\d+$`).MatchString(r.location) {
		b.t.Fatalf("recording %s: %d to %q\n%s", amount, r.status, r.location, r.body)
	}
	return r.location
}

// allocation is a posted allocation form: the items (id, version the person saw, id, version…) in
// the order taken, and lines.
func allocation(items []string, lines ...[]string) url.Values {
	v := url.Values{"key": {"alloc-" + strings.Join(lines[0], "-")}, "line_count": {"5"}, "credit_count": {"1"}}
	for i := 0; i < len(items); i += 2 {
		v.Add("item", items[i])
		v.Set("version_"+items[i], items[i+1])
	}
	for _, l := range lines { // index on the form, fund, reference, amount
		v.Set("lines["+l[0]+"].fund_code", l[1])
		v.Set("lines["+l[0]+"].reference", l[2])
		v.Set("lines["+l[0]+"].amount", l[3])
	}
	return v
}

// A finance officer records unidentified money, notes it, lists it with filters and totals,
// allocates two items fully and one in part, sees a bad line named and a stale form refused with
// everything kept, and reads the ageing report; a clerk is refused.
func TestSuspensePages(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := serve(t, db, config.Config{}) // Monday 5 January 2026
		demotest.Council(t, db)
		s.addUserWithGroups("finance@council.example", []string{"all"}, ims.Finance)
		s.addUserWithGroups("clerk@council.example", []string{"all"}, ims.TransactionList)

		b := s.browser()
		b.signIn("finance@council.example", "/admin")
		b.get("/admin").want(t, http.StatusOK, `href="/admin/suspense"`)
		b.get("/admin/suspense").want(t, http.StatusOK, "Record unidentified money", "No suspense item matches")

		b.get("/admin/suspense/new").want(t, http.StatusOK, `<option value="BK">`)
		b.post("/admin/suspense/new", url.Values{"amount": {"12.345"}, "received": {"32/1/2026"}, "narrative": {"CASH"}, "reason": {"x"}}).
			want(t, http.StatusUnprocessableEntity, "There is a problem", `href="#f-amount"`, "Enter the amount in pounds and pence",
				"Enter the date received as day/month/year", `value="CASH"`)
		b.post("/admin/suspense/new", url.Values{"amount": {"5"}, "narrative": {"CASH"}, "reason": {"x"}}).
			want(t, http.StatusUnprocessableEntity, `href="#f-mop_code"`, "Choose the method of payment")

		itemA := b.recordSuspense("2/1/2026", "100.00", "SI 412", "BGC SMITH", "BK")
		b.get(itemA).want(t, http.StatusOK, "recorded: £100.00 in suspense", "£100.00", "Unallocated", "SI 412", "BGC SMITH", "2 January 2026", "Recorded by hand", "5 January 2026 at 09:00 by Sam finance")
		itemB := b.recordSuspense("", "25.50", "", "CASH HANDED IN", "1")
		itemC := b.recordSuspense("1/12/2025", "40.00", "INV 414", "BGC JONES", "BK")
		idA, idB, idC := strings.TrimPrefix(itemA, "/admin/suspense/items/"), strings.TrimPrefix(itemB, "/admin/suspense/items/"),
			strings.TrimPrefix(itemC, "/admin/suspense/items/")

		b.post(itemA+"/notes", url.Values{"text": {"  "}}).want(t, http.StatusUnprocessableEntity, "Enter the note", `href="#f-text"`)
		r := b.post(itemA+"/notes", url.Values{"text": {"Rang Mr Smith: it pays invoice SI/26/00412"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("adding a note: %d\n%s", r.status, r.body)
		}
		b.get(itemA).want(t, http.StatusOK, "Note added", "Rang Mr Smith: it pays invoice SI/26/00412", "Sam finance, 5 January 2026 at 09:00")

		b.get("/admin/suspense").want(t, http.StatusOK, ">3</dd>", "£165.50", `href="`+itemB+`"`)
		ref := b.get("/admin/suspense?reference=si+4")
		ref.want(t, http.StatusOK, ">1</dd>", "£100.00", `href="`+itemA+`"`)
		if strings.Contains(ref.body, `href="`+itemC+`"`) {
			t.Errorf("the reference filter lists item C:\n%s", ref.body)
		}
		b.get("/admin/suspense?from=1/1/2026&amount=25.50").want(t, http.StatusOK, ">1</dd>", "£25.50", "CASH HANDED IN")
		b.get("/admin/suspense?from=2026-01-01&amount=lots").want(t, http.StatusUnprocessableEntity,
			"Enter the start date as day/month/year", `href="#f-amount"`)

		form := b.get("/admin/suspense/allocate?item=" + idA + "&item=" + idB)
		form.want(t, http.StatusOK, "£125.50", `name="version_`+idA+`" value="1"`, `data-module="ims-autocomplete"`, `name="lines[4].amount"`)
		b.post("/admin/suspense/allocate", url.Values{"add": {"line"}, "line_count": {"5"}, "credit_count": {"1"}, "item": {idA},
			"version_" + idA: {"1"}, "lines[0].reference": {"KEPT"}}).
			want(t, http.StatusOK, `name="lines[5].amount"`, `value="KEPT"`)

		both := []string{idA, "1", idB, "1"}
		bad := allocation(both, []string{"0", "19", "SI/26/00412", "100.00"}, []string{"1", "99", "X", "1.00"}, []string{"2", "23", "X", "24.50"})
		b.post("/admin/suspense/allocate", bad).want(t, http.StatusUnprocessableEntity, "There is a problem",
			`href="#f-lines-1-fund_code"`, `href="#f-lines-2-reference"`, "Line 3: ", `value="SI/26/00412"`)
		bad = allocation(both, []string{"3", "19", "SI/26/00412", "ten pounds"})
		b.post("/admin/suspense/allocate", bad).want(t, http.StatusUnprocessableEntity, `href="#f-lines-3-amount"`, "Line 4: Enter the amount")

		for range 2 { // the second press of the button allocates nothing more
			r = b.post("/admin/suspense/allocate", allocation(both, []string{"0", "19", "SI/26/00412", "100.00"}, []string{"2", "19", "SI/26/00413", "25.50"}))
			if r.status != http.StatusSeeOther || r.location != itemA {
				t.Fatalf("allocating A and B: %d to %q\n%s", r.status, r.location, r.body)
			}
		}
		b.get(itemA).want(t, http.StatusOK, "£125.50 allocated", "item "+idA+" allocated (£0.00 left)", "item "+idB+" allocated", "Sam finance")
		b.get(itemB).want(t, http.StatusOK, "Allocated", "£25.50", "<td class=\"govuk-table__cell\">Sam finance</td>")
		// Back to the used form, a line changed: refused with the figures as they are now.
		b.post("/admin/suspense/allocate", allocation(both, []string{"0", "19", "SI/26/00412", "100.00"}, []string{"2", "19", "SI/26/00413", "20.00"})).
			want(t, http.StatusConflict, "Money was allocated from item "+idA+", "+idB+" after you opened this form", `value="20.00"`)
		b.get("/admin/suspense?status=allocated").want(t, http.StatusOK, ">2</dd>", "£125.50")

		r = b.post("/admin/suspense/allocate", allocation([]string{idC, "1"}, []string{"0", "19", "SI/26/00414", "10.00"}))
		if r.status != http.StatusSeeOther || r.location != itemC {
			t.Fatalf("allocating part of C: %d to %q\n%s", r.status, r.location, r.body)
		}
		b.get(itemC).want(t, http.StatusOK, "Part allocated", "£30.00")
		// The same form again, from before that allocation: refused, the lines kept, the figures
		// as they are now and the new version carried on.
		stale := allocation([]string{idC, "1"}, []string{"0", "19", "SI/26/00415", "40.00"})
		b.post("/admin/suspense/allocate", stale).want(t, http.StatusConflict, "Money was allocated from item "+idC+" after you opened this form", "your lines are kept",
			`value="SI/26/00415"`, `name="version_`+idC+`" value="2"`, "£30.00")

		// The rest of C to an invoice, less a credit note cancelling another.
		rest := allocation([]string{idC, "2"}, []string{"0", "19", "SI/26/00415", "35.00"})
		rest.Set("credit_notes[0].fund_code", "19")
		rest.Set("credit_notes[0].reference", "SI/26/00001")
		rest.Set("credit_notes[0].amount", "5.00")
		if r := b.post("/admin/suspense/allocate", rest); r.status != http.StatusSeeOther || r.location != itemC {
			t.Fatalf("allocating the rest of C with a credit note: %d to %q\n%s", r.status, r.location, r.body)
		}
		b.get(itemC).want(t, http.StatusOK, "£30.00 allocated", "item "+idC+" allocated (£0.00 left)")

		b.recordSuspense("1/12/2025", "30.00", "OLD 1", "BGC OLD", "BK") // the one item left open
		ageing := b.get("/admin/suspense/ageing")
		ageing.want(t, http.StatusOK, "Ageing report", "5 January 2026")
		row := ageing.body[strings.Index(ageing.body, "31 to 90 days"):]
		row = row[:strings.Index(row, "</tr>")]
		if strings.Count(row, `1<br><span class="govuk-body-s">£30.00</span>`) != 2 { // £10 to £100, and all values
			t.Errorf("the item of 1 December (35 days old, £30 left) is not in its band:\n%s", row)
		}
		if !strings.Contains(ageing.body, `<strong>1</strong><br><span class="govuk-body-s">£30.00</span></td>
</tr>`) {
			t.Errorf("the total is not one item of £30.00:\n%s", ageing.body)
		}

		clerk := s.browser()
		clerk.signIn("clerk@council.example", "/admin")
		clerk.get("/admin/suspense").want(t, http.StatusForbidden)
		clerk.get(itemA).want(t, http.StatusForbidden)
		clerk.get("/admin/suspense/ageing").want(t, http.StatusForbidden)
		clerk.post("/admin/suspense/new", url.Values{"amount": {"5"}, "mop_code": {"1"}, "narrative": {"x"}, "reason": {"x"}}).
			want(t, http.StatusForbidden)
		if strings.Contains(clerk.get("/admin").body, `href="/admin/suspense"`) {
			t.Error("a clerk's navigation offers suspense")
		}
	})
}

// The list shows 50 items a page with the totals of all of them; Next keeps the filters.
func TestSuspenseListPages(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := serve(t, db, config.Config{})
		demotest.Council(t, db)
		svc := suspense.New(db)
		for i := range 51 {
			if _, _, err := svc.Create(context.Background(), ims.System(), ims.NewSuspenseItem{Amount: money.Pence(100 + i),
				Reference: fmt.Sprintf("BULK %02d", i), Narrative: "BGC", MOP: "BK", Reason: "Unknown"}); err != nil {
				t.Fatal(err)
			}
		}
		s.addUserWithGroups("finance@council.example", []string{"all"}, ims.Finance)
		b := s.browser()
		b.signIn("finance@council.example", "/admin")
		first := b.get("/admin/suspense?reference=bulk")
		first.want(t, http.StatusOK, ">51</dd>", "BULK 49", `rel="next"`)
		if n := strings.Count(first.body, `name="item"`); n != 50 {
			t.Errorf("the first page has %d items; want 50", n)
		}
		next := regexp.MustCompile(`href="([^"]+)" rel="next"`).FindStringSubmatch(first.body)
		second := b.get(strings.ReplaceAll(next[1], "&amp;", "&"))
		second.want(t, http.StatusOK, ">51</dd>", "BULK 50", ">First<")
		if strings.Contains(second.body, "BULK 49") || strings.Contains(second.body, `rel="next"`) {
			t.Errorf("the second page repeats the first or offers a third:\n%s", second.body)
		}
	})
}
