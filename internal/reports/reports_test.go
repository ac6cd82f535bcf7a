package reports_test

import (
	"context"
	"crypto/rand"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/demo"
	"github.com/ims-council/ims/internal/reports"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// now is a Tuesday: the demo week runs from Tuesday 3 to Monday 9 March 2026.
var now = time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC)

// friday holds a journal as well as the weekday's payments and files.
var friday = time.Date(2026, 3, 6, 0, 0, 0, 0, time.UTC)

// entry is a ledger entry as the test reads it, to sum figures its own way.
type entry struct {
	date              time.Time
	kind, postingKind string
	reversesKind      string
	fund, mop, vat    string
	amount, vatAmount int64
	suspenseFund      bool
}

// entries reads every ledger entry with what the test needs to classify it.
func entries(t *testing.T, db *sqldb.DB) []entry {
	t.Helper()
	rows, err := db.SQL.Query(`SELECT e.business_date, e.kind, p.kind, COALESCE(r.kind, ''), e.fund, e.mop, e.vat_code,
		e.amount, e.vat_amount, f.suspense FROM ledger_entries e JOIN postings p ON p.id = e.posting_id
		LEFT JOIN postings r ON r.id = p.reverses JOIN funds f ON f.code = e.fund`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var es []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.date, &e.kind, &e.postingKind, &e.reversesKind, &e.fund, &e.mop, &e.vat,
			&e.amount, &e.vatAmount, &e.suspenseFund); err != nil {
			t.Fatal(err)
		}
		e.date = e.date.UTC()
		es = append(es, e)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(es) == 0 {
		t.Fatal("the demo week posted no entries: the test would compare nothing")
	}
	return es
}

// income is ADR 30's definition, written again: any entry but suspense_in/out, of any fund but the
// suspense fund.
func (e entry) income() bool {
	return !e.suspenseFund && e.kind != string(ims.EntrySuspenseIn) && e.kind != string(ims.EntrySuspenseOut)
}

// sums adds up the income of the entries between two dates that keep says to, by key.
func sums(es []entry, from, to time.Time, keep func(entry) bool, key func(entry) string) map[string]int64 {
	m := map[string]int64{}
	for _, e := range es {
		if e.income() && !e.date.Before(from) && !e.date.After(to) && keep(e) {
			m[key(e)] += e.amount
		}
	}
	return m
}

func lineSums(lines []ims.IncomeLine) map[string]int64 {
	m := map[string]int64{}
	for _, l := range lines {
		m[l.Code] = int64(l.Amount)
	}
	return m
}

func same(t *testing.T, what string, got, want map[string]int64) {
	t.Helper()
	if len(want) == 0 {
		t.Errorf("%s: the test expected nothing, so it would prove nothing", what)
	}
	if len(got) != len(want) {
		t.Errorf("%s = %v; want %v", what, got, want)
		return
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s[%s] = %d; want %d (all: %v; want %v)", what, k, got[k], v, got, want)
		}
	}
}

