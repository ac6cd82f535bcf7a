package ims_test

import (
	"slices"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/money"
)

func TestRefundRequestCheck(t *testing.T) {
	for _, c := range []struct {
		req   ims.RefundRequest
		field string
	}{
		{ims.RefundRequest{Reason: "Paid twice", IdempotencyKey: "k"}, ""},
		{ims.RefundRequest{Reason: "  ", IdempotencyKey: "k"}, "reason"},
		{ims.RefundRequest{Reason: "card 4111 1111 1111 1111", IdempotencyKey: "k"}, "reason"},
		{ims.RefundRequest{Reason: "Paid twice", IdempotencyKey: " "}, "idempotency_key"},
	} {
		err := c.req.Check()
		if (c.field == "" && err != nil) || (c.field != "" && ims.ErrorFields(err)[c.field] == "") {
			t.Errorf("%+v: Check() = %v, want a problem with %q", c.req, err, c.field)
		}
	}
}

func TestRefundPermissions(t *testing.T) {
	clerk := ims.Principal{UserID: 1, Roles: []ims.Role{ims.Refund}}
	senior := ims.Principal{UserID: 2, Roles: []ims.Role{ims.Refund, ims.PartialRefund, ims.RefundApprover}}
	client := ims.Principal{APIClientID: 3, Scopes: []ims.Scope{ims.ScopeRefunds}}
	approver := ims.Principal{APIClientID: 4, Scopes: []ims.Scope{ims.ScopeRefundApprovals}}
	for _, c := range []struct {
		name  string
		check func(ims.Principal) error
		p     ims.Principal
		want  ims.Code
	}{
		{"clerk requests", ims.MayRequestRefund, clerk, ""},
		{"client with refunds scope requests", ims.MayRequestRefund, client, ""},
		{"approving client requests", ims.MayRequestRefund, approver, ims.Forbidden},
		{"nobody requests", ims.MayRequestRefund, ims.Principal{UserID: 9}, ims.Forbidden},
		{"clerk refunds part", ims.MayRefundPartly, clerk, ims.Forbidden},
		{"senior refunds part", ims.MayRefundPartly, senior, ""},
		{"client refunds part", ims.MayRefundPartly, client, ""},
		{"clerk decides", ims.MayDecideRefund, clerk, ims.Forbidden},
		{"senior decides", ims.MayDecideRefund, senior, ""},
		{"approving client decides", ims.MayDecideRefund, approver, ""},
		{"requesting client decides", ims.MayDecideRefund, client, ims.Forbidden},
	} {
		if got := ims.ErrorCode(c.check(c.p)); got != c.want {
			t.Errorf("%s: code %q, want %q", c.name, got, c.want)
		}
	}
}

func TestRefundLines(t *testing.T) {
	left := map[int64]money.Pence{10: 500, 11: 300, 12: 0}
	byLine := map[int]int64{1: 10, 2: 11, 3: 12}

	t.Run("no lines is everything left", func(t *testing.T) {
		lines, partial, err := ims.RefundLines(nil, left, byLine)
		slices.SortFunc(lines, func(a, b ims.RefundLine) int { return int(a.EntryID - b.EntryID) })
		want := []ims.RefundLine{{EntryID: 10, Amount: 500}, {EntryID: 11, Amount: 300}}
		if err != nil || partial || !slices.Equal(lines, want) {
			t.Errorf("RefundLines = %v, %v, %v; want %v, false, nil", lines, partial, err, want)
		}
	})
	t.Run("nothing left", func(t *testing.T) {
		_, _, err := ims.RefundLines(nil, map[int64]money.Pence{10: 0}, byLine)
		if ims.ErrorCode(err) != ims.Conflict {
			t.Errorf("RefundLines = %v, want Conflict", err)
		}
	})
	t.Run("lines by number, all of them", func(t *testing.T) {
		requested := []ims.RefundLine{{Line: 1, Amount: 500}, {EntryID: 11, Amount: 300}}
		lines, partial, err := ims.RefundLines(requested, left, byLine)
		if err != nil || partial || lines[0].EntryID != 10 || lines[1].EntryID != 11 {
			t.Errorf("RefundLines = %v, %v, %v", lines, partial, err)
		}
		if requested[0].EntryID != 0 {
			t.Error("RefundLines changed the request's lines")
		}
	})
	t.Run("part of a line is partial", func(t *testing.T) {
		_, partial, err := ims.RefundLines([]ims.RefundLine{{Line: 2, Amount: 300}}, left, byLine)
		if err != nil || !partial {
			t.Errorf("RefundLines = %v, %v; want partial", partial, err)
		}
	})
	for _, c := range []struct {
		name  string
		lines []ims.RefundLine
		field string
	}{
		{"a line not of the payment", []ims.RefundLine{{Line: 7, Amount: 1}}, "lines[0].line"},
		{"an entry twice", []ims.RefundLine{{Line: 1, Amount: 1}, {EntryID: 10, Amount: 1}}, "lines[1].entry_id"},
		{"nothing", []ims.RefundLine{{Line: 1, Amount: 0}}, "lines[0].amount"},
		{"more than is left", []ims.RefundLine{{Line: 2, Amount: 301}}, "lines[0].amount"},
		{"from a line refunded in full", []ims.RefundLine{{Line: 3, Amount: 1}}, "lines[0].amount"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := ims.RefundLines(c.lines, left, byLine)
			if ims.ErrorCode(err) != ims.Invalid || ims.ErrorFields(err)[c.field] == "" {
				t.Errorf("RefundLines = %v (%v), want Invalid naming %s", err, ims.ErrorFields(err), c.field)
			}
		})
	}
}

