package suspense_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/suspense"
	"github.com/ims-council/ims/money"
)

// finance is a finance officer of the sundry income group (funds 19 and 13) who also sees the
// suspense fund 1.
var finance = ims.Principal{UserID: 7, Name: "Fay Finance", Roles: []ims.Role{ims.Finance}, Funds: []string{"19", "13", "1"}}

var auditor = ims.Principal{UserID: 8, Name: "Audrey", Roles: []ims.Role{ims.Auditor}}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func rig(t *testing.T, db *sqldb.DB) *suspense.Service {
	t.Helper()
	demotest.Council(t, db)
	return suspense.New(db)
}

func create(t *testing.T, s *suspense.Service, amount money.Pence, ref string) ims.SuspenseItem {
	t.Helper()
	it, created, err := s.Create(context.Background(), finance, ims.NewSuspenseItem{Amount: amount, Reference: ref,
		Narrative: "BGC " + ref, MOP: "BK", Reason: "Reference matches no account"})
	must(t, err)
	if !created {
		t.Fatal("not created")
	}
	return it
}

func take(items ...ims.SuspenseItem) []ims.SuspenseTake {
	var takes []ims.SuspenseTake
	for _, it := range items {
		takes = append(takes, ims.SuspenseTake{ID: it.ID, Version: it.Version})
	}
	return takes
}

func line(fund, ref string, amount money.Pence) ims.AllocationLine {
	return ims.AllocationLine{Fund: fund, Reference: ref, Amount: amount}
}

func totals(t *testing.T, s *suspense.Service, f ims.SuspenseFilter) ims.SuspenseTotals {
	t.Helper()
	page, err := s.List(context.Background(), finance, f)
	must(t, err)
	return page.Totals
}

// ledgerSound checks that the ledger's and audit trail's chains verify and that the suspense fund
// holds exactly what the items have left.
func ledgerSound(t *testing.T, db *sqldb.DB, s *suspense.Service) {
	t.Helper()
	l, a, err := ledger.New(db).Verify(context.Background(), auditor)
	must(t, err)
	if l.BrokenAt != 0 || a.BrokenAt != 0 {
		t.Fatalf("chains broken: ledger %+v audit %+v", l, a)
	}
	var inSuspense, unbalanced int64
	must(t, db.SQL.QueryRow(`SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE fund = '1'`).Scan(&inSuspense))
	if got := totals(t, s, ims.SuspenseFilter{}).Remaining; money.Pence(inSuspense) != got {
		t.Errorf("suspense fund holds %d, items have %d left", inSuspense, got)
	}
	must(t, db.SQL.QueryRow(`SELECT COUNT(*) FROM (SELECT p.id FROM postings p JOIN ledger_entries e ON e.posting_id = p.id
		WHERE p.kind = 'suspense_allocation' GROUP BY p.id HAVING SUM(e.amount) <> 0) x`).Scan(&unbalanced))
	if unbalanced != 0 {
		t.Errorf("%d allocation postings do not net to zero", unbalanced)
	}
}

