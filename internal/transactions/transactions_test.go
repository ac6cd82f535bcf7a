package transactions_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/transactions"
	"github.com/ims-council/ims/money"
)

var (
	// poster writes the test postings; clerk searches every fund.
	poster = ims.Principal{UserID: 5, Name: "Poster", Roles: ims.AllRoles()}
	clerk  = ims.Principal{UserID: 6, Roles: []ims.Role{ims.TransactionList, ims.TransactionDetails, ims.SuperUser}}
	// sundry sees fund 13 only.
	sundry = ims.Principal{UserID: 7, Roles: []ims.Role{ims.TransactionList, ims.TransactionDetails}, Funds: []string{"13"}}
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

type rig struct {
	t   *testing.T
	db  *sqldb.DB
	l   *ledger.Service
	s   *transactions.Service
	ctx context.Context
}

func newRig(t *testing.T, db *sqldb.DB) *rig {
	demotest.Council(t, db)
	return &rig{t: t, db: db, l: ledger.New(db), s: transactions.New(db), ctx: context.Background()}
}

// entry is one line of a test posting.
type entry struct {
	fund, ref, mop, narrative, last4 string
	amount                           money.Pence
}

func (r *rig) post(np ims.NewPosting, p ims.Principal, lines ...entry) ims.Posting {
	r.t.Helper()
	for _, l := range lines {
		np.Entries = append(np.Entries, ims.NewLedgerEntry{Kind: ims.EntryPayment, Fund: l.fund, Reference: l.ref, MOP: l.mop,
			Amount: l.amount, Narrative: l.narrative, CardLast4: l.last4})
	}
	if np.Kind == "" {
		np.Kind, np.Source = ims.PostingManual, ims.SourceStaff
	}
	po, err := r.l.Post(r.ctx, p, np)
	must(r.t, err)
	return po
}

// refs returns the references a search finds, in order.
func (r *rig) refs(p ims.Principal, q ims.TransactionQuery) []string {
	r.t.Helper()
	page, err := r.s.Search(r.ctx, p, q)
	must(r.t, err)
	var out []string
	for _, tr := range page.Transactions {
		out = append(out, tr.Reference)
	}
	return out
}

func pence(p money.Pence) *money.Pence { return &p }

func TestSearchByEachFilter(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db)
		clock := db.Clock.(*sqldbtest.Clock)
		day1 := clock.Now()
		a := r.post(ims.NewPosting{Office: "CO"}, poster, entry{"13", "AB1001", "1", "Hall hire deposit", "4242", 1250})
		r.post(ims.NewPosting{Office: "PR"}, clerkPoster, entry{"19", "AB2002", "24", "Invoice 2002", "", 3000})
		clock.Advance(24 * time.Hour)
		day2 := clock.Now()
		r.post(ims.NewPosting{Kind: ims.PostingImport, Source: ims.SourceImport, SourceRef: "77"}, poster,
			entry{"13", "ZZ3003", "1", "Market stall", "", 1250}, entry{"19", "xAB1001", "24", "Rent of AB1001", "", 500})

		cases := []struct {
			name string
			q    ims.TransactionQuery
			want []string
		}{
			{"everything, newest date first", ims.TransactionQuery{}, []string{"xAB1001", "ZZ3003", "AB2002", "AB1001"}},
			{"fund", ims.TransactionQuery{Fund: "19"}, []string{"xAB1001", "AB2002"}},
			{"method of payment", ims.TransactionQuery{MOP: "24"}, []string{"xAB1001", "AB2002"}},
			{"business date range", ims.TransactionQuery{From: ims.BusinessDate(day1, db.London), To: ims.BusinessDate(day1, db.London)}, []string{"AB2002", "AB1001"}},
			{"time range", ims.TransactionQuery{After: day2.Add(-time.Minute), Before: day2.Add(time.Minute)}, []string{"xAB1001", "ZZ3003"}},
			{"reference exactly", ims.TransactionQuery{Reference: "AB1001"}, []string{"AB1001"}},
			{"reference prefix", ims.TransactionQuery{Reference: "AB", Match: ims.MatchPrefix}, []string{"AB2002", "AB1001"}},
			{"reference contains, any case", ims.TransactionQuery{Reference: "ab10", Match: ims.MatchContains}, []string{"xAB1001", "AB1001"}},
			{"receipt as read over the phone", ims.TransactionQuery{Receipt: strings.ToLower(a.ReceiptNumber)}, []string{"AB1001"}},
			{"amount", ims.TransactionQuery{Amount: pence(1250)}, []string{"ZZ3003", "AB1001"}},
			{"narrative contains", ims.TransactionQuery{Narrative: "INVOICE"}, []string{"AB2002"}},
			{"card last 4", ims.TransactionQuery{CardLast4: "4242"}, []string{"AB1001"}},
			{"import", ims.TransactionQuery{ImportID: 77}, []string{"xAB1001", "ZZ3003"}},
			{"another import", ims.TransactionQuery{ImportID: 78}, nil},
			{"office", ims.TransactionQuery{Office: "PR"}, []string{"AB2002"}},
			{"user", ims.TransactionQuery{User: "user:8"}, []string{"AB2002"}},
			{"source", ims.TransactionQuery{Source: ims.SourceImport}, []string{"xAB1001", "ZZ3003"}},
			{"amount order", ims.TransactionQuery{Sort: ims.SortAmountAsc}, []string{"xAB1001", "AB1001", "ZZ3003", "AB2002"}},
			{"reference order, largest first", ims.TransactionQuery{Sort: ims.SortReferenceDesc}, []string{"xAB1001", "ZZ3003", "AB2002", "AB1001"}},
			{"oldest first", ims.TransactionQuery{Sort: ims.SortDateAsc}, []string{"AB1001", "AB2002", "ZZ3003", "xAB1001"}},
		}
		for _, c := range cases {
			if got := r.refs(clerk, c.q); !slices.Equal(got, c.want) {
				t.Errorf("%s: found %q; want %q", c.name, got, c.want)
			}
		}
		page, err := r.s.Search(r.ctx, clerk, ims.TransactionQuery{Reference: "AB1001"})
		must(t, err)
		if tr := page.Transactions[0]; tr.ReceiptNumber != a.ReceiptNumber || tr.CardLast4 != "4242" || tr.Actor != "user:5" || tr.PostingKind != ims.PostingManual {
			t.Errorf("transaction found: %+v", tr)
		}
		for _, bad := range []ims.TransactionQuery{{Cursor: "not-a-cursor"}, {Amount: pence(0)},
			{From: day2, To: day1}} {
			if _, err := r.s.Search(r.ctx, clerk, bad); ims.ErrorCode(err) != ims.Invalid {
				t.Errorf("search %+v: %v; want Invalid", bad, err)
			}
		}
	})
}

