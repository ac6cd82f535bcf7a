package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/app"
	"github.com/ims-council/ims/internal/app/apptest"
	"github.com/ims-council/ims/internal/config"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/secretbox"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/money"
)

// serveWithSimulator serves the demo council with the built-in GOV.UK Pay simulator standing in
// for its card provider, so portal payments can be paid and refunded for real.
func serveWithSimulator(t *testing.T, db *sqldb.DB, cfg config.Config) (*site, *app.App) {
	clock := testClock()
	db.Clock = clock
	box, err := secretbox.New(apptest.SecretKey)
	if err != nil {
		t.Fatal(err)
	}
	db.Secrets = box
	demotest.Council(t, db) // before the app: the simulator takes the council's provider accounts
	a, srv := apptest.ServeConfig(t, db, cfg, app.WithClock(clock), app.WithSimulator(app.Simulator{}))
	return &site{t: t, db: db, url: srv.URL, clock: clock}, a
}

// portalPayment pays a basket of fund 19 lines on the portal with a test card and returns the
// payment's receipt number.
func portalPayment(t *testing.T, a *app.App, amounts ...money.Pence) string {
	t.Helper()
	ctx := context.Background()
	req := ims.PaymentRequest{Source: ims.SourcePortal, Language: "en", Payer: ims.Payer{Name: "Ms A Payer", Address: []string{"1 High Street", "Demoton"},
		Postcode: "SW1A 1AA", Email: "payer@example.com"}}
	for i, amount := range amounts {
		req.Lines = append(req.Lines, ims.PaymentLine{Fund: "19", Reference: "INV" + string(rune('A'+i)), Amount: amount})
	}
	pp, _, err := a.Payments.Start(ctx, ims.Principal{Name: "portal"}, req)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Simulator.Pay(pp.ProviderPaymentID, "4444333322221111"); err != nil {
		t.Fatal(err)
	}
	if pp, err = a.Payments.Get(ctx, ims.System(), pp.ID); err != nil || pp.State != ims.PaymentSucceeded {
		t.Fatalf("payment %+v %v; want succeeded", pp, err)
	}
	return pp.ReceiptNumber
}

// refundForm opens a receipt's refund form and returns its idempotency key and its lines' entry ids.
func (b *browser) refundForm(receipt string) (key string, entries []string) {
	b.t.Helper()
	r := b.get("/admin/receipts/" + receipt + "/refund")
	r.want(b.t, http.StatusOK, "Lines to refund", "Reason for the refund")
	key = between(r.body, `name="key" value="`, `"`)
	for _, m := range regexp.MustCompile(`name="line" type="checkbox" value="(\d+)"`).FindAllStringSubmatch(r.body, -1) {
		entries = append(entries, m[1])
	}
	if key == "" || len(entries) == 0 {
		b.t.Fatalf("refund form without key or lines:\n%s", r.body)
	}
	return key, entries
}

