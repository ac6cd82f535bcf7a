package cashreturns_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/cashreturns"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/secretbox"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/webhooks"
	"github.com/ims-council/ims/money"
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// people are the staff of a test: a site clerk, an authoriser and a deleter, all in the sundry
// fund group (funds 19 and 13) and, for parking lines, fund 11.
type people struct{ clerk, boss, deleter, stranger ims.Principal }

func addUser(t *testing.T, db *sqldb.DB, email string, roles ...ims.Role) ims.Principal {
	t.Helper()
	var id int64
	must(t, db.InTx(context.Background(), func(tx *sqldb.Tx) error {
		var err error
		id, _, err = tx.InsertUser(context.Background(), ims.User{Email: email, Name: email, Roles: roles, CreatedAt: tx.Now()}, "x")
		return err
	}))
	return ims.Principal{UserID: id, Name: email, Roles: roles, Funds: []string{"19", "13", "11"}}
}

// rig loads the demo council, sets the cash return settings, makes template LIB (two lines to the
// default fund 13, the second's VAT code overridable) and PARK (a parking fine line whose reference
// staff give), gives LIB to the clerk, the boss and the stranger and PARK to the clerk, and subscribes a
// finance system to cash_return.authorised.
func rig(t *testing.T, db *sqldb.DB) (*cashreturns.Service, people) {
	t.Helper()
	ctx := context.Background()
	demotest.Council(t, db)
	s := cashreturns.New(db)
	sys := ims.System()
	must(t, s.SetSettings(ctx, sys, ims.CashReturnSettings{CashMOP: "1", ChequeMOP: "2", NotifyEmail: "cashoffice@example.gov.uk"}))
	must(t, s.PutTemplate(ctx, sys, ims.CashReturnTemplate{Code: "LIB", Name: "Central Library", Office: "CO", Cash: true, Cheque: true,
		Lines: []ims.CashReturnTemplateLine{
			{Reference: "LIB-FINES", Description: "Overdue fines"},
			{Reference: "LIB-SALES", Description: "Book sales", VATCode: "W0", OverrideVAT: true},
		}}, true))
	must(t, s.PutTemplate(ctx, sys, ims.CashReturnTemplate{Code: "PARK", Name: "Car park office", Office: "CO", Cash: true,
		Lines: []ims.CashReturnTemplateLine{{Fund: "11", Description: "Penalty charge paid in cash", OverrideReference: true}}}, true))
	ps := people{
		clerk:    addUser(t, db, "clerk@example.gov.uk", ims.CashReturns),
		boss:     addUser(t, db, "boss@example.gov.uk", ims.CashReturnAuthoriser, ims.CashReturns),
		deleter:  addUser(t, db, "deleter@example.gov.uk", ims.CashReturnDelete),
		stranger: addUser(t, db, "stranger@example.gov.uk", ims.CashReturns),
	}
	ps.stranger.Funds = []string{"19"}
	box, err := secretbox.New(strings.Repeat("k", 40))
	must(t, err)
	db.Secrets = box
	_, _, err = webhooks.New(db, slog.New(slog.DiscardHandler)).Create(ctx, sys, ims.WebhookSubscriber{Name: "Finance system",
		URL: "https://finance.example.gov.uk/ims", Events: []ims.WebhookEventType{ims.EventCashReturnAuthorised}, Enabled: true})
	must(t, err)
	must(t, s.SetTemplateUsers(ctx, sys, "LIB", []int64{ps.clerk.UserID, ps.boss.UserID, ps.stranger.UserID}))
	must(t, s.SetTemplateUsers(ctx, sys, "PARK", []int64{ps.clerk.UserID}))
	return s, ps
}

func cash(pairs ...money.Pence) []ims.CashCount {
	var out []ims.CashCount
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, ims.CashCount{Denomination: pairs[i], Amount: pairs[i+1]})
	}
	return out
}

// filled is a LIB cash return with £12.50 of fines and £7.50 of book sales, banked as a £10 note,
// a £5 note, two £2 coins and £1 in 50p coins, in bag B-1001.
func filled(t *testing.T, s *cashreturns.Service, p ims.Principal) ims.CashReturn {
	t.Helper()
	ctx := context.Background()
	r, err := s.Create(ctx, p, "LIB", ims.CashReturnCash)
	must(t, err)
	r, err = s.Save(ctx, p, r.ID, ims.CashReturnFill{Lines: []ims.CashReturnLine{{Amount: 1250}, {Amount: 750}}, BagNumber: "B-1001",
		Cash: cash(1000, 1000, 500, 500, 200, 400, 50, 100)})
	must(t, err)
	return r
}

