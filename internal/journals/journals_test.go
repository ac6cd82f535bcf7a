package journals_test

import (
	"context"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/journals"
	"github.com/ims-council/ims/internal/ledger"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/money"
)

// clerk may journal and transfer within the sundry income group (funds 19 and 13) and fund XT.
var clerk = ims.Principal{UserID: 5, Name: "Jo Journal", Roles: []ims.Role{ims.Journal, ims.Transfer}, Funds: []string{"19", "13", "XT"}}

var auditor = ims.Principal{UserID: 8, Name: "Audrey", Roles: []ims.Role{ims.Auditor}}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// paid posts a cash payment of amount to fund/ref and returns its entry as the journals service
// offers it.
func paid(t *testing.T, db *sqldb.DB, s *journals.Service, fund, ref string, amount money.Pence) ims.JournalEntry {
	t.Helper()
	po, err := ledger.New(db).Post(context.Background(), ims.System(), ims.NewPosting{Kind: ims.PostingManual, Source: ims.SourceStaff,
		Entries: []ims.NewLedgerEntry{{Kind: ims.EntryPayment, Fund: fund, Reference: ref, MOP: "1", Amount: amount}}})
	must(t, err)
	_, lines, err := s.Sources(context.Background(), ims.Principal{Roles: []ims.Role{ims.Journal, ims.SuperUser}}, po.ReceiptNumber)
	must(t, err)
	if len(lines) != 1 {
		t.Fatalf("sources of %s: %+v", po.ReceiptNumber, lines)
	}
	return lines[0]
}

func rig(t *testing.T, db *sqldb.DB) *journals.Service {
	t.Helper()
	demotest.Council(t, db)
	return journals.New(db)
}

func target(fund, ref string, amount money.Pence) ims.JournalLine {
	return ims.JournalLine{Fund: fund, Reference: ref, Amount: amount}
}

// available is what is left on entry e now.
func available(t *testing.T, s *journals.Service, receipt string, id int64) money.Pence {
	t.Helper()
	_, lines, err := s.Sources(context.Background(), ims.Principal{Roles: []ims.Role{ims.Journal, ims.SuperUser}}, receipt)
	must(t, err)
	for _, l := range lines {
		if l.ID == id {
			return l.Available
		}
	}
	t.Fatalf("entry %d is not offered on receipt %s", id, receipt)
	return 0
}

// sound checks that both chains verify and every journal, transfer and reversal nets to zero.
func sound(t *testing.T, db *sqldb.DB) {
	t.Helper()
	l, a, err := ledger.New(db).Verify(context.Background(), auditor)
	must(t, err)
	if l.BrokenAt != 0 || a.BrokenAt != 0 {
		t.Fatalf("chains broken: ledger %+v audit %+v", l, a)
	}
	var unbalanced int64
	must(t, db.SQL.QueryRow(`SELECT COUNT(*) FROM (SELECT p.id FROM postings p JOIN ledger_entries e ON e.posting_id = p.id
		WHERE p.kind IN ('journal', 'transfer', 'reversal') GROUP BY p.id HAVING SUM(e.amount) <> 0) x`).Scan(&unbalanced))
	if unbalanced != 0 {
		t.Errorf("%d journal, transfer or reversal postings do not net to zero", unbalanced)
	}
}

func receiptOf(t *testing.T, db *sqldb.DB, e ims.JournalEntry) string {
	t.Helper()
	var r string
	must(t, db.SQL.QueryRow(`SELECT receipt_number FROM postings WHERE id = $1`, e.PostingID).Scan(&r))
	return r
}

