package staffpayments_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/demo"
	"github.com/ims-council/ims/internal/payments"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/staffpayments"
	"github.com/ims-council/ims/internal/users"
)

var cheap = auth.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// council loads the demo council with a method of payment for returned cheques (a payment
// reversal) and returns the staff payment service.
func council(t *testing.T, db *sqldb.DB) *staffpayments.Service {
	t.Helper()
	doc, err := demo.ReferenceData()
	if err != nil {
		t.Fatal(err)
	}
	doc.MOPs = append(doc.MOPs, ims.MOP{Code: "RV", Name: "Returned cheque", Kind: ims.KindCheque, Reversal: true})
	if _, err := refdata.New(db).LoadReferenceData(context.Background(), ims.System(), doc); err != nil {
		t.Fatal(err)
	}
	return &staffpayments.Service{DB: db, Cards: &payments.Service{DB: db}}
}

// staff creates a user and returns the principal they act as once signed in.
func staff(t *testing.T, db *sqldb.DB, email string, groups, mops []string, roles ...ims.Role) ims.Principal {
	t.Helper()
	ctx := context.Background()
	u, err := users.New(db).CreateUser(ctx, ims.System(), ims.User{Email: email, Name: email, Roles: roles,
		FundGroups: groups, MOPs: mops}, "correct horse battery staple", cheap)
	if err != nil {
		t.Fatal(err)
	}
	p, _, err := users.New(db).StaffSession(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func count(t *testing.T, db *sqldb.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.SQL.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

const (
	patel   = "51000123017" // a rent account
	stopped = "51000567209" // a rent account with the enforcement agent's stop message
)

func cheque(key string, lines ...ims.PaymentLine) ims.StaffPayment {
	return ims.StaffPayment{Kind: ims.StaffCheque, MOP: "24", Office: "PR", IdempotencyKey: key, Lines: lines,
		Payer:  ims.Payer{Name: "Mr E Smith", Address: []string{"22 Church Street", "Demoton"}, Postcode: "DM1 3GH", Email: "e.smith@example.com"},
		Cheque: ims.Cheque{Number: "000123", Drawer: " Mr  E Smith ", SortCode: "30-94-57", AccountNumber: "12345678"}}
}

// A cheque is posted at once, by the clerk, with the cheque's method and office; a line whose
// account has a stop message is refused with the staff wording unless a Finance user overrides it
// with a reason, which is recorded and audited; the receipt is emailed; the form sent again posts
// nothing more.
func TestChequePayment(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := council(t, db)
		clerk := staff(t, db, "clerk@council.example", []string{"housing"}, []string{"24"}, ims.ChequeProcess)
		senior := staff(t, db, "senior@council.example", []string{"housing"}, []string{"24", "RV"}, ims.ChequeProcess, ims.Finance)
		other := staff(t, db, "parking@council.example", []string{"environ"}, []string{"24"}, ims.ChequeProcess)

		basket := cheque("k1", ims.PaymentLine{Fund: "5", Reference: patel, Amount: 10000},
			ims.PaymentLine{Fund: "5", Reference: stopped, Amount: 5000})
		c, err := s.Check(ctx, clerk, basket)
		if got := ims.ErrorFields(err)["lines[1].reference"]; !strings.Contains(got, "enforcement agent") {
			t.Fatalf("stopped line: %v %v; want the staff wording of the stop message", got, err)
		}
		if !strings.Contains(c.Stopped[1], "enforcement agent") || len(c.Stopped) != 1 {
			t.Errorf("stopped lines %v; want line 1", c.Stopped)
		}

		// Only Finance may override, and with a reason.
		basket.Overrides = []ims.StopOverride{{Line: 1, Reason: "Agent agreed by phone"}}
		if _, err := s.Take(ctx, clerk, basket); ims.ErrorFields(err)["lines[1].override"] == "" {
			t.Fatalf("clerk's override: %v; want refused", err)
		}
		basket.Overrides[0].Reason = " "
		if _, err := s.Take(ctx, senior, basket); ims.ErrorFields(err)["lines[1].override"] == "" {
			t.Fatalf("override without a reason: %v; want refused", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM postings`); n != 0 {
			t.Fatalf("%d postings after refusals", n)
		}

		basket.Overrides[0].Reason = "Agent agreed by phone"
		taken, err := s.Take(ctx, senior, basket)
		if err != nil || !taken.Created {
			t.Fatalf("taking the cheque: %+v %v", taken, err)
		}
		po, err := db.PostingByReceipt(ctx, taken.Record.ReceiptNumber)
		if err != nil {
			t.Fatal(err)
		}
		if po.Kind != ims.PostingManual || po.Office != "PR" || po.Actor != senior.Actor() || po.Total() != 15000 ||
			len(po.Entries) != 2 || po.Entries[0].MOP != "24" || po.Entries[1].Reference != stopped {
			t.Errorf("posting %+v", po)
		}
		again, err := s.Take(ctx, senior, basket)
		if err != nil || again.Created || again.Record.ReceiptNumber != taken.Record.ReceiptNumber {
			t.Errorf("form sent again: %+v %v; want the first payment", again, err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM postings`); n != 1 {
			t.Errorf("%d postings; want 1", n)
		}

		got, err := s.Posted(ctx, senior, taken.Record.ReceiptNumber)
		if err != nil {
			t.Fatal(err)
		}
		want := ims.Cheque{Number: "000123", Drawer: "Mr E Smith", SortCode: "309457", AccountNumber: "12345678"}
		if got.Record.Cheque != want || got.Record.TakenBy != senior.UserID || len(got.Record.Overrides) != 1 ||
			got.Record.Overrides[0].Reason != "Agent agreed by phone" || !strings.Contains(got.Record.Overrides[0].StopMessage, "enforcement agent") {
			t.Errorf("record %+v", got.Record)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_events WHERE action = 'override_stop' AND entity_id = $1 AND after LIKE '%Agent agreed%'`, "5/"+stopped); n != 1 {
			t.Errorf("%d override audit events; want 1", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM email_outbox WHERE to_address = 'e.smith@example.com' AND purpose = 'receipt'`); n != 1 {
			t.Errorf("%d receipt emails; want 1", n)
		}
		if _, err := s.Posted(ctx, other, taken.Record.ReceiptNumber); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("another fund group's clerk opened it: %v", err)
		}
	})
}

// A cheque needs its number and drawer, a cheque method the clerk may post, and an office; a
// positive amount on a method for payment reversals is taken only once its warning is confirmed, a
// negative one at once, and a negative one on another method not at all; a clerk without
// ChequeProcess is refused.
func TestChequePaymentRules(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := council(t, db)
		clerk := staff(t, db, "clerk@council.example", []string{"housing"}, []string{"24", "1", "RV"}, ims.ChequeProcess)
		line := ims.PaymentLine{Fund: "5", Reference: patel, Amount: 2500}

		bad := cheque("k1", line)
		bad.Cheque, bad.Office, bad.MOP = ims.Cheque{Number: "12ab"}, "", "1"
		_, err := s.Check(ctx, clerk, bad)
		fields := ims.ErrorFields(err)
		for _, f := range []string{"cheque.number", "cheque.drawer", "office", "mop_code"} {
			if fields[f] == "" {
				t.Errorf("no problem with %s: %v", f, fields)
			}
		}

		// A reversal method expects a negative amount: taken without a warning; a positive one is
		// taken only once its warning, naming the line, is confirmed; a negative amount on another
		// method is refused.
		reversal := cheque("k2", ims.PaymentLine{Fund: "5", Reference: patel, Amount: -2500})
		reversal.MOP = "RV"
		c, err := s.Check(ctx, clerk, reversal)
		if err != nil || c.Warning != "" {
			t.Fatalf("negative reversal check: %+v %v; want no warning", c, err)
		}
		taken, err := s.Take(ctx, clerk, reversal)
		if err != nil {
			t.Fatal(err)
		}
		if po, _ := db.PostingByReceipt(ctx, taken.Record.ReceiptNumber); po.Total() != -2500 || po.Entries[0].MOP != "RV" {
			t.Errorf("reversal posting %+v", po)
		}
		positive := cheque("k3", line)
		positive.MOP = "RV"
		if c, _ := s.Check(ctx, clerk, positive); !strings.Contains(c.Warning, "positive") || !strings.Contains(c.Warning, patel) {
			t.Errorf("positive amount on a reversal method: warning %q; want one naming the line", c.Warning)
		}
		if _, err := s.Take(ctx, clerk, positive); ims.ErrorFields(err)["confirm"] == "" {
			t.Fatalf("unconfirmed positive reversal: %v; want refused", err)
		}
		positive.ReversalConfirmed = true
		if _, err := s.Take(ctx, clerk, positive); err != nil {
			t.Errorf("confirmed positive reversal: %v", err)
		}
		negative := cheque("k5", ims.PaymentLine{Fund: "5", Reference: patel, Amount: -2500})
		if _, err := s.Take(ctx, clerk, negative); ims.ErrorFields(err)["lines[0].amount"] == "" {
			t.Errorf("negative amount by cheque: %v; want refused", err)
		}

		payments := staff(t, db, "phone@council.example", []string{"housing"}, []string{"24"}, ims.Payments)
		if _, err := s.Take(ctx, payments, cheque("k4", line)); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("a cheque by a user without ChequeProcess: %v", err)
		}
		if _, err := s.Take(ctx, clerk, cheque("", line)); ims.ErrorCode(err) != ims.Invalid {
			t.Errorf("no idempotency key: %v", err)
		}
	})
}

