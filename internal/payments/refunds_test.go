package payments_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/psp/govukpaysim"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
	"github.com/ims-council/ims/money"
)

func (r *rig) apiRefund(t *testing.T, paymentID, key, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("POST", r.srv.URL+"/api/v1/payments/"+paymentID+"/refunds", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+r.token)
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	return r.doAPI(t, req)
}

// paidBasket makes and pays the two-line basket (35.00 parking, 12.50 sundry) and returns its id.
func (r *rig) paidBasket(t *testing.T, key string) string {
	t.Helper()
	_, created := r.apiCreate(t, key, basket)
	id := created["id"].(string)
	must(t, r.sim.Pay(r.providerPaymentID(t, id), "4444333322221111"))
	if got := r.apiGet(t, id); got["state"] != "succeeded" {
		t.Fatalf("payment %v", got)
	}
	return id
}

// refundedTotal is the sum of the refund entries posted against a payment's posting.
func (r *rig) refundedTotal(t *testing.T, paymentID string) money.Pence {
	var total money.Pence
	must(t, r.db.SQL.QueryRow(`SELECT COALESCE(SUM(e.amount), 0) FROM ledger_entries e JOIN ledger_entries o ON o.id = e.links_entry
		JOIN postings p ON p.id = o.posting_id WHERE p.source_ref = $1 AND e.kind = 'refund'`, paymentID).Scan(&total))
	return total
}

func TestRefunds(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		id := r.paidBasket(t, "p1")
		// Partial refund of line 1, then a repeat of the same request: one refund.
		status, ref := r.apiRefund(t, id, "r1", `{"reason":"Paid twice","lines":[{"line":1,"amount":"10.00"}]}`)
		if status != 201 || ref["state"] != "succeeded" || ref["amount"] != "10.00" {
			t.Fatalf("partial refund: %d %v", status, ref)
		}
		if msg, ok := ref["failure_message"]; ok {
			t.Errorf("a succeeded refund carries failure_message %q", msg)
		}
		if status, again := r.apiRefund(t, id, "r1", `{"reason":"Paid twice","lines":[{"line":1,"amount":"10.00"}]}`); status != 200 || again["id"] != ref["id"] {
			t.Fatalf("repeated refund: %d %v", status, again)
		}
		if got := r.refundedTotal(t, id); got != -1000 {
			t.Fatalf("refund entries total %s; want -10.00", got)
		}
		cases := []struct{ name, body, field string }{
			{"more than is left", `{"reason":"x","lines":[{"line":1,"amount":"25.01"}]}`, "lines[0].amount"},
			{"no reason", `{"reason":" ","lines":[{"line":2,"amount":"1.00"}]}`, "reason"},
			{"unknown line", `{"reason":"x","lines":[{"line":9,"amount":"1.00"}]}`, "lines[0].line"},
			{"three decimals", `{"reason":"x","lines":[{"line":2,"amount":"1.001"}]}`, "lines[0].amount"},
		}
		for i, c := range cases {
			status, body := r.apiRefund(t, id, "bad"+string(rune('a'+i)), c.body)
			errs, _ := body["errors"].(map[string]any)
			if status != 422 || errs[c.field] == nil {
				t.Errorf("%s: %d %v; want 422 naming %s", c.name, status, body, c.field)
			}
		}
		// Refund everything left: 25.00 of line 1 and 12.50 of line 2.
		status, rest := r.apiRefund(t, id, "r2", `{"reason":"Cancelled order"}`)
		if status != 201 || rest["state"] != "succeeded" || rest["amount"] != "37.50" {
			t.Fatalf("full refund of the rest: %d %v", status, rest)
		}
		if status, _ := r.apiRefund(t, id, "r3", `{"reason":"again"}`); status != 409 {
			t.Errorf("refund of a fully refunded payment: %d", status)
		}
		if got := r.refundedTotal(t, id); got != -4750 {
			t.Fatalf("refund entries total %s; want -47.50", got)
		}
		rep, err := db.VerifyLedger(context.Background())
		must(t, err)
		if rep.BrokenAt != 0 {
			t.Fatal(rep)
		}
	})
}

// TestConcurrentRefundsCannotTakeTheSameMoney sends two different full refunds at once: one wins,
// the other is refused, and the payer gets the money back once.
func TestConcurrentRefundsCannotTakeTheSameMoney(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		id := r.paidBasket(t, "p2")
		var wg sync.WaitGroup
		statuses := make([]int, 4)
		for i := range statuses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i], _ = r.apiRefund(t, id, "race"+string(rune('a'+i)), `{"reason":"Duplicate payment"}`)
			}()
		}
		wg.Wait()
		won := 0
		for _, s := range statuses {
			if s == 201 {
				won++
			}
		}
		if won != 1 || r.refundedTotal(t, id) != -4750 {
			t.Fatalf("statuses %v; refunded %s; want one refund of 47.50", statuses, r.refundedTotal(t, id))
		}
	})
}

func TestRefundInFlightIsFinishedLater(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRigWith(t, db, govukpaysim.Options{Refunds: govukpaysim.RefundStaysSubmitted, Webhooks: govukpaysim.WebhookPolicy{Hold: true}})
		id := r.paidBasket(t, "p3")
		status, ref := r.apiRefund(t, id, "slow", `{"reason":"Overpaid","lines":[{"line":2,"amount":"2.50"}]}`)
		if status != 201 || ref["state"] != "submitted" {
			t.Fatalf("refund: %d %v", status, ref)
		}
		if r.refundedTotal(t, id) != 0 {
			t.Fatal("a refund still at the provider was posted")
		}
		pp, err := db.PendingPayment(context.Background(), ims.System(), id)
		must(t, err)
		refund, err := db.GetRefund(context.Background(), ims.System(), ref["id"].(string))
		must(t, err)
		must(t, r.sim.CompleteRefund(pp.ProviderPaymentID, refund.ProviderRefundID, true))
		must(t, r.sim.FlushWebhooks(context.Background())) // card_payment_refunded reaches IMS
		r.sim.WaitWebhooks()
		if got := r.refundedTotal(t, id); got != -250 {
			t.Fatalf("after the provider finished: refunded %s; want -2.50", got)
		}
	})
}