// clerkPoster posts as another user, for the user filter.
var clerkPoster = ims.Principal{UserID: 8, Roles: ims.AllRoles()}

func TestPagesFollowOneAnotherInEveryOrder(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db)
		clock := db.Clock.(*sqldbtest.Clock)
		// Ties on every sort column, so the id must break them.
		for i, ref := range []string{"C1", "A1", "B1", "A1", "C1", "B1", "A1"} {
			if i%3 == 0 {
				clock.Advance(24 * time.Hour)
			}
			r.post(ims.NewPosting{}, poster, entry{"13", ref, "1", "", "", money.Pence(100 * (1 + i%2))})
		}
		for _, sort := range ims.TransactionSorts() {
			sort, _ := ims.ParseTransactionSort(string(sort))
			all, err := r.s.Search(r.ctx, clerk, ims.TransactionQuery{Sort: sort})
			must(t, err)
			var walked []int64
			q := ims.TransactionQuery{Sort: sort, Limit: 3}
			for pages := 0; ; pages++ {
				page, err := r.s.Search(r.ctx, clerk, q)
				must(t, err)
				for _, tr := range page.Transactions {
					walked = append(walked, tr.ID)
				}
				if pages == 0 {
					// Money posted while someone pages is not on a page they have not reached
					// yet unless it sorts there, and never twice.
					r.post(ims.NewPosting{}, poster, entry{"19", "ZZ", "1", "", "", 999999})
				}
				if page.Next == "" {
					break
				}
				q.Cursor = page.Next
			}
			var want []int64
			for _, tr := range all.Transactions {
				want = append(want, tr.ID)
			}
			walked = slices.DeleteFunc(walked, func(id int64) bool { return !slices.Contains(want, id) })
			if !slices.Equal(walked, want) {
				t.Errorf("sort %q: pages gave %v; one search gave %v", sort, walked, want)
			}
		}
		if _, err := r.s.Search(r.ctx, clerk, ims.TransactionQuery{Sort: ims.SortAmountAsc,
			Cursor: ims.TransactionCursor{Value: "2026-03-10", ID: 1}.Encode()}); ims.ErrorCode(err) != ims.Invalid {
			t.Errorf("a date cursor on an amount search: %v; want Invalid", err)
		}
	})
}