// The look-up finds account holders by name or postcode among the funds the user sees only.
func TestFindAccountHolders(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := council(t, db)
		housing := staff(t, db, "h@council.example", []string{"housing"}, nil, ims.PostPayment)
		revenues := staff(t, db, "r@council.example", []string{"revenues"}, nil, ims.PostPayment)
		found, err := s.FindAccountHolders(ctx, housing, ims.AccountHolderSearch{Postcode: "dm1 2ab"})
		if err != nil || len(found) != 2 || found[0].Name != "Ms A Patel" || found[0].Address[0] != "Flat 3" {
			t.Fatalf("by postcode: %+v %v", found, err)
		}
		if found, err := s.FindAccountHolders(ctx, revenues, ims.AccountHolderSearch{Name: "Patel"}); err != nil || len(found) != 0 {
			t.Errorf("another fund group's holder found: %+v %v", found, err)
		}
		if _, err := s.FindAccountHolders(ctx, housing, ims.AccountHolderSearch{}); ims.ErrorCode(err) != ims.Invalid {
			t.Errorf("empty look-up: %v", err)
		}
	})
}

// Money that came by post is posted with a method the user may post (never a card) at the office
// chosen, which the form then offers first.
func TestPostRoomPayment(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := council(t, db)
		post := staff(t, db, "post@council.example", []string{"revenues"}, []string{"1", "24", "92"}, ims.PostPayment)
		c, err := s.Choices(ctx, post)
		if err != nil {
			t.Fatal(err)
		}
		var mops []string
		for _, m := range c.MOPs {
			mops = append(mops, m.Code)
		}
		if strings.Join(mops, ",") != "1,24" || c.LastOffice != "" || len(c.Kinds) != 1 || c.Kinds[0] != ims.StaffPost {
			t.Errorf("choices: MOPs %v, last office %q, kinds %v; want 1 and 24, none, post", mops, c.LastOffice, c.Kinds)
		}
		for _, f := range c.Funds {
			if f.Code != "23" && f.Code != "24" {
				t.Errorf("fund %s offered outside the user's fund groups", f.Code)
			}
		}
		sp := ims.StaffPayment{Kind: ims.StaffPost, MOP: "92", Office: "CO", IdempotencyKey: "p1",
			Lines: []ims.PaymentLine{{Fund: "23", Reference: "400123451", Amount: 3000}}}
		if _, err := s.Take(ctx, post, sp); ims.ErrorFields(err)["mop_code"] == "" {
			t.Errorf("post by the card MOP: %v; want refused", err)
		}
		sp.MOP = "1"
		taken, err := s.Take(ctx, post, sp)
		if err != nil {
			t.Fatal(err)
		}
		po, err := db.PostingByReceipt(ctx, taken.Record.ReceiptNumber)
		if err != nil || po.Office != "CO" || po.Entries[0].MOP != "1" || po.Total() != 3000 || taken.Record.Cheque != (ims.Cheque{}) {
			t.Errorf("posting %+v %v, record %+v", po, err, taken.Record)
		}
		if c, _ := s.Choices(ctx, post); c.LastOffice != "CO" {
			t.Errorf("last office %q; want CO", c.LastOffice)
		}

		// A method per line (SPEC §5.3): each line is checked against its own and posted with it.
		mixed := ims.StaffPayment{Kind: ims.StaffPost, Office: "CO", IdempotencyKey: "p2", LineMOPs: []string{"1", "92"},
			Lines: []ims.PaymentLine{{Fund: "23", Reference: "400123451", Amount: 1000}, {Fund: "24", Reference: "400123451", Amount: 2000}}}
		f := ims.ErrorFields(func() error { _, err := s.Take(ctx, post, mixed); return err }())
		if f["lines[1].mop_code"] == "" || f["lines[0].mop_code"] != "" {
			t.Errorf("a card line: %v; want lines[1].mop_code refused only", f)
		}
		mixed.LineMOPs[1] = "24"
		taken, err = s.Take(ctx, post, mixed)
		if err != nil {
			t.Fatal(err)
		}
		po, err = db.PostingByReceipt(ctx, taken.Record.ReceiptNumber)
		if err != nil || len(po.Entries) != 2 || po.Total() != 3000 {
			t.Fatalf("mixed posting %+v %v", po, err)
		}
		for _, e := range po.Entries {
			if want := map[string]string{"23": "1", "24": "24"}[e.Fund]; e.MOP != want {
				t.Errorf("entry of fund %s posted by %s; want %s", e.Fund, e.MOP, want)
			}
		}
	})
}