func TestLargeRefundWaitsForAnApprover(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		r.pay.RefundApprovalLimit = money.MustParse("20.00")
		id := r.paidBasket(t, "p4")
		status, ref := r.apiRefund(t, id, "big", `{"reason":"Paid in error"}`)
		if status != 201 || ref["state"] != "awaiting_approval" || r.refundedTotal(t, id) != 0 {
			t.Fatalf("large refund: %d %v", status, ref)
		}
		ctx := context.Background()
		// An approver decides only on payments all of whose funds (11 and 19) they see.
		approver := ims.Principal{UserID: 77, Roles: []ims.Role{ims.RefundApprover}, Funds: []string{"19"}}
		if _, err := r.pay.ApproveRefund(ctx, approver, ref["id"].(string)); ims.ErrorCode(err) != ims.NotFound {
			t.Fatalf("approval by a user who does not see fund 11: %v; want NotFound", err)
		}
		approver.Funds = []string{"11", "19"}
		got, err := r.pay.ApproveRefund(ctx, approver, ref["id"].(string))
		must(t, err)
		if got.State != ims.RefundSucceeded || r.refundedTotal(t, id) != -4750 {
			t.Fatalf("after approval: %+v", got)
		}
		if _, err := r.pay.ApproveRefund(ctx, approver, ref["id"].(string)); ims.ErrorCode(err) != ims.Conflict {
			t.Errorf("second approval: %v", err)
		}
	})
}

// apiRefundDecision approves or rejects a refund over the API with the given client's token.
func (r *rig) apiRefundDecision(t *testing.T, token, refundID, decision, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("POST", r.srv.URL+"/api/v1/refunds/"+refundID+"/"+decision, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	return r.doAPI(t, req)
}

// TestRefundApprovalOverTheAPI: a refund above the limit is approved or rejected by another API
// client with scope refund-approvals, never by the client that asked for it; both are audited.
func TestRefundApprovalOverTheAPI(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db, govukpaysim.WebhookPolicy{Hold: true})
		r.pay.RefundApprovalLimit = money.MustParse("20.00")
		ctx := context.Background()
		_, approver, err := users.New(db).CreateAPIClient(ctx, ims.System(), ims.APIClient{Name: "finance approvals", Scopes: []ims.Scope{ims.ScopeRefundApprovals}})
		must(t, err)
		_, requesterToo, err := users.New(db).CreateAPIClient(ctx, ims.System(), ims.APIClient{Name: "shop and approver",
			Scopes: []ims.Scope{ims.ScopePayments, ims.ScopeRefunds, ims.ScopeRefundApprovals}})
		must(t, err)
		id := r.paidBasket(t, "p1")
		_, big := r.apiRefund(t, id, "big", `{"reason":"Paid in error"}`)
		if big["state"] != "awaiting_approval" {
			t.Fatalf("large refund: %v", big)
		}
		refundID := big["id"].(string)
		if status, _ := r.apiRefundDecision(t, r.token, refundID, "approve", ""); status != 403 {
			t.Errorf("approval by a client without scope refund-approvals: %d; want 403", status)
		}
		// The requesting client given the scope still may not approve its own request.
		r.token = requesterToo
		other := r.paidBasket(t, "p2")
		_, own := r.apiRefund(t, other, "own", `{"reason":"Paid in error"}`)
		if status, body := r.apiRefundDecision(t, requesterToo, own["id"].(string), "approve", ""); status != 403 {
			t.Errorf("approval by the requesting client: %d %v; want 403", status, body)
		}
		if status, body := r.apiRefundDecision(t, approver, own["id"].(string), "reject", `{"reason":" "}`); status != 422 {
			t.Errorf("rejection without a reason: %d %v; want 422", status, body)
		}
		status, rejected := r.apiRefundDecision(t, approver, own["id"].(string), "reject", `{"reason":"Not our error"}`)
		if status != 200 || rejected["state"] != "rejected" || !strings.Contains(rejected["failure_message"].(string), "Not our error") {
			t.Errorf("rejection: %d %v", status, rejected)
		}
		status, approved := r.apiRefundDecision(t, approver, refundID, "approve", "")
		if status != 200 || approved["state"] != "succeeded" || r.refundedTotal(t, id) != -4750 {
			t.Errorf("approval: %d %v; refunded %s", status, approved, r.refundedTotal(t, id))
		}
		if status, _ := r.apiRefundDecision(t, approver, refundID, "approve", ""); status != 409 {
			t.Errorf("second approval: %d; want 409", status)
		}
		// A rejected refund leaves the money refundable.
		if status, again := r.apiRefund(t, other, "again", `{"reason":"Paid in error","lines":[{"line":2,"amount":"12.50"}]}`); status != 201 || again["state"] != "succeeded" {
			t.Errorf("refund after a rejection: %d %v", status, again)
		}
		var audited int
		must(t, db.SQL.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE entity = 'refund' AND action IN ('approve', 'reject')`).Scan(&audited))
		if audited != 2 {
			t.Errorf("%d approval audit events; want 2", audited)
		}
	})
}