func TestFundGroupsLimitSearchExportAndReceipts(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db)
		mine := r.post(ims.NewPosting{}, poster, entry{"13", "MINE", "1", "", "", 100})
		theirs := r.post(ims.NewPosting{}, poster, entry{"19", "THEIRS", "1", "", "", 200})
		mixed := r.post(ims.NewPosting{}, poster, entry{"13", "MIXED", "1", "", "", 300}, entry{"19", "MIXED", "1", "", "", 400})
		client := func(funds []string, all bool, scopes ...ims.Scope) ims.Principal {
			return ims.Principal{APIClientID: 3, Scopes: scopes, Funds: funds, AllFunds: all}
		}
		nobody := ims.Principal{UserID: 9, Roles: []ims.Role{ims.TransactionList, ims.TransactionDetails}}
		for _, c := range []struct {
			name string
			p    ims.Principal
			want []string
		}{
			{"a user of fund 13", sundry, []string{"MIXED", "MINE"}},
			{"a user of no fund group", nobody, nil},
			{"an API client of fund 13", client([]string{"13"}, false, ims.ScopeTransactions), []string{"MIXED", "MINE"}},
			{"an API client of no fund group", client(nil, true, ims.ScopeTransactions), []string{"MIXED", "MIXED", "THEIRS", "MINE"}},
		} {
			if got := r.refs(c.p, ims.TransactionQuery{Sort: ims.SortReferenceAsc}); !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(c.want))) {
				t.Errorf("%s searched and found %q; want %q", c.name, got, c.want)
			}
			var exported []string
			must(t, r.s.Export(r.ctx, c.p, ims.TransactionQuery{}, func(tr ims.Transaction) error {
				exported = append(exported, tr.Reference)
				return nil
			}))
			if len(exported) != len(c.want) {
				t.Errorf("%s exported %q; want %q", c.name, exported, c.want)
			}
			if _, err := r.s.Search(r.ctx, c.p, ims.TransactionQuery{Receipt: theirs.ReceiptNumber}); err != nil {
				t.Errorf("%s searching for another fund's receipt: %v", c.name, err)
			}
		}
		if got := r.refs(sundry, ims.TransactionQuery{Fund: "19"}); len(got) != 0 {
			t.Errorf("a user of fund 13 asking for fund 19 found %q", got)
		}
		if got := r.refs(sundry, ims.TransactionQuery{Fund: " 13 ", Sort: ims.SortReferenceAsc}); !slices.Equal(got, []string{"MINE", "MIXED"}) {
			t.Errorf("a user of fund 13 asking for fund 13 found %q", got)
		}
		if _, err := r.s.Receipt(r.ctx, sundry, mine.ReceiptNumber); err != nil {
			t.Errorf("opening a receipt of one's own fund: %v", err)
		}
		for _, po := range []ims.Posting{theirs, mixed} {
			if _, err := r.s.Receipt(r.ctx, sundry, po.ReceiptNumber); ims.ErrorCode(err) != ims.NotFound {
				t.Errorf("opening receipt %s with an entry of another fund: %v; want NotFound", po.ReceiptNumber, err)
			}
		}
		if _, err := r.s.Receipt(r.ctx, nobody, mine.ReceiptNumber); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("a user of no fund group opening a receipt: %v; want NotFound", err)
		}
		if _, err := r.s.Receipt(r.ctx, client(nil, true, ims.ScopeTransactions), mixed.ReceiptNumber); err != nil {
			t.Errorf("an API client of no fund group opening a receipt: %v", err)
		}
		for name, p := range map[string]ims.Principal{"an API client without the scope": client(nil, true, ims.ScopePayments),
			"a user without TransactionList": {UserID: 10, Roles: []ims.Role{ims.Finance, ims.SuperUser}}} {
			if _, err := r.s.Search(r.ctx, p, ims.TransactionQuery{}); ims.ErrorCode(err) != ims.Forbidden {
				t.Errorf("%s searching: %v; want Forbidden", name, err)
			}
			if err := r.s.Export(r.ctx, p, ims.TransactionQuery{}, func(ims.Transaction) error { return nil }); ims.ErrorCode(err) != ims.Forbidden {
				t.Errorf("%s exporting: %v; want Forbidden", name, err)
			}
		}
		if _, err := r.s.Receipt(r.ctx, ims.Principal{UserID: 11, Roles: []ims.Role{ims.TransactionList, ims.SuperUser}}, mine.ReceiptNumber); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("opening a receipt without TransactionDetails: %v; want Forbidden", err)
		}
	})
}

