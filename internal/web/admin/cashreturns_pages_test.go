package admin_test

import (
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
)

// A system administrator makes a library template, sets the cash return settings and gives the
// template to a site clerk; the clerk starts a cash return, is told £30 cannot be in £20 notes and
// that the cash analysis must equal the lines, then submits; an authoriser authorises it from the
// list (bulk) and finds the posting's receipt; a draft is voided with a reason; the printable page
// holds the lines; a user of another fund group cannot open the return.
func TestCashReturnPages(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := serve(t, db, config.Config{})
		demotest.Council(t, db)
		s.addUser("sysadmin@council.example", ims.SystemAdmin)
		clerk := s.addUser("clerk@council.example", ims.CashReturns)
		s.addUserWithGroups("clerk2@council.example", []string{"sundry"}, ims.CashReturns)
		s.addUserWithGroups("boss@council.example", []string{"sundry"}, ims.CashReturnAuthoriser)
		s.addUserWithGroups("parking@council.example", []string{"environ"}, ims.CashReturns, ims.CashReturnAuthoriser)
		if _, err := db.SQL.Exec(`INSERT INTO user_fund_groups (user_id, fund_group) VALUES ($1, 'sundry')`, clerk.ID); err != nil {
			t.Fatal(err)
		}

		admin := s.browser()
		admin.signIn("sysadmin@council.example", "/admin")
		admin.get("/admin").want(t, http.StatusOK, `href="/admin/cash-return-templates"`)
		tmpl := url.Values{"code": {"LIB"}, "name": {"Central Library"}, "office": {"CO"}, "cash": {"1"}, "cheque": {"1"}, "line_count": {"3"},
			"lines[0].description": {"Overdue fines"}, "lines[0].reference": {"LIB-FINES"},
			"lines[1].description": {"Book sales"}, "lines[1].reference": {"LIB-SALES"}, "lines[1].vat_code": {"W0"}, "lines[1].override": {"vat"}}
		bad := url.Values{}
		for k, v := range tmpl {
			bad[k] = v
		}
		bad.Set("office", "ZZ")
		admin.post("/admin/cash-return-templates/new", bad).want(t, http.StatusUnprocessableEntity, "Office ZZ")
		if r := admin.post("/admin/cash-return-templates/new", tmpl); r.status != http.StatusSeeOther {
			t.Fatalf("saving the template: %d\n%s", r.status, r.body)
		}
		admin.post("/admin/cash-return-templates/settings", url.Values{"cash_mop": {"2"}, "cheque_mop": {"2"}}).
			want(t, http.StatusUnprocessableEntity, "not cash")
		if r := admin.post("/admin/cash-return-templates/settings", url.Values{"cash_mop": {"1"}, "cheque_mop": {"2"},
			"notify_email": {"cashoffice@council.example"}}); r.status != http.StatusSeeOther {
			t.Fatalf("saving the settings: %d\n%s", r.status, r.body)
		}
		admin.get("/admin/cash-return-templates").want(t, http.StatusOK, "Central Library", `href="/admin/cash-return-templates/LIB/users"`)
		admin.get("/admin/cash-return-templates/LIB/users").want(t, http.StatusOK, "Sam clerk", "Sam clerk2")
		var ids []string
		for _, email := range []string{"clerk@council.example", "clerk2@council.example"} {
			var id string
			if err := db.SQL.QueryRow(`SELECT CAST(id AS TEXT) FROM users WHERE email = $1`, email).Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		if r := admin.post("/admin/cash-return-templates/LIB/users", url.Values{"user": ids}); r.status != http.StatusSeeOther {
			t.Fatalf("giving the template: %d\n%s", r.status, r.body)
		}

		c := s.browser()
		c.signIn("clerk@council.example", "/admin")
		c.get("/admin/cash-returns").want(t, http.StatusOK, "Start a cash return", `<option value="LIB">Central Library</option>`)
		r := c.post("/admin/cash-returns", url.Values{"template": {"LIB"}, "kind": {"cash"}})
		if r.status != http.StatusSeeOther || !regexp.MustCompile(`^/admin/cash-returns/\d+$`).MatchString(r.location) {
			t.Fatalf("starting a return: %d to %q\n%s", r.status, r.location, r.body)
		}
		ret := r.location
		c.get(ret).want(t, http.StatusOK, "Overdue fines", `name="lines[1].vat_code"`, `name="cash-5000"`, `name="bag_number"`)
		fill := url.Values{"lines[0].amount": {"30.00"}, "lines[1].amount": {""}, "bag_number": {"B-77"}, "cash-2000": {"30.00"}, "action": {"save"}}
		c.post(ret, fill).want(t, http.StatusUnprocessableEntity, "multiple of £20", `href="#f-cash-2000"`)
		fill.Set("cash-2000", "20.00")
		fill.Set("action", "submit")
		c.post(ret, fill).want(t, http.StatusUnprocessableEntity, "they must be equal")
		fill.Set("cash-1000", "10.00")
		if r := c.post(ret, fill); r.status != http.StatusSeeOther || r.location != ret {
			t.Fatalf("submitting: %d to %q\n%s", r.status, r.location, r.body)
		}
		c.get(ret).want(t, http.StatusOK, "submitted for authorisation", "Submitted", "B-77", "£30.00")

		// A draft voided with a reason.
		r = c.post("/admin/cash-returns", url.Values{"template": {"LIB"}, "kind": {"cheque"}})
		draft := r.location
		c.get(draft).want(t, http.StatusOK, `name="cheques[0].number"`, "Void this return")
		c.post(draft+"/close", url.Values{"reason": {""}}).want(t, http.StatusUnprocessableEntity, "Enter why the return is voided")
		if r := c.post(draft+"/close", url.Values{"reason": {"Started by mistake"}}); r.status != http.StatusSeeOther {
			t.Fatalf("voiding: %d\n%s", r.status, r.body)
		}
		c.get(draft).want(t, http.StatusOK, "Voided", "Started by mistake")
		c.post(ret+"/authorise", url.Values{}).want(t, http.StatusForbidden)

		b := s.browser()
		b.signIn("boss@council.example", "/admin")
		id := strings.TrimPrefix(ret, "/admin/cash-returns/")
		b.get("/admin/cash-returns?status=submitted").want(t, http.StatusOK, `name="id" type="checkbox" value="`+id+`"`)
		b.post(ret+"/notes", url.Values{"note": {"Bag checked"}}).want(t, http.StatusSeeOther)
		if r := b.post("/admin/cash-returns/authorise", url.Values{"id": {id}}); r.status != http.StatusSeeOther {
			t.Fatalf("bulk authorise: %d\n%s", r.status, r.body)
		}
		page := b.get(ret)
		page.want(t, http.StatusOK, "Authorised", "Bag checked", "Sam boss")
		receipt := regexp.MustCompile(`href="/admin/receipts/([A-Z0-9]+)"`).FindStringSubmatch(page.body)
		if receipt == nil {
			t.Fatalf("no receipt on the authorised return:\n%s", page.body)
		}
		b.get(ret+"/print").want(t, http.StatusOK, "Overdue fines", "LIB-FINES", "£30.00", "Signed (site)")

		p := s.browser()
		p.signIn("parking@council.example", "/admin")
		p.get(ret).want(t, http.StatusNotFound)
		if r := p.get("/admin/cash-returns"); strings.Contains(r.body, `href="`+ret+`"`) {
			t.Errorf("another group's return is listed:\n%s", r.body)
		}
	})
}