func TestCreateListAndAllocatePartlyThenFully(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := rig(t, db)
		a := create(t, s, 10000, "SI 412")
		create(t, s, 2550, "UNKNOWN")
		if got := totals(t, s, ims.SuspenseFilter{}); got != (ims.SuspenseTotals{Count: 2, Value: 12550, Remaining: 12550}) {
			t.Fatalf("totals after create: %+v", got)
		}
		if got := totals(t, s, ims.SuspenseFilter{Reference: "si 4"}); got.Count != 1 || got.Value != 10000 {
			t.Errorf("reference filter: %+v", got)
		}

		res, created, err := s.Allocate(ctx, finance, ims.SuspenseAllocationRequest{Items: take(a),
			Lines: []ims.AllocationLine{line("19", "SI/26/00412", 6000)}})
		must(t, err)
		if !created || res.Amount != 6000 || res.Items[0].Remaining() != 4000 || res.Items[0].Status() != ims.SuspensePart {
			t.Fatalf("partial allocation: %+v", res)
		}
		if got := totals(t, s, ims.SuspenseFilter{Status: ims.SuspensePart}); got != (ims.SuspenseTotals{Count: 1, Value: 10000, Remaining: 4000}) {
			t.Errorf("part-allocated totals: %+v", got)
		}
		if _, _, err := s.Allocate(ctx, finance, ims.SuspenseAllocationRequest{Items: take(a),
			Lines: []ims.AllocationLine{line("19", "SI/26/00413", 4000)}}); ims.ErrorCode(err) != ims.Conflict {
			t.Errorf("allocating from the version before the first allocation: %v; want Conflict", err)
		}
		a = res.Items[0]
		res, _, err = s.Allocate(ctx, finance, ims.SuspenseAllocationRequest{Items: take(a),
			Lines: []ims.AllocationLine{line("19", "SI/26/00413", 4000)}})
		must(t, err)
		if res.Items[0].Status() != ims.SuspenseAllocated {
			t.Errorf("after the rest: %+v", res.Items[0])
		}
		detail, err := s.Get(ctx, finance, a.ID)
		must(t, err)
		if len(detail.Allocations) != 2 || detail.Allocations[0].Amount != 6000 || detail.Allocations[1].Amount != 4000 {
			t.Errorf("allocations on the detail: %+v", detail.Allocations)
		}
		if got := totals(t, s, ims.SuspenseFilter{}); got != (ims.SuspenseTotals{Count: 2, Value: 12550, Remaining: 2550}) {
			t.Errorf("totals after allocating: %+v", got)
		}
		if got := totals(t, s, ims.SuspenseFilter{Status: ims.SuspenseUnallocated}); got.Count != 1 || got.Value != 2550 {
			t.Errorf("unallocated totals: %+v", got)
		}
		ledgerSound(t, db, s)
	})
}