var cheap = auth.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestReportsOfTheDemoWeek(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		db.Clock.(*sqldbtest.Clock).Set(now)
		if _, err := demo.Load(ctx, db, rand.Reader, cheap); err != nil {
			t.Fatal(err)
		}
		es := entries(t, db)
		s := reports.New(db)
		all := func(entry) bool { return true }
		byFund := func(e entry) string { return e.fund }
		byMOP := func(e entry) string { return e.mop }
		monthStart := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
		finance := ims.Principal{Name: "finance", Roles: []ims.Role{ims.Finance, ims.SuperUser}}

		t.Run("dashboard equals the entries summed", func(t *testing.T) {
			d, err := s.Dashboard(ctx, finance, friday)
			if err != nil {
				t.Fatal(err)
			}
			same(t, "today by fund", lineSums(d.TodayByFund), sums(es, friday, friday, all, byFund))
			same(t, "today by MOP", lineSums(d.TodayByMOP), sums(es, friday, friday, all, byMOP))
			same(t, "month by fund", lineSums(d.MonthByFund), sums(es, monthStart, friday, all, byFund))
			same(t, "month by MOP", lineSums(d.MonthByMOP), sums(es, monthStart, friday, all, byMOP))
			var total int64
			for _, v := range sums(es, monthStart, friday, all, byFund) {
				total += v
			}
			if int64(d.MonthTotal) != total || d.MonthTotal == 0 {
				t.Errorf("month total %d; want %d", d.MonthTotal, total)
			}
			if d.Suspense == nil || d.Suspense.Total.Remaining <= 0 {
				t.Errorf("suspense %+v; want the demo's unallocated bank credits", d.Suspense)
			}
			if !d.Imports {
				t.Error("Finance is not shown imports")
			}
		})

		t.Run("end of day balances with the day's income", func(t *testing.T) {
			e, err := s.EndOfDay(ctx, finance, friday)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int64{}
			var sum, vat int64
			for _, l := range e.Lines {
				got[l.Fund+"/"+l.MOP+"/"+l.VATCode] = int64(l.Amount)
				sum += int64(l.Amount)
				vat += int64(l.VAT)
			}
			same(t, "fund × MOP × VAT", got, sums(es, friday, friday, all, func(e entry) string { return e.fund + "/" + e.mop + "/" + e.vat }))
			var wantVAT, income int64
			for _, x := range es {
				if x.income() && x.date.Equal(friday) {
					wantVAT += x.vatAmount
					income += x.amount
				}
			}
			if sum != int64(e.Total) || sum != income || vat != int64(e.VAT) || vat != wantVAT {
				t.Errorf("lines sum to %d (VAT %d), Total %d (VAT %d); the day's income is %d (VAT %d)", sum, vat, e.Total, e.VAT, income, wantVAT)
			}
			// The bank should see every entry of a posting that brought money in, the suspense
			// fund's too, and no journal.
			var banked, want int64
			for _, b := range e.Banking {
				banked += int64(b.Amount)
			}
			for _, x := range es {
				moved := map[string]bool{"journal": true, "transfer": true, "suspense_allocation": true, "reversal": true}
				if x.date.Equal(friday) && (!moved[x.postingKind] || (x.postingKind == "reversal" && !moved[x.reversesKind])) {
					want += x.amount
				}
			}
			if banked != want || banked == 0 {
				t.Errorf("banking sums to %d; want %d", banked, want)
			}
			channels := map[string]bool{}
			for _, b := range e.Banking {
				channels[b.Channel] = true
				if b.Channel == ims.ChannelCash && b.Place == "" {
					t.Errorf("cash banked at no office: %+v", b)
				}
			}
			for _, c := range []string{ims.ChannelCard, ims.ChannelCash, ims.ChannelCheque} {
				if !channels[c] {
					t.Errorf("no %s banking on a weekday with %s payments: %+v", c, c, e.Banking)
				}
			}
		})

		t.Run("a fund group's user sees only its funds", func(t *testing.T) {
			revenues := ims.Principal{Name: "revenues", Roles: []ims.Role{ims.Reporting}, Funds: []string{"23", "24"}}
			ours := func(e entry) bool { return e.fund == "23" || e.fund == "24" }
			d, err := s.Dashboard(ctx, revenues, friday)
			if err != nil {
				t.Fatal(err)
			}
			same(t, "today by fund", lineSums(d.TodayByFund), sums(es, friday, friday, ours, byFund))
			same(t, "month by MOP", lineSums(d.MonthByMOP), sums(es, monthStart, friday, ours, byMOP))
			if d.Imports || d.Suspense != nil {
				t.Errorf("Reporting of one fund group is shown imports (%v) or suspense (%v)", d.Imports, d.Suspense)
			}
			e, err := s.EndOfDay(ctx, revenues, friday)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range e.Lines {
				if !revenues.SeesFund(l.Fund) {
					t.Errorf("end of day shows fund %s to a user of funds 23 and 24", l.Fund)
				}
			}
			none := ims.Principal{Name: "nobody", Roles: []ims.Role{ims.Reporting}}
			d, err = s.Dashboard(ctx, none, friday)
			if err != nil || len(d.MonthByFund) != 0 || d.MonthTotal != 0 {
				t.Errorf("a user of no fund group sees %+v, %v; want nothing", d.MonthByFund, err)
			}
		})

		t.Run("card payments that failed or were abandoned on the day", func(t *testing.T) {
			var mop string
			if err := db.SQL.QueryRow(`SELECT code FROM mops WHERE provider_account IS NOT NULL ORDER BY code LIMIT 1`).Scan(&mop); err != nil {
				t.Fatal(err)
			}
			london, _ := ims.LondonLocation()
			noon := time.Date(2026, 3, 6, 12, 0, 0, 0, london).UTC()
			// Friday's: one failed of fund 23, one cancelled of funds 23 and 5, one expired of
			// fund 24; Thursday's failure and a payment still in progress do not count.
			for i, p := range []struct {
				state    ims.PaymentState
				finished time.Time
				amount   int64
				funds    []string
			}{
				{ims.PaymentFailed, noon, 1000, []string{"23"}},
				{ims.PaymentCancelled, noon, 2000, []string{"23", "5"}},
				{ims.PaymentExpired, time.Date(2026, 3, 6, 23, 30, 0, 0, london).UTC(), 4000, []string{"24"}},
				{ims.PaymentFailed, noon.Add(-24 * time.Hour), 8000, []string{"23"}},
				{ims.PaymentInProgress, noon, 16000, []string{"23"}},
			} {
				id := "pay" + string(rune('a'+i))
				if _, err := db.SQL.Exec(`INSERT INTO pending_payments (id, provider_account, state, source, request_hash,
					client_reference, return_url, return_token_hash, receipt_number, mop, language, email, payer_name,
					payer_address, payer_postcode, narrative, amount, next_url, failure_code, failure_message, card_brand,
					card_first6, card_last4, actor, created_at, updated_at, finished_at)
					VALUES ($1, 'govukpaydemo', $2, 'portal', '', '', '', $3, $4, $5, 'en', '', '', '', '', '', $6, '', '', '', '', '', '', 'test', $7, $7, $7)`,
					id, string(p.state), []byte{}, "TESTCARD"+id, mop, p.amount, p.finished); err != nil {
					t.Fatal(err)
				}
				for n, f := range p.funds {
					if _, err := db.SQL.Exec(`INSERT INTO pending_payment_lines (payment_id, line, fund, reference, amount, vat_code, narrative)
						VALUES ($1, $2, $3, 'X', $4, 'O', '')`, id, n+1, f, p.amount/int64(len(p.funds))); err != nil {
						t.Fatal(err)
					}
				}
			}
			d, err := s.Dashboard(ctx, finance, friday)
			if err != nil {
				t.Fatal(err)
			}
			if d.CardFailed != (ims.ReportCount{Count: 1, Amount: 1000}) || d.CardAbandoned != (ims.ReportCount{Count: 2, Amount: 6000}) {
				t.Errorf("failed %+v, abandoned %+v; want 1 of £10 and 2 of £60", d.CardFailed, d.CardAbandoned)
			}
			revenues := ims.Principal{Name: "revenues", Roles: []ims.Role{ims.Reporting}, Funds: []string{"23", "24"}}
			d, err = s.Dashboard(ctx, revenues, friday)
			if err != nil {
				t.Fatal(err)
			}
			// The payment of funds 23 and 5 is partly another group's: not shown.
			if d.CardFailed != (ims.ReportCount{Count: 1, Amount: 1000}) || d.CardAbandoned != (ims.ReportCount{Count: 1, Amount: 4000}) {
				t.Errorf("revenues: failed %+v, abandoned %+v; want 1 of £10 and 1 of £40", d.CardFailed, d.CardAbandoned)
			}
		})

		t.Run("other roles are refused", func(t *testing.T) {
			clerk := ims.Principal{Name: "clerk", Roles: []ims.Role{ims.TransactionList, ims.SuperUser}}
			if _, err := s.Dashboard(ctx, clerk, friday); ims.ErrorCode(err) != ims.Forbidden {
				t.Errorf("Dashboard for TransactionList: %v; want Forbidden", err)
			}
			if _, err := s.EndOfDay(ctx, clerk, friday); ims.ErrorCode(err) != ims.Forbidden {
				t.Errorf("EndOfDay for TransactionList: %v; want Forbidden", err)
			}
		})
	})
}