func TestJournalPartOfALineThenUndoOnce(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := rig(t, db)
		src := paid(t, db, s, "19", "SI/26/00412", 10000)
		receipt := receiptOf(t, db, src)

		req := ims.JournalRequest{Sources: []ims.JournalSource{{EntryID: src.ID, Amount: 3000}},
			Targets: []ims.JournalLine{target("13", "MISC 7", 2000), target("19", "SI/26/00413", 1000)},
			Reason:  "Paid to the wrong invoice", IdempotencyKey: "j1"}
		j, created, err := s.Journal(ctx, clerk, req)
		must(t, err)
		if !created || j.Amount != 3000 || j.Kind != ims.KindOfJournal || len(j.Entries) != 3 {
			t.Fatalf("journal: created %v %+v", created, j)
		}
		debit := j.Entries[0]
		if debit.Kind != ims.EntryJournalDebit || debit.Amount != -3000 || debit.LinksEntry != src.ID || debit.MOP != "JN" ||
			j.Entries[1].Kind != ims.EntryJournalCredit || j.Entries[1].MOP != "JN" || j.Entries[1].Fund != "13" {
			t.Errorf("journal lines: %+v", j.Entries)
		}
		if got := available(t, s, receipt, src.ID); got != 7000 {
			t.Errorf("left on the £100 line after journalling £30 away: %s; want 70.00", got)
		}
		again, created, err := s.Journal(ctx, clerk, req)
		if err != nil || created || again.ID != j.ID {
			t.Errorf("repeat of the same key: %+v created %v %v; want the first journal", again, created, err)
		}
		req.Reason = "Something else"
		if _, _, err := s.Journal(ctx, clerk, req); ims.ErrorCode(err) != ims.Conflict {
			t.Errorf("the same key for another journal: %v; want Conflict", err)
		}

		// More than is left is refused naming the source's amount.
		_, _, err = s.Journal(ctx, clerk, ims.JournalRequest{Sources: []ims.JournalSource{{EntryID: src.ID, Amount: 7001}},
			Targets: []ims.JournalLine{target("13", "MISC 7", 7001)}, Reason: "Too much"})
		if ims.ErrorFields(err)["sources[0].amount"] == "" {
			t.Errorf("journalling 70.01 of the 70.00 left: %v; want an error on sources[0].amount", err)
		}

		u, undone, err := s.Undo(ctx, clerk, j.ID, "Wrong after all", "u1")
		must(t, err)
		if !undone || !u.Undone() || u.UndoneBy != clerk.Actor() {
			t.Fatalf("undo: %v %+v", undone, u)
		}
		if got := available(t, s, receipt, src.ID); got != 10000 {
			t.Errorf("left on the line after the undo: %s; want 100.00", got)
		}
		if _, undone, err := s.Undo(ctx, clerk, j.ID, "Wrong after all", "u1"); err != nil || undone {
			t.Errorf("repeat of the undo with its key: %v %v; want the first undo back", undone, err)
		}
		if _, _, err := s.Undo(ctx, clerk, j.ID, "", "u2"); ims.ErrorCode(err) != ims.Conflict {
			t.Errorf("second undo: %v; want Conflict", err)
		}
		sound(t, db)
	})
}

func TestJournalTargetsAreValidatedAndScoped(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := rig(t, db)
		src := paid(t, db, s, "19", "SI/26/00412", 10000)
		parking := paid(t, db, s, "11", "BJ99518409", 3500)

		_, _, err := s.Journal(ctx, clerk, ims.JournalRequest{Sources: []ims.JournalSource{{EntryID: src.ID, Amount: 3000}},
			Targets: []ims.JournalLine{target("11", "BJ99518409", 1000), target("13", "", 1000), target("13", "M1", 999)},
			Reason:  "x"})
		fields := ims.ErrorFields(err)
		if ims.ErrorCode(err) != ims.Invalid || fields["targets[1].reference"] == "" {
			t.Errorf("blank reference: %v %v", err, fields)
		}
		if fields["targets"] == "" && fields["targets[1].reference"] == "" {
			t.Errorf("targets totalling less than the sources: %v", fields)
		}
		_, _, err = s.Journal(ctx, clerk, ims.JournalRequest{Sources: []ims.JournalSource{{EntryID: src.ID, Amount: 1000}},
			Targets: []ims.JournalLine{target("11", "BJ99518409", 1000)}, Reason: "x"})
		if ims.ErrorFields(err)["targets[0].fund_code"] == "" {
			t.Errorf("a target in a fund outside the clerk's groups: %v %v; want refused on targets[0].fund_code", err, ims.ErrorFields(err))
		}
		_, _, err = s.Journal(ctx, clerk, ims.JournalRequest{Sources: []ims.JournalSource{{EntryID: parking.ID, Amount: 1000}},
			Targets: []ims.JournalLine{target("13", "MISC 1", 1000)}, Reason: "x"})
		if msg := ims.ErrorFields(err)["sources[0].entry_id"]; msg == "" {
			t.Errorf("a source in a fund outside the clerk's groups: %v; want refused as no such entry", err)
		}
		if _, _, err := s.Sources(ctx, clerk, receiptOf(t, db, parking)); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("a receipt of another group's fund: %v; want NotFound", err)
		}
		if _, _, err := s.Journal(ctx, ims.Principal{UserID: 9, Roles: []ims.Role{ims.Transfer}, Funds: clerk.Funds},
			ims.JournalRequest{Sources: []ims.JournalSource{{EntryID: src.ID, Amount: 1000}},
				Targets: []ims.JournalLine{target("13", "MISC 1", 1000)}, Reason: "x"}); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("journal without the Journal role: %v; want Forbidden", err)
		}
		if got := available(t, s, receiptOf(t, db, src), src.ID); got != 10000 {
			t.Errorf("refused journals moved money: %s left", got)
		}
	})
}