func TestAllocateSeveralItemsWithACreditNote(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := rig(t, db)
		a, b, c := create(t, s, 3000, "A"), create(t, s, 5000, "B"), create(t, s, 7000, "C")
		// 9,000 in lines less a 1,000 credit note: 8,000 taken from a (all), then b (all), c untouched.
		res, _, err := s.Allocate(ctx, finance, ims.SuspenseAllocationRequest{Items: take(a, b, c),
			Lines:       []ims.AllocationLine{line("19", "SI/1", 4000), line("13", "MISC 9", 5000)},
			CreditNotes: []ims.AllocationLine{line("19", "CN/7", 1000)}})
		must(t, err)
		var left []money.Pence
		for _, it := range res.Items {
			left = append(left, it.Remaining())
		}
		if len(left) != 3 || left[0] != 0 || left[1] != 0 || left[2] != 7000 {
			t.Errorf("left on the items: %v; want [0 0 7000]", left)
		}
		var entries, creditNotes int64
		must(t, db.SQL.QueryRow(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN kind = 'credit_note' THEN amount END), 0)
			FROM ledger_entries WHERE posting_id = $1`, res.PostingID).Scan(&entries, &creditNotes))
		if entries != 5 || creditNotes != -1000 {
			t.Errorf("posting has %d entries and credit notes of %d; want 5 and -1000", entries, creditNotes)
		}
		var linked int64
		must(t, db.SQL.QueryRow(`SELECT COUNT(*) FROM ledger_entries o JOIN ledger_entries i ON i.id = o.links_entry
			JOIN suspense_items s ON s.posting_id = i.posting_id AND s.posting_line = i.line
			WHERE o.posting_id = $1 AND o.kind = 'suspense_out' AND i.kind = 'suspense_in' AND o.amount = -i.amount`, res.PostingID).Scan(&linked))
		if linked != 2 {
			t.Errorf("%d suspense-out entries linked to their items' suspense-in entries; want 2", linked)
		}
		// Fund 13 takes no credit notes; more than is left is refused and posts nothing.
		_, _, err = s.Allocate(ctx, finance, ims.SuspenseAllocationRequest{Items: take(res.Items[2]),
			Lines: []ims.AllocationLine{line("19", "SI/2", 2000)}, CreditNotes: []ims.AllocationLine{line("13", "X", 500)}})
		if msg := ims.ErrorFields(err)["credit_notes[0].fund_code"]; !strings.Contains(msg, "does not take credit notes") {
			t.Errorf("credit note from fund 13: %v", err)
		}
		_, _, err = s.Allocate(ctx, finance, ims.SuspenseAllocationRequest{Items: take(res.Items[2]),
			Lines: []ims.AllocationLine{line("19", "SI/2", 7001)}})
		if msg := ims.ErrorFields(err)["lines"]; !strings.Contains(msg, "£70.00 left") {
			t.Errorf("more than is left: %v", err)
		}
		ledgerSound(t, db, s)
	})
}

func TestAllocationLinesAreCheckedLikePayments(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := rig(t, db)
		it := create(t, s, 5000, "RENT?")
		_, _, err := s.Allocate(ctx, finance, ims.SuspenseAllocationRequest{Items: take(it),
			Lines: []ims.AllocationLine{line("19", "SI/9", 1000), line("19", "", 1000)}})
		if msg := ims.ErrorFields(err)["lines[1].reference"]; msg == "" {
			t.Errorf("a blank reference: %v; want lines[1].reference named", err)
		}
		// Housing rents (fund 5) is outside the sundry group: refused as a fund that does not exist.
		_, _, err = s.Allocate(ctx, finance, ims.SuspenseAllocationRequest{Items: take(it),
			Lines: []ims.AllocationLine{line("5", "51000123017", 5000)}})
		if msg := ims.ErrorFields(err)["lines[0].fund_code"]; !strings.Contains(msg, "does not exist") {
			t.Errorf("a fund outside the user's groups: %v", err)
		}
		_, _, err = s.Allocate(ctx, finance, ims.SuspenseAllocationRequest{Items: take(it),
			Lines: []ims.AllocationLine{line("1", "BACK", 5000)}})
		if msg := ims.ErrorFields(err)["lines[0].fund_code"]; !strings.Contains(msg, "cannot be allocated to the suspense fund") {
			t.Errorf("a line to the suspense fund: %v", err)
		}
		vat := func(fund, code string) ims.AllocationLine {
			l := line(fund, "V1", 1000)
			l.VATCode = code
			return l
		}
		_, _, err = s.Allocate(ctx, finance, ims.SuspenseAllocationRequest{Items: take(it),
			Lines: []ims.AllocationLine{vat("13", "N0"), vat("19", "W0"), vat("13", "ZZ")}})
		fields := ims.ErrorFields(err)
		if len(fields) != 2 || !strings.Contains(fields["lines[1].vat_code"], "does not allow VAT code W0") ||
			!strings.Contains(fields["lines[2].vat_code"], "VAT code ZZ does not exist") {
			t.Errorf("VAT codes a fund does not allow: %v", err)
		}
		housing := ims.Principal{UserID: 9, Name: "Hal", Roles: []ims.Role{ims.Finance}, Funds: []string{"5", "1"}}
		_, _, err = s.Allocate(ctx, housing, ims.SuspenseAllocationRequest{Items: take(it),
			Lines: []ims.AllocationLine{line("5", "51000999999", 5000)}})
		if msg := ims.ErrorFields(err)["lines[0].reference"]; msg == "" {
			t.Errorf("an invalid rents reference: %v; want lines[0].reference named", err)
		}
		var allocations int64
		must(t, db.SQL.QueryRow(`SELECT COUNT(*) FROM postings WHERE kind = 'suspense_allocation'`).Scan(&allocations))
		if allocations != 0 {
			t.Errorf("%d allocation postings after refusals; want 0", allocations)
		}
		if _, _, err := s.Allocate(ctx, housing, ims.SuspenseAllocationRequest{Items: take(it),
			Lines: []ims.AllocationLine{line("5", "51000123017", 5000)}}); err != nil {
			t.Errorf("the housing officer allocating to a rent account: %v", err)
		}
	})
}

func TestConcurrentAllocationsOfOneItemPostOnce(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := rig(t, db)
		it := create(t, s, 5000, "X")
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, errs[i] = s.Allocate(ctx, finance, ims.SuspenseAllocationRequest{Items: take(it),
					Lines: []ims.AllocationLine{line("19", "SI/"+string(rune('A'+i)), 5000)}})
			}()
		}
		wg.Wait()
		won, conflicts := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case ims.ErrorCode(err) == ims.Conflict && strings.Contains(ims.ErrorMessage(err), "someone else just now"):
				conflicts++
			default:
				t.Errorf("unexpected: %v", err)
			}
		}
		var postings int64
		must(t, db.SQL.QueryRow(`SELECT COUNT(*) FROM postings WHERE kind = 'suspense_allocation'`).Scan(&postings))
		if won != 1 || conflicts != 1 || postings != 1 {
			t.Errorf("%d won, %d conflicts, %d postings; want 1, 1, 1", won, conflicts, postings)
		}
		ledgerSound(t, db, s)
	})
}

func TestRolesIdempotencyAndNotes(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := rig(t, db)
		clerk := ims.Principal{UserID: 3, Name: "Cal", Roles: []ims.Role{ims.PostPayment}, Funds: []string{"19"}}
		n := ims.NewSuspenseItem{Amount: 1200, MOP: "1", Reason: "Cash with no paperwork", IdempotencyKey: "k1"}
		if _, _, err := s.Create(ctx, clerk, n); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("create without Finance: %v", err)
		}
		if _, err := s.List(ctx, clerk, ims.SuspenseFilter{}); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("list without Finance: %v", err)
		}
		client := ims.Principal{APIClientID: 4, Name: "bank feed", Scopes: []ims.Scope{ims.ScopePayments}, AllFunds: true}
		if _, _, err := s.Create(ctx, client, n); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("API client without scope suspense: %v", err)
		}
		client.Scopes = append(client.Scopes, ims.ScopeSuspense)
		first, created, err := s.Create(ctx, client, n)
		must(t, err)
		again, repeated, err := s.Create(ctx, client, n)
		must(t, err)
		if !created || repeated || again.ID != first.ID || first.Source != ims.SuspenseFromAPI {
			t.Errorf("repeated key: first %+v created %v, again %+v created %v", first, created, again, repeated)
		}
		n.Amount = 1300
		if _, _, err := s.Create(ctx, client, n); ims.ErrorCode(err) != ims.Conflict {
			t.Errorf("key reused for another item: %v", err)
		}
		if _, _, err := s.Create(ctx, finance, ims.NewSuspenseItem{Amount: 0, MOP: "1", Received: time.Now().AddDate(0, 0, 3)}); len(ims.ErrorFields(err)) != 3 {
			t.Errorf("a bad item: %v; want amount, reason and received named", err)
		}
		must(t, s.AddNote(ctx, finance, first.ID, "Rang the bank: no remitter details"))
		if err := s.AddNote(ctx, finance, first.ID+99, "x"); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("note on a missing item: %v", err)
		}
		detail, err := s.Get(ctx, finance, first.ID)
		must(t, err)
		if len(detail.Notes) != 1 || detail.Notes[0].AuthorName != "Fay Finance" || detail.Receipt == "" {
			t.Errorf("detail: %+v", detail)
		}
		var audited int64
		must(t, db.SQL.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE entity = 'suspense_item'`).Scan(&audited))
		if audited != 2 {
			t.Errorf("%d audit events of suspense items; want 2 (create, note)", audited)
		}
		ledgerSound(t, db, s)
	})
}

