package imports_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/imports"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

const allpaySample = "../fileformat/allpay/testdata/example.txt"

func dryRun(t *testing.T, db *sqldb.DB, typ, path string) (imports.Report, error) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return imports.New(db).DryRun(context.Background(), ims.System(), typ, path, bytes.NewReader(data))
}

func TestDryRunOfAnAllpayFileSaysWhatEachLineWouldDo(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		demotest.Council(t, db)
		rep, err := dryRun(t, db, "ALLPAY", allpaySample)
		if err != nil {
			t.Fatal(err)
		}
		// The returned cheque and the cash adjustment (-£25.00, -£11.86) name no valid account and
		// money taken back cannot wait in suspense: they are held, and the rest is the file's value.
		if rep.Status != "dry-run" || rep.Totals.Lines != 8 || rep.Totals.Value+rep.Totals.Held.Pence != 103053 ||
			rep.Totals.Held != (imports.Count{Count: 2, Pence: -3686}) {
			t.Fatalf("status %q, %d lines, value %d, held %+v; want dry-run, 8 lines, 103053 (the trailer's £1030.53) "+
				"with 2 lines (-£36.86) held", rep.Status, rep.Totals.Lines, rep.Totals.Value, rep.Totals.Held)
		}
		byRef := map[string]imports.Line{}
		for _, l := range rep.Lines {
			byRef[l.BankRef+"|"+l.Reference+"|"+l.Channel] = l
			if l.Fund != "23" || l.Office != "BI" {
				t.Errorf("line %d: fund %q office %q, want the import type's 23 and BI", l.N, l.Fund, l.Office)
			}
		}
		for _, l := range rep.Lines {
			switch l.Channel {
			case "Q":
				// Sent to suspense by RETCHQ, but money taken back cannot wait there: held, with both reasons.
				if l.Outcome != imports.Held || l.Rule != "RETCHQ" || !strings.Contains(l.Reason, "Returned cheque") ||
					!strings.Contains(l.Reason, "cannot wait in suspense") {
					t.Errorf("returned cheque: %s by %q (%s), want held by RETCHQ with its reason", l.Outcome, l.Rule, l.Reason)
				}
			case "T":
				if l.MOP != "18" {
					t.Errorf("PayPoint line: MOP %q, want 18 from the type's channel map", l.MOP)
				}
			case "B":
				if l.Reference != "" || l.Outcome != imports.ToSuspense || l.Reason == "" {
					t.Errorf("line without a reference: %s (%q), want suspense with the reason", l.Outcome, l.Reason)
				}
			}
		}
		if rep.Totals.Ledger.Pence+rep.Totals.Suspense.Pence+rep.Totals.Skipped.Pence != rep.Totals.Value {
			t.Errorf("totals %+v do not add up", rep.Totals)
		}
	})
}

func TestDryRunRefusesWhatItCannotImport(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		demotest.Council(t, db)
		ctx := context.Background()
		s := imports.New(db)
		_, err := s.DryRun(ctx, ims.System(), "NOSUCH", "f.txt", strings.NewReader("x"))
		if ims.ErrorCode(err) != ims.Invalid || !strings.Contains(ims.ErrorMessage(err), "NOSUCH") {
			t.Errorf("unknown type: %v, want Invalid naming NOSUCH", err)
		}

		bad := "KIOSK0160012345            2x.00P05/03/2025\nKIOSK0160012346           112.40P45/03/2025\n\nTotal Amount 137.40\nTotal Transactions 2\n"
		_, err = s.DryRun(ctx, ims.System(), "ALLPAY", "bad.txt", strings.NewReader(bad))
		var pe ims.ParseErrors
		if ims.ErrorCode(err) != ims.Invalid || !errors.As(err, &pe) || len(pe) != 2 {
			t.Fatalf("unreadable file: %v, want Invalid with both parse errors", err)
		}
		if msg := ims.ErrorMessage(err); !strings.Contains(msg, "line 1") || !strings.Contains(msg, "line 2") {
			t.Errorf("message %q does not name both lines", msg)
		}

		short := "KIOSK0160012345            25.00P05/03/2025\n\nTotal Amount 30.00\nTotal Transactions 1\n"
		_, err = s.DryRun(ctx, ims.System(), "ALLPAY", "short.txt", strings.NewReader(short))
		if ims.ErrorCode(err) != ims.Invalid || !strings.Contains(ims.ErrorMessage(err), "30.00") {
			t.Errorf("wrong trailer total: %v, want Invalid quoting the trailer", err)
		}

		clerk := ims.Principal{UserID: 7, Name: "clerk", Roles: []ims.Role{ims.PostPayment}}
		_, err = s.DryRun(ctx, clerk, "ALLPAY", "f.txt", strings.NewReader(short))
		if ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("without Finance: %v, want Forbidden", err)
		}
	})
}

func TestDryRunValidatesWithTheCallersFundGroups(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		demotest.Council(t, db)
		outsider := ims.Principal{UserID: 9, Name: "finance", Roles: []ims.Role{ims.Finance}, Funds: []string{"01"}}
		data, _ := os.ReadFile(allpaySample)
		rep, err := imports.New(db).DryRun(context.Background(), outsider, "ALLPAY", "a.txt", bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if rep.Totals.Ledger.Count != 0 || rep.Totals.Suspense.Count+rep.Totals.Held.Count != rep.Totals.Lines {
			t.Errorf("a user who does not see fund 23 would post %d lines to it; want all to suspense", rep.Totals.Ledger.Count)
		}
	})
}