func TestRefundStateFor(t *testing.T) {
	for _, c := range []struct {
		amount, limit money.Pence
		want          ims.RefundState
	}{
		{100, 0, ims.RefundPending},
		{100, 100, ims.RefundPending},
		{101, 100, ims.RefundAwaitingApproval},
	} {
		if got := ims.RefundStateFor(c.amount, c.limit); got != c.want {
			t.Errorf("RefundStateFor(%d, %d) = %s, want %s", c.amount, c.limit, got, c.want)
		}
	}
}

func TestCheckRefundDecision(t *testing.T) {
	waiting := ims.PaymentRefund{ID: "ref-1", State: ims.RefundAwaitingApproval, RequestedBy: "user:1"}
	if err := ims.CheckRefundDecision(waiting, ims.Principal{UserID: 2}); err != nil {
		t.Errorf("another person's decision: %v", err)
	}
	if err := ims.CheckRefundDecision(waiting, ims.Principal{UserID: 1}); ims.ErrorCode(err) != ims.Forbidden {
		t.Errorf("the requester's own decision: %v, want Forbidden", err)
	}
	sent := waiting
	sent.State = ims.RefundPending
	if err := ims.CheckRefundDecision(sent, ims.Principal{UserID: 2}); ims.ErrorCode(err) != ims.Conflict {
		t.Errorf("deciding a refund not awaiting approval: %v, want Conflict", err)
	}
}

func TestRefundPosting(t *testing.T) {
	r := ims.PaymentRefund{ID: "ref-1", Reason: "Paid twice", Lines: []ims.RefundLine{{EntryID: 7, Amount: 250}}}
	orig := ims.LedgerEntry{ID: 7, Fund: "13", Reference: "R1", MOP: "CARD", VATCode: "S", Amount: 1000,
		PSPPaymentID: "psp1", PSPReference: "ABC", CardBrand: "visa", CardFirst6: "411111", CardLast4: "1111"}
	np, err := ims.RefundPosting(r, map[int64]ims.LedgerEntry{7: orig})
	if err != nil {
		t.Fatal(err)
	}
	want := ims.NewLedgerEntry{Kind: ims.EntryRefund, Fund: "13", Reference: "R1", MOP: "CARD", Amount: -250, VATCode: "S",
		Narrative: "Refund: Paid twice", PSPPaymentID: "psp1", PSPReference: "ABC", CardBrand: "visa", CardLast4: "1111", LinksEntry: 7}
	if np.Kind != ims.PostingRefund || np.Source != ims.SourceSystem || np.SourceRef != "ref-1" || len(np.Entries) != 1 || np.Entries[0] != want {
		t.Errorf("RefundPosting = %+v, want one entry %+v", np, want)
	}
	if _, err := ims.RefundPosting(r, nil); err == nil {
		t.Error("a refund of an entry that does not exist was posted")
	}
}