func TestExportStreamsEveryRowWithoutACap(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db)
		var lines []entry
		// More than two of the export's batches of 5,000, and more than a page's 1,000.
		const bulk = 12_001
		for range bulk {
			lines = append(lines, entry{"13", "BULK", "1", "", "", 1})
		}
		r.post(ims.NewPosting{Kind: ims.PostingImport, Source: ims.SourceImport, SourceRef: "5"}, poster, lines...)
		n := 0
		var last int64
		must(t, r.s.Export(r.ctx, clerk, ims.TransactionQuery{ImportID: 5}, func(tr ims.Transaction) error {
			if n++; last != 0 && tr.ID >= last {
				t.Fatalf("row %d: entry %d after entry %d, out of order or twice", n, tr.ID, last)
			}
			last = tr.ID
			return nil
		}))
		if n != bulk {
			t.Errorf("exported %d rows; want all %d", n, bulk)
		}
		// Rows reach the writer as they are read: a writer that fails at the tenth row stops
		// the export there, after exactly ten.
		stop := errors.New("client went away")
		n = 0
		err := r.s.Export(r.ctx, clerk, ims.TransactionQuery{}, func(ims.Transaction) error {
			if n++; n == 10 {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) || n != 10 {
			t.Errorf("export with a writer failing at row 10: %v after %d rows", err, n)
		}
	})
}

func TestReceiptShowsWhatTouchesIt(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db)
		paid := r.post(ims.NewPosting{Office: "CO"}, poster, entry{"13", "HALL", "1", "Hall hire", "", 5000})
		before, err := r.s.Receipt(r.ctx, clerk, paid.ReceiptNumber)
		must(t, err)
		hall := before.Posting.Entries[0].ID
		journal, err := r.l.Post(r.ctx, poster, ims.NewPosting{Kind: ims.PostingJournal, Source: ims.SourceStaff, Narrative: "Wrong fund",
			Entries: []ims.NewLedgerEntry{
				{Kind: ims.EntryJournalDebit, Fund: "13", Reference: "HALL", MOP: "JN", Amount: -5000, LinksEntry: hall},
				{Kind: ims.EntryJournalCredit, Fund: "19", Reference: "INV1", MOP: "JN", Amount: 5000, LinksEntry: hall}}})
		must(t, err)
		d, err := r.s.Receipt(r.ctx, clerk, strings.ToLower(paid.ReceiptNumber))
		must(t, err)
		if d.Posting.ID != paid.ID || len(d.Posting.Entries) != 1 || d.Posting.Entries[0].Reference != "HALL" || d.EntriesShown != 1 {
			t.Errorf("receipt posting: %+v", d.Posting)
		}
		if len(d.LinkedFrom) != 2 || d.LinkedFrom[0].ReceiptNumber != journal.ReceiptNumber {
			t.Errorf("entries linked to the payment: %+v", d.LinkedFrom)
		}
		if len(d.Audit) != 1 || d.Audit[0].Action != "post" || d.Audit[0].Actor != "user:5" {
			t.Errorf("audit of the payment: %+v", d.Audit)
		}
		jd, err := r.s.Receipt(r.ctx, clerk, journal.ReceiptNumber)
		must(t, err)
		if len(jd.LinksTo) != 1 || jd.LinksTo[0].ReceiptNumber != paid.ReceiptNumber || len(jd.LinkedFrom) != 0 {
			t.Errorf("journal links to %+v, linked from %+v", jd.LinksTo, jd.LinkedFrom)
		}
		// A user of fund 13 opens the payment but sees only the journal's line in fund 13.
		sd, err := r.s.Receipt(r.ctx, sundry, paid.ReceiptNumber)
		must(t, err)
		if len(sd.LinkedFrom) != 1 || sd.LinkedFrom[0].Fund != "13" {
			t.Errorf("fund 13's user sees linked entries %+v", sd.LinkedFrom)
		}
		if _, err := r.s.Receipt(r.ctx, clerk, "ZZZZZZZZZZ"); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("an unknown receipt: %v; want NotFound", err)
		}
	})
}