// A clerk refunds a portal card payment in full through the simulator, once however often the
// form is sent, and may not refund part of one without PartialRefund; a partial refund above the
// limit waits for an approver other than the asker, who approves it; another is rejected with a
// reason; a user of another fund group can neither open nor refund the payment, nor decide.
func TestRefundPages(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s, a := serveWithSimulator(t, db, config.Config{RefundApprovalLimit: money.MustParse("100.00")})
		details := []ims.Role{ims.TransactionList, ims.TransactionDetails}
		s.addUserWithGroups("clerk@council.example", []string{"sundry"}, append(details, ims.Refund)...)
		s.addUserWithGroups("senior@council.example", []string{"sundry"}, append(details, ims.Refund, ims.PartialRefund, ims.RefundApprover)...)
		s.addUserWithGroups("approver@council.example", []string{"all"}, append(details, ims.RefundApprover)...)
		s.addUserWithGroups("parking@council.example", []string{"environ"}, append(details, ims.Refund, ims.PartialRefund, ims.RefundApprover)...)

		small := portalPayment(t, a, 3000, 2000)
		clerk := s.browser()
		clerk.signIn("clerk@council.example", "/admin")
		clerk.get("/admin/receipts/"+small).want(t, http.StatusOK, `href="/admin/receipts/`+small+`/refund"`)
		key, entries := clerk.refundForm(small)
		if len(entries) != 2 {
			t.Fatalf("form offers %d lines; want 2", len(entries))
		}

		// Part of a payment needs PartialRefund; no reason is refused by name.
		partial := url.Values{"key": {key}, "line": {entries[0]}, "amount-" + entries[0]: {"30.00"}, "reason": {"Paid twice"}}
		clerk.post("/admin/receipts/"+small+"/refund", partial).want(t, http.StatusForbidden, "PartialRefund")
		full := url.Values{"key": {key}, "line": entries, "amount-" + entries[0]: {"30.00"}, "amount-" + entries[1]: {"20.00"}, "reason": {" "}}
		clerk.post("/admin/receipts/"+small+"/refund", full).want(t, http.StatusUnprocessableEntity, `href="#f-reason"`, "Enter the reason for the refund")
		full.Set("amount-"+entries[1], "20.01")
		full.Set("reason", "Paid twice")
		clerk.post("/admin/receipts/"+small+"/refund", full).want(t, http.StatusUnprocessableEntity,
			`href="#f-amount-`+entries[1]+`"`, "Only £20.00 of this line can still be refunded")

		// The whole payment: checked, confirmed, sent; the same confirmation again makes no second refund.
		full.Set("amount-"+entries[1], "20.00")
		clerk.post("/admin/receipts/"+small+"/refund", full).want(t, http.StatusOK, "Check the refund", "£50.00 to the payer's card", "Request refund")
		full.Set("confirm", "yes")
		r := clerk.post("/admin/receipts/"+small+"/refund", full)
		if r.status != http.StatusSeeOther || r.location != "/admin/receipts/"+small {
			t.Fatalf("confirming: %d to %q\n%s", r.status, r.location, r.body)
		}
		page := clerk.get(r.location)
		page.want(t, http.StatusOK, "of £50.00 succeeded", "Succeeded")
		refundID := between(page.body, "Refund ", " of £50.00")
		r = clerk.post("/admin/receipts/"+small+"/refund", full)
		if r.status != http.StatusSeeOther {
			t.Fatalf("the same form again: %d\n%s", r.status, r.body)
		}
		clerk.get(r.location).want(t, http.StatusOK, "Refund "+refundID+" of £50.00 succeeded")
		var n int
		if err := db.SQL.QueryRow(`SELECT COUNT(*) FROM refunds`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("%d refunds (%v); want 1", n, err)
		}
		clerk.get("/admin/receipts/"+small+"/refund").want(t, http.StatusOK, "Nothing of this payment is left to refund")

		// Another fund group: neither the receipt, its form nor a refund of it.
		parking := s.browser()
		parking.signIn("parking@council.example", "/admin")
		big := portalPayment(t, a, 15000, 14500)
		parking.get("/admin/receipts/"+big+"/refund").want(t, http.StatusNotFound)
		parking.post("/admin/receipts/"+big+"/refund", url.Values{"key": {"x"}, "line": {"1"}, "reason": {"x"}, "confirm": {"yes"}}).want(t, http.StatusNotFound)
		paymentID := paymentOf(t, db, big)
		outsider := ims.Principal{UserID: 999, Roles: []ims.Role{ims.Refund, ims.PartialRefund}, Funds: []string{"11", "2R"}}
		if _, _, err := a.Payments.Refund(context.Background(), outsider, ims.RefundRequest{PaymentID: paymentID, Reason: "x",
			IdempotencyKey: "outsider"}); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("a refund by another fund group's user: %v; want NotFound", err)
		}

		// Above the limit: awaits an approver who is not the asker.
		senior := s.browser()
		senior.signIn("senior@council.example", "/admin")
		key, entries = senior.refundForm(big)
		r = senior.post("/admin/receipts/"+big+"/refund", url.Values{"key": {key}, "line": {entries[0]}, "amount-" + entries[0]: {"120.00"},
			"reason": {"Overpaid"}, "confirm": {"yes"}})
		senior.get(r.location).want(t, http.StatusOK, "of £120.00 is above the approval limit", "Awaiting approval")
		list := senior.get("/admin/refunds/approvals")
		list.want(t, http.StatusOK, "Overpaid", "£120.00", "You asked for this refund")
		awaiting := between(list.body, `id="refund-`, `"`)
		senior.post("/admin/refunds/"+awaiting+"/approve", nil).want(t, http.StatusForbidden, "someone other than whoever asked")
		parking.get("/admin/refunds/approvals").want(t, http.StatusOK, "No refund is waiting for approval")
		parking.post("/admin/refunds/"+awaiting+"/approve", nil).want(t, http.StatusNotFound)

		approve := s.browser()
		approve.signIn("approver@council.example", "/admin")
		approve.get("/admin").want(t, http.StatusOK, `href="/admin/refunds/approvals"`)
		approve.get("/admin/refunds/approvals").want(t, http.StatusOK, "Sam senior", "/admin/receipts/"+big, "Approve refund "+awaiting)
		r = approve.post("/admin/refunds/"+awaiting+"/approve", nil)
		if r.status != http.StatusSeeOther {
			t.Fatalf("approving: %d\n%s", r.status, r.body)
		}
		approve.get(r.location).want(t, http.StatusOK, "Approved. Refund "+awaiting+" of £120.00 succeeded", "No refund is waiting for approval")
		// The receipt names who asked and who approved, not their user ids.
		senior.get("/admin/receipts/"+big).want(t, http.StatusOK, "Succeeded (approved by Sam approver (approver@council.example))",
			"Sam senior (senior@council.example)")

		// Rejected, with a reason that is required.
		key, entries = senior.refundForm(big)
		r = senior.post("/admin/receipts/"+big+"/refund", url.Values{"key": {key}, "line": entries, "amount-" + entries[0]: {"30.00"},
			"amount-" + entries[1]: {"145.00"}, "reason": {"Cancelled booking"}, "confirm": {"yes"}})
		senior.get(r.location).want(t, http.StatusOK, "of £175.00 is above the approval limit")
		list = approve.get("/admin/refunds/approvals")
		awaiting = between(list.body, `id="refund-`, `"`)
		approve.post("/admin/refunds/"+awaiting+"/reject", url.Values{"reason": {" "}}).want(t, http.StatusUnprocessableEntity,
			`href="#f-reason-`+awaiting+`"`, "Enter the reason for rejecting the refund")
		r = approve.post("/admin/refunds/"+awaiting+"/reject", url.Values{"reason": {"Booking was kept"}})
		approve.get(r.location).want(t, http.StatusOK, "rejected: nothing is returned to the payer")
		senior.get("/admin/receipts/"+big).want(t, http.StatusOK, "Rejected by Sam approver (approver@council.example): Booking was kept")
		senior.get("/admin/receipts/"+big+"/refund").want(t, http.StatusOK, "£175.00 of this payment can still be refunded")
	})
}

// paymentOf returns the card payment a receipt records.
func paymentOf(t *testing.T, db *sqldb.DB, receipt string) string {
	t.Helper()
	var id string
	if err := db.SQL.QueryRow(`SELECT id FROM pending_payments WHERE receipt_number = $1`, receipt).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