func TestCashReturnFromDraftToPosted(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, ps := rig(t, db)
		r := filled(t, s, ps.clerk)
		if r.Status != ims.CashReturnDraft || r.LinesTotal() != 2000 || r.BankedTotal() != 2000 || r.Lines[0].Fund != "13" {
			t.Fatalf("saved draft: %+v", r)
		}
		r, err := s.Submit(ctx, ps.clerk, r.ID)
		must(t, err)
		if r.Status != ims.CashReturnSubmitted || r.SubmittedBy != ps.clerk.Actor() || r.SubmittedAt.IsZero() {
			t.Fatalf("submitted: %+v", r)
		}
		if _, err := s.Save(ctx, ps.clerk, r.ID, ims.CashReturnFill{Lines: make([]ims.CashReturnLine, 2)}); ims.ErrorCode(err) != ims.Conflict {
			t.Errorf("changing a submitted return: %v; want Conflict", err)
		}
		if _, err := s.Authorise(ctx, ps.clerk, r.ID, nil); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("a clerk without the authoriser role authorising: %v; want Forbidden", err)
		}
		must(t, s.AddNote(ctx, ps.boss, r.ID, "Bag counted at the bank: 50p short"))
		r, err = s.Authorise(ctx, ps.boss, r.ID, []ims.CashReturnAdjustment{{Line: 1, Amount: 700, Reason: "50p short at the bank"}})
		must(t, err)
		if r.Status != ims.CashReturnAuthorised || r.Receipt == "" || r.AuthorisedBy != ps.boss.Actor() || len(r.Notes) != 1 ||
			r.Notes[0].ByName != "boss@example.gov.uk" {
			t.Fatalf("authorised: %+v", r)
		}
		po, err := db.PostingByReceipt(ctx, r.Receipt)
		must(t, err)
		if po.Kind != ims.PostingCashReturn || po.Office != "CO" || po.Total() != 1950 || len(po.Entries) != 2 {
			t.Fatalf("posting: %+v", po)
		}
		for _, e := range po.Entries {
			if e.MOP != "1" || e.Kind != ims.EntryCashReturn || !e.TransactionTime.Equal(r.SubmittedAt) {
				t.Errorf("entry %+v: want MOP 1, a cash-return line dated %s (submitted)", e, r.SubmittedAt)
			}
		}
		if po.Entries[1].Amount != 700 || po.Entries[1].VATCode != "W0" || po.Entries[1].VATAmount != 117 {
			t.Errorf("the adjusted book sales line: %+v; want £7.00 at W0 with £1.17 VAT", po.Entries[1])
		}
		if _, err := s.Authorise(ctx, ps.boss, r.ID, nil); ims.ErrorCode(err) != ims.Conflict {
			t.Errorf("authorising twice: %v; want Conflict", err)
		}
		var audited int
		must(t, db.SQL.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE entity = 'cash return' AND entity_id = $1`,
			fmt.Sprint(r.ID)).Scan(&audited))
		if audited != 5 { // create, update, submit, note, authorise
			t.Errorf("%d audit events for the return; want 5", audited)
		}
		var events int
		must(t, db.SQL.QueryRow(`SELECT COUNT(*) FROM webhook_events WHERE type = 'cash_return.authorised' AND payload LIKE $1`,
			"%\"receipt_number\":\""+r.Receipt+"\"%").Scan(&events))
		if events != 1 {
			t.Errorf("%d cash_return.authorised events naming receipt %s; want 1", events, r.Receipt)
		}
		l, a, err := ledger.New(db).Verify(ctx, ims.Principal{Roles: []ims.Role{ims.Auditor}})
		must(t, err)
		if l.BrokenAt != 0 || a.BrokenAt != 0 {
			t.Errorf("chains broken: %+v %+v", l, a)
		}
	})
}

func TestCashReturnRefusals(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s, ps := rig(t, db)
		if _, err := s.Create(ctx, ps.deleter, "LIB", ims.CashReturnCash); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("creating without the CashReturns role: %v; want Forbidden", err)
		}
		if _, err := s.Create(ctx, ps.boss, "PARK", ims.CashReturnCash); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("creating from a template not given: %v; want NotFound", err)
		}
		if _, err := s.Create(ctx, ps.stranger, "LIB", ims.CashReturnCash); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("creating from a template with a fund outside the user's groups: %v; want NotFound", err)
		}
		if _, err := s.Create(ctx, ps.clerk, "PARK", ims.CashReturnCheque); ims.ErrorFields(err)["kind"] == "" {
			t.Errorf("a cheque return from a cash-only template: %v", err)
		}

		// Denominations, totals, cheques.
		r, err := s.Create(ctx, ps.clerk, "LIB", ims.CashReturnCash)
		must(t, err)
		_, err = s.Save(ctx, ps.clerk, r.ID, ims.CashReturnFill{Lines: []ims.CashReturnLine{{Amount: 3000}, {}}, Cash: cash(2000, 3000)})
		if msg := ims.ErrorFields(err)["cash-2000"]; !strings.Contains(msg, "multiple of £20") {
			t.Errorf("£30 in £20 notes: %v %q", err, msg)
		}
		_, err = s.Save(ctx, ps.clerk, r.ID, ims.CashReturnFill{Lines: []ims.CashReturnLine{{Amount: 3000}, {}}, BagNumber: "B1",
			Cash: cash(2000, 2000)})
		must(t, err)
		if _, err := s.Submit(ctx, ps.clerk, r.ID); ims.ErrorFields(err)["cash"] == "" {
			t.Errorf("submitting £30.00 of lines against £20.00 of cash: %v", err)
		}
		if _, err := s.Get(ctx, ps.stranger, r.ID); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("a user without fund 13 opening the return: %v; want NotFound", err)
		}
		chq, err := s.Create(ctx, ps.clerk, "LIB", ims.CashReturnCheque)
		must(t, err)
		_, err = s.Save(ctx, ps.clerk, chq.ID, ims.CashReturnFill{Lines: []ims.CashReturnLine{{Amount: 3000}, {}}})
		must(t, err)
		if _, err := s.Submit(ctx, ps.clerk, chq.ID); ims.ErrorFields(err)["cheques"] == "" {
			t.Errorf("a cheque return without cheques: %v", err)
		}

		// A reference is checked by its fund's rules (SPEC §2.1).
		park, err := s.Create(ctx, ps.clerk, "PARK", ims.CashReturnCash)
		must(t, err)
		_, err = s.Save(ctx, ps.clerk, park.ID, ims.CashReturnFill{Lines: []ims.CashReturnLine{{Reference: "BJ99518400", Amount: 500}},
			BagNumber: "B2", Cash: cash(500, 500)})
		must(t, err)
		if _, err := s.Submit(ctx, ps.clerk, park.ID); !strings.Contains(ims.ErrorFields(err)["lines[0].reference"], "Line 1") {
			t.Errorf("a parking fine with a bad check digit: %v %v", err, ims.ErrorFields(err))
		}
		_, err = s.Save(ctx, ps.clerk, park.ID, ims.CashReturnFill{Lines: []ims.CashReturnLine{{Reference: "BJ99518409", Amount: 500}},
			BagNumber: "B2", Cash: cash(500, 500)})
		must(t, err)
		if _, err := s.Submit(ctx, ps.clerk, park.ID); err != nil {
			t.Errorf("a good parking fine: %v", err)
		}

		// The clerk may not authorise what they submitted, even holding the role.
		mine := filled(t, s, ps.boss)
		_, err = s.Submit(ctx, ps.boss, mine.ID)
		must(t, err)
		if _, err := s.Authorise(ctx, ps.boss, mine.ID, nil); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("authorising one's own return: %v; want Forbidden", err)
		}

		// Delete a submitted return (CashReturnDelete only) and void a draft, each emailed.
		if _, err := s.Close(ctx, ps.clerk, park.ID, "Duplicate"); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("a clerk deleting a submitted return: %v; want Forbidden", err)
		}
		if _, err := s.Close(ctx, ps.deleter, park.ID, " "); ims.ErrorFields(err)["reason"] == "" {
			t.Errorf("deleting without a reason: %v", err)
		}
		del, err := s.Close(ctx, ps.deleter, park.ID, "Entered twice")
		must(t, err)
		voided, err := s.Close(ctx, ps.clerk, r.ID, "Started in error")
		must(t, err)
		if del.Status != ims.CashReturnDeleted || voided.Status != ims.CashReturnVoided || del.CloseReason != "Entered twice" {
			t.Errorf("closed: %s %s %q", del.Status, voided.Status, del.CloseReason)
		}
		if _, err := s.Authorise(ctx, ps.boss, park.ID, nil); ims.ErrorCode(err) != ims.Conflict {
			t.Errorf("authorising a deleted return: %v; want Conflict", err)
		}
		var emails int
		must(t, db.SQL.QueryRow(`SELECT COUNT(*) FROM email_outbox WHERE purpose = 'cash_return' AND to_address = 'cashoffice@example.gov.uk'`).Scan(&emails))
		if emails != 2 {
			t.Errorf("%d emails to the cash office; want 2 (deleted and voided)", emails)
		}

		// The list: by status, limited to what the user sees, a page at a time.
		list, next, err := s.List(ctx, ps.boss, ims.CashReturnQuery{Status: ims.CashReturnSubmitted})
		must(t, err)
		if len(list) != 1 || list[0].ID != mine.ID || next != 0 {
			t.Errorf("submitted returns: %+v next %d", list, next)
		}
		all, next, err := s.List(ctx, ps.boss, ims.CashReturnQuery{Limit: 2})
		must(t, err)
		rest, last, err := s.List(ctx, ps.boss, ims.CashReturnQuery{Limit: 2, Before: next})
		must(t, err)
		if len(all) != 2 || next == 0 || len(rest) != 2 || rest[0].ID >= all[1].ID {
			t.Errorf("pages: %d then %d (next %d, then %d)", len(all), len(rest), next, last)
		}
		if seen, _, err := s.List(ctx, ps.stranger, ims.CashReturnQuery{}); err != nil || len(seen) != 0 {
			t.Errorf("a user seeing neither fund 13 nor 11 lists %d returns (%v)", len(seen), err)
		}
	})
}