func TestUndoRefusedOnceMoneyMovedOn(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := rig(t, db)
		src := paid(t, db, s, "19", "SI/26/00412", 10000)
		first, _, err := s.Journal(ctx, clerk, ims.JournalRequest{Sources: []ims.JournalSource{{EntryID: src.ID, Amount: 5000}},
			Targets: []ims.JournalLine{target("13", "MISC 7", 5000)}, Reason: "Wrong fund"})
		must(t, err)
		credit := first.Entries[1]
		second, _, err := s.Journal(ctx, clerk, ims.JournalRequest{Sources: []ims.JournalSource{{EntryID: credit.ID, Amount: 2000}},
			Targets: []ims.JournalLine{target("13", "MISC 8", 2000)}, Reason: "Part of it was for MISC 8"})
		must(t, err)
		if _, _, err := s.Undo(ctx, clerk, first.ID, "", ""); ims.ErrorCode(err) != ims.Conflict {
			t.Errorf("undo of a journal money moved on from: %v; want Conflict", err)
		}
		_, _, err = s.Undo(ctx, clerk, second.ID, "", "")
		must(t, err)
		if _, _, err := s.Undo(ctx, clerk, first.ID, "", ""); err != nil {
			t.Errorf("undo once the later journal is undone: %v", err)
		}
		sound(t, db)
	})
}

func TestTransferMustBalance(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := rig(t, db)
		unbalanced := ims.TransferRequest{From: []ims.JournalLine{target("XT", "SUPPORT 2026", 5000)},
			To: []ims.JournalLine{target("13", "MISC 1", 3000), target("19", "SI/26/00412", 1999)}, Reason: "Support award"}
		if _, _, err := s.Transfer(ctx, clerk, unbalanced); ims.ErrorFields(err)["to"] == "" {
			t.Errorf("unbalanced transfer: %v; want refused on to", err)
		}
		balanced := unbalanced
		balanced.To = []ims.JournalLine{target("13", "MISC 1", 3000), target("19", "SI/26/00412", 2000)}
		balanced.IdempotencyKey = "t1"
		j, created, err := s.Transfer(ctx, clerk, balanced)
		must(t, err)
		if !created || j.Kind != ims.KindOfTransfer || j.Amount != 5000 || len(j.Entries) != 3 ||
			j.Entries[0].Kind != ims.EntryTransferOut || j.Entries[0].MOP != "11" || j.Entries[0].Amount != -5000 ||
			j.Entries[1].Kind != ims.EntryTransferIn || j.Entries[1].MOP != "10" {
			t.Fatalf("transfer: %v %+v", created, j)
		}
		if _, _, err := s.Transfer(ctx, ims.Principal{UserID: 9, Roles: []ims.Role{ims.Journal}, Funds: clerk.Funds}, balanced); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("transfer without the Transfer role: %v; want Forbidden", err)
		}
		if _, err := s.Get(ctx, ims.Principal{UserID: 9, Roles: []ims.Role{ims.Transfer}, Funds: []string{"13"}}, j.ID); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("a transfer touching funds outside the caller's groups: %v; want NotFound", err)
		}
		sound(t, db)
	})
}

// TestConcurrentJournalsCannotTakeTheSameMoney sends two journals of £60.00 from one £100.00 line
// at once: one is made, the other is refused naming what is left, and the line has £40.00 left.
func TestConcurrentJournalsCannotTakeTheSameMoney(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := rig(t, db)
		src := paid(t, db, s, "19", "SI/26/00412", 10000)
		errs := make(chan error, 2)
		for i := range 2 {
			go func() {
				_, _, err := s.Journal(ctx, clerk, ims.JournalRequest{Sources: []ims.JournalSource{{EntryID: src.ID, Amount: 6000}},
					Targets: []ims.JournalLine{target("13", "MISC "+string(rune('A'+i)), 6000)}, Reason: "Wrong fund"})
				errs <- err
			}()
		}
		var made, refused int
		for range 2 {
			switch err := <-errs; {
			case err == nil:
				made++
			case ims.ErrorFields(err)["sources[0].amount"] != "":
				refused++
			default:
				t.Errorf("unexpected: %v", err)
			}
		}
		if made != 1 || refused != 1 {
			t.Errorf("made %d, refused %d; want one of each", made, refused)
		}
		if got := available(t, s, receiptOf(t, db, src), src.ID); got != 4000 {
			t.Errorf("left on the line: %s; want 40.00", got)
		}
		sound(t, db)
	})
}