func TestListPagesWithACursor(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := rig(t, db)
		for i := range 5 {
			create(t, s, money.Pence(100*(i+1)), "P")
		}
		var seen []int64
		f := ims.SuspenseFilter{Limit: 2}
		for {
			page, err := s.List(ctx, finance, f)
			must(t, err)
			if page.Totals.Count != 5 || page.Totals.Value != 1500 {
				t.Fatalf("totals on every page: %+v", page.Totals)
			}
			for _, it := range page.Items {
				seen = append(seen, it.ID)
			}
			if page.Next == 0 {
				break
			}
			f.After = page.Next
		}
		if len(seen) != 5 {
			t.Errorf("saw %v; want 5 items", seen)
		}
		if got := totals(t, s, ims.SuspenseFilter{Amount: 300}); got.Count != 1 {
			t.Errorf("amount filter: %+v", got)
		}
		// Items received on 1, 2 and 3 December; a range takes its end days in.
		for day := 1; day <= 3; day++ {
			_, _, err := s.Create(ctx, finance, ims.NewSuspenseItem{Amount: 999, MOP: "BK", Reason: "r", Reference: "DATED",
				Received: time.Date(2025, 12, day, 0, 0, 0, 0, time.UTC)})
			must(t, err)
		}
		dated := func(from, to int) int64 {
			f := ims.SuspenseFilter{Reference: "dated", From: time.Date(2025, 12, from, 0, 0, 0, 0, time.UTC),
				To: time.Date(2025, 12, to, 0, 0, 0, 0, time.UTC)}
			return totals(t, s, f).Count
		}
		if got := []int64{dated(1, 3), dated(2, 2), dated(2, 3), dated(4, 9)}; got[0] != 3 || got[1] != 1 || got[2] != 2 || got[3] != 0 {
			t.Errorf("items received 1–3, 2–2, 2–3, 4–9 December: %v; want [3 1 2 0]", got)
		}
	})
}
