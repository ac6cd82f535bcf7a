package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// addTaker creates a staff account with fund groups and the methods of payment it may post.
func (s *site) addTaker(email string, groups, mops []string, roles ...ims.Role) {
	s.t.Helper()
	_, err := users.New(s.db).CreateUser(context.Background(), ims.System(),
		ims.User{Email: email, Name: "Sam " + strings.Split(email, "@")[0], Roles: roles, FundGroups: groups, MOPs: mops}, password, cheap)
	if err != nil {
		s.t.Fatal(err)
	}
}

// chequeForm is the payment form filled in for a cheque to one rent account.
func chequeForm(key, reference, amount string) url.Values {
	return url.Values{"key": {key}, "rows": {"3"}, "payer.name": {"Ms A Patel"}, "payer.address": {"Flat 3"},
		"payer.town": {"Demoton"}, "payer.postcode": {"DM1 2AB"}, "payer.email": {"a.patel@example.com"},
		"lines[0].fund_code": {"5"}, "lines[0].reference": {reference}, "lines[0].amount": {amount},
		"kind": {"cheque"}, "mop_code": {"24"}, "office": {"PR"}, "cheque.number": {"000123"}, "cheque.drawer": {"A Patel"}}
}

// A cheque clerk looks the payer up by postcode, uses the account (name and address filled in),
// is refused a stopped account with the stop message, and takes a cheque that is posted at once,
// once however often the form is sent, ending on its result page with the cheque's details.
func TestStaffChequePages(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s, _ := serveWithSimulator(t, db, config.Config{})
		s.addTaker("cheques@council.example", []string{"housing"}, []string{"24"}, ims.ChequeProcess, ims.TransactionDetails)
		b := s.browser()
		b.signIn("cheques@council.example", "/admin")
		page := b.get("/admin/payments/new")
		page.want(t, http.StatusOK, "Take a payment", "Cheque number", `value="24"`, "Post room")
		if strings.Contains(page.body, "Card, over the phone") {
			t.Error("a clerk without Payments is offered card payments")
		}
		b.get("/admin/payments/new?find=yes&find_postcode=DM1+3GH").want(t, http.StatusOK, "Mr E Smith", "Stopped", "use=5%7c51000567209")
		b.get("/admin/payments/new?find=yes").want(t, http.StatusUnprocessableEntity, "Enter a reference, a name or a postcode")
		used := b.get("/admin/payments/new?use=5|51000567209")
		used.want(t, http.StatusOK, `value="Mr E Smith"`, `value="22 Church Street"`, `value="DM1 3GH"`, `value="51000567209"`)
		key := between(used.body, `name="key" value="`, `"`)

		stopped := b.post("/admin/payments/new", chequeForm(key, "51000567209", "50.00"))
		stopped.want(t, http.StatusUnprocessableEntity, "account with enforcement agent", `href="#f-lines-0-reference"`,
			"Only a user with the Finance role may take a payment to this account")
		noCheque := chequeForm(key, "51000123017", "100.00")
		noCheque.Del("cheque.number")
		b.post("/admin/payments/new", noCheque).want(t, http.StatusUnprocessableEntity, `href="#f-cheque-number"`, "Enter the cheque number")

		r := b.post("/admin/payments/new", chequeForm(key, "51000123017", "100.00"))
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/admin/payments/") {
			t.Fatalf("taking the cheque: %d to %q\n%s", r.status, r.location, r.body)
		}
		receipt := strings.TrimPrefix(r.location, "/admin/payments/")
		b.get(r.location).want(t, http.StatusOK, "Payment taken", receipt, "000123", "A Patel", "£100.00", "51000123017",
			`href="/admin/receipts/`+receipt+`"`)
		b.get("/admin/receipts/"+receipt).want(t, http.StatusOK, "Staff, cheque 000123")
		if again := b.post("/admin/payments/new", chequeForm(key, "51000123017", "100.00")); again.location != r.location {
			t.Errorf("the form sent again went to %q; want the first payment's %q", again.location, r.location)
		}
		var postings int
		var office, mop, actor string
		if err := db.SQL.QueryRow(`SELECT COUNT(*), MIN(p.office), MIN(e.mop), MIN(p.actor) FROM postings p JOIN ledger_entries e ON e.posting_id = p.id`).Scan(&postings, &office, &mop, &actor); err != nil {
			t.Fatal(err)
		}
		if postings != 1 || office != "PR" || mop != "24" || !strings.HasPrefix(actor, "user:") {
			t.Errorf("%d postings at office %s by MOP %s, actor %s; want 1 at PR by 24 by the clerk", postings, office, mop, actor)
		}
	})
}

// A Finance user with Payments takes a card payment over the phone to a stopped account, overriding
// the stop message with a reason: the provider is asked for a MOTO payment, whose card page does not
// ask for the payer's email; once paid, the back office's result page shows the receipt.
func TestStaffCardPages(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s, a := serveWithSimulator(t, db, config.Config{})
		s.addTaker("phone@council.example", []string{"housing"}, nil, ims.Payments, ims.Finance)
		b := s.browser()
		b.signIn("phone@council.example", "/admin")
		page := b.get("/admin/payments/new")
		page.want(t, http.StatusOK, "Card, over the phone")
		form := url.Values{"key": {between(page.body, `name="key" value="`, `"`)}, "rows": {"3"}, "kind": {"card"},
			"payer.name": {"Mr E Smith"}, "lines[0].fund_code": {"5"}, "lines[0].reference": {"51000567209"}, "lines[0].amount": {"20.00"}}
		b.post("/admin/payments/new", form).want(t, http.StatusUnprocessableEntity, "account with enforcement agent",
			"Take this payment despite the stop message")
		form.Set("lines[0].override", "yes")
		form.Set("lines[0].override_reason", "Agent agreed to accept £20")
		r := b.post("/admin/payments/new", form)
		if r.status != http.StatusSeeOther || !strings.Contains(r.location, "/simulator/") {
			t.Fatalf("starting the card payment: %d to %q\n%s", r.status, r.location, r.body)
		}
		card := b.get(strings.TrimPrefix(r.location, s.url))
		card.want(t, http.StatusOK, "Card number")
		if strings.Contains(card.body, "Email address") {
			t.Error("the MOTO card page asks for the payer's email")
		}
		var id, providerID, actor string
		if err := db.SQL.QueryRow(`SELECT id, provider_payment_id, actor FROM pending_payments`).Scan(&id, &providerID, &actor); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(actor, "user:") {
			t.Errorf("payment taken by %q; want the officer", actor)
		}
		b.get("/admin/payments/card?payment_id="+id).want(t, http.StatusOK, "Waiting for the card provider")
		if err := a.Simulator.Pay(providerID, "4444333322221111"); err != nil {
			t.Fatal(err)
		}
		b.get("/admin/payments/card?payment_id="+id).want(t, http.StatusOK, "Payment taken", "£20.00",
			"Agent agreed to accept £20", "51000567209")
		other := s.browser()
		s.addTaker("parking@council.example", []string{"environ"}, nil, ims.Payments)
		other.signIn("parking@council.example", "/admin")
		other.get("/admin/payments/card?payment_id="+id).want(t, http.StatusNotFound)
	})
}
