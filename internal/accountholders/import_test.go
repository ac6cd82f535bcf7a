package accountholders_test

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/accountholders"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// A file mixing new holders, changes, repeats and lines that break the rules, imported by a Finance
// user of the housing and sundry groups.
const mixedFile = header +
	"INV-1,19,Ann Able,1 High St,,,,dm1 1aa,12.50,\n" + // created
	"51000123017,5,Ms A Patel,Flat 3,Acacia Court,Demoton,,DM1 2AB,500.00,EA\n" + // balance and stop message change
	"51000123029,5,Mr B Okafor,Flat 4,Acacia Court,Demoton,,DM1 2AB,0.00,\n" + // as stored
	"51000123018,5,Bad Check,,,,,,,\n" + // check digit wrong
	"400123451,23,Council Tax Payer,,,,,,,\n" + // fund 23 is not one of the user's
	"X1,99,Nobody,,,,,,,\n" + // no such fund
	"INV-2,19,Ben Baker,,,,,,,ZZ\n" + // fund 19 has no message ZZ
	"inv-1,19,Ann Able-Smith,1 High St,,,,DM1 1AA,12.50,\n" // the same holder again, lower-case: the later line wins

var both = ims.Principal{UserID: 4, Name: "Fay Finance", Roles: []ims.Role{ims.Finance}, Funds: []string{"5", "19", "13"}}

// An import creates, updates and refuses line by line, with a reason for every refusal; importing
// the same file again changes nothing.
func TestImportCountsOutcomesAndIsIdempotent(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := demoDB(t, db)
		s.BatchSize = 3 // several batches, and the repeated key across and within them
		imp := importCSV(t, s, both, mixedFile)
		if imp.State != ims.ImportDone || imp.RowsTotal != 8 || imp.RowsDone != 8 || imp.Created != 1 || imp.Updated != 2 ||
			imp.Unchanged != 1 || imp.Refused != 4 {
			t.Fatalf("import = %+v; want done, 8 of 8 rows, 1 created, 2 updated, 1 unchanged, 4 refused", imp)
		}
		lines, err := s.ImportLines(ctx, both, imp.ID, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		want := []ims.AccountHolderImportLine{
			{Line: 5, Fund: "5", Reference: "51000123018", Outcome: "refused", Reason: "Reference check digit is wrong"},
			{Line: 6, Fund: "23", Reference: "400123451", Outcome: "refused", Reason: "Fund 23 does not exist or is not one of your funds"},
			{Line: 7, Fund: "99", Reference: "X1", Outcome: "refused", Reason: "Fund 99 does not exist or is not one of your funds"},
			{Line: 8, Fund: "19", Reference: "INV-2", Outcome: "refused", Reason: "Fund 19 has no message ZZ"},
			{Line: 2, Fund: "19", Reference: "INV-1", Outcome: "created"},
			{Line: 3, Fund: "5", Reference: "51000123017", Outcome: "updated"},
			{Line: 4, Fund: "5", Reference: "51000123029", Outcome: "unchanged"},
			{Line: 9, Fund: "19", Reference: "INV-1", Outcome: "updated"},
		}
		if diff := cmp.Diff(want, lines); diff != "" {
			t.Errorf("lines, refused first (-want +got):\n%s", diff)
		}
		d, err := s.Get(ctx, both, "19", "INV-1")
		if err != nil {
			t.Fatal(err)
		}
		if d.Name != "Ann Able-Smith" || d.Postcode != "DM1 1AA" || d.Balance != 1250 {
			t.Errorf("INV-1 = %+v; want the later line's name", d)
		}
		if d, _ := s.Get(ctx, both, "5", "51000123017"); d.Balance != 50000 || d.StopMessage != "EA" {
			t.Errorf("51000123017 = %+v; want balance 50000 and stop message EA", d)
		}
		if page, _ := s.Search(ctx, both, ims.AccountHolderSearch{Postcode: "dm11aa"}); len(page.Holders) != 1 {
			t.Errorf("an imported holder is not found by its postcode: %v", refs(page.Holders))
		}

		again := importCSV(t, s, both, mixedFile)
		if again.Created != 0 || again.Updated != 2 || again.Unchanged != 2 || again.Refused != 4 {
			// INV-1 is listed twice with different names: its first line changes it back, its last
			// line changes it again.
			t.Errorf("re-import = %+v; want 0 created, 2 updated (INV-1's lines), 2 unchanged, 4 refused", again)
		}
		if d, _ := s.Get(ctx, both, "19", "INV-1"); d.Name != "Ann Able-Smith" {
			t.Errorf("after re-import INV-1 is %q", d.Name)
		}
	})
}

// A line without a balance keeps the stored holder's balance.
func TestImportWithoutBalanceKeepsTheStoredOne(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		s := demoDB(t, db)
		imp := importCSV(t, s, both, header+"51000345073,5,Mrs C Jones,12 Mill Lane,Demoton,,,DM2 4CD,,\n")
		if imp.Unchanged != 1 {
			t.Errorf("import = %+v; want the line unchanged", imp)
		}
		if d, _ := s.Get(context.Background(), both, "5", "51000345073"); d.Balance != 12050 {
			t.Errorf("balance = %d; want 12050 kept", d.Balance)
		}
	})
}

// A file that is not an account holder file fails with its errors and changes nothing.
func TestImportOfAnUnreadableFileChangesNothing(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := demoDB(t, db)
		imp := importCSV(t, s, both, header+"INV-7,19,Good Line,,,,,,,\n,19,No Reference,,,,,,,\n")
		if imp.State != ims.ImportFailed || !strings.Contains(imp.Message, "nothing was imported") {
			t.Fatalf("import = %+v; want failed", imp)
		}
		lines, err := s.ImportLines(ctx, both, imp.ID, 0, 10)
		if err != nil || len(lines) != 1 || lines[0].Line != 3 || !strings.Contains(lines[0].Reason, "reference is blank") {
			t.Errorf("lines = %+v, %v; want line 3's blank reference", lines, err)
		}
		if _, err := s.Get(ctx, both, "19", "INV-7"); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("the good line of a failed file was applied: %v", err)
		}
	})
}

// An uploaded file waits, stored, for its background job, which applies it with the uploader's
// funds; a clerk may not import.
func TestUploadedImportRunsWithTheUploadersFunds(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := demoDB(t, db)
		file := header + "INV-8,19,Cat Cole,,,,,,,\nINV-9,13,Dan Dee,,,,,,,\n51000456116,5,Mr D Nowak,,,,,,,\n"
		if _, err := s.StartImport(ctx, housingClerk, "h.csv", strings.NewReader(file)); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("a clerk uploading: %v; want forbidden", err)
		}
		imp, err := s.StartImport(ctx, sundryFinance, "holders.csv", strings.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		if imp.State != ims.ImportQueued || imp.Size != int64(len(file)) || len(imp.SHA256) != 64 {
			t.Errorf("queued import = %+v", imp)
		}
		if err := s.RunImport(ctx, imp.ID); err != nil {
			t.Fatal(err)
		}
		got, err := s.Import(ctx, sundryFinance, imp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != ims.ImportDone || got.Created != 2 || got.Refused != 1 || got.ActorName != "Sam Sundry" || got.FinishedAt.IsZero() {
			t.Errorf("import after its job = %+v; want done, 2 created, fund 5's line refused", got)
		}
		if err := s.RunImport(ctx, imp.ID); err != nil {
			t.Errorf("running a finished import again: %v", err)
		}
		if again, _ := s.Import(ctx, sundryFinance, imp.ID); again.Created != 2 || again.RowsDone != 3 {
			t.Errorf("a second run changed the import: %+v", again)
		}
		// The housing user sees the import but not the sundry group's lines in it.
		lines, err := s.ImportLines(ctx, housingFinance, imp.ID, 0, 10)
		if err != nil || len(lines) != 1 || lines[0].Fund != "5" {
			t.Errorf("housing user's view of the lines = %+v, %v; want only fund 5's", lines, err)
		}
	})
}

// The bulk API applies rows at once by the same rules; the same Idempotency-Key and rows give the
// first answer again, other rows under it are a conflict.
func TestBulkUpsertIsIdempotent(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := demoDB(t, db)
		client := ims.Principal{APIClientID: 7, Name: "rents system", Scopes: []ims.Scope{ims.ScopeAccountHolders}, AllFunds: true}
		rows := []ims.AccountHolderLine{
			{AccountHolder: ims.AccountHolder{Fund: "19", Reference: "API-1", Name: "Eve East"}, HasBalance: true},
			{AccountHolder: ims.AccountHolder{Fund: "5", Reference: "123"}},
		}
		imp, lines, created, err := s.BulkUpsert(ctx, client, "k1", rows)
		if err != nil {
			t.Fatal(err)
		}
		if !created || imp.Created != 1 || imp.Refused != 1 || len(lines) != 2 || lines[0].Outcome != "created" ||
			lines[1].Outcome != "refused" || lines[1].Line != 2 {
			t.Fatalf("bulk = %+v %+v %v", imp, lines, created)
		}
		again, lines2, created, err := s.BulkUpsert(ctx, client, "k1", rows)
		if err != nil || created || again.ID != imp.ID || !cmp.Equal(lines, lines2) {
			t.Errorf("repeat = %+v %+v %v %v; want the first answer", again, lines2, created, err)
		}
		rows[0].Name = "Eve West"
		if _, _, _, err := s.BulkUpsert(ctx, client, "k1", rows); ims.ErrorCode(err) != ims.Conflict {
			t.Errorf("other rows under the same key: %v; want conflict", err)
		}
		if _, _, _, err := s.BulkUpsert(ctx, client, "k2", make([]ims.AccountHolderLine, accountholders.MaxBulkRows+1)); ims.ErrorCode(err) != ims.Invalid {
			t.Errorf("too many rows: %v; want invalid", err)
		}
	})
}

// An import whose job stopped after its first batch goes on after the lines that batch applied
// when the job runs again, rather than applying them twice.
func TestImportGoesOnAfterAnInterruption(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := demoDB(t, db)
		s.BatchSize = 1
		file := header + "R-1,19,One,,,,,,,\nR-2,19,Two,,,,,,,\nR-3,19,Three,,,,,,,\n"
		imp, err := s.StartImport(ctx, sundryFinance, "resume.csv", strings.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		// What the first run left when it stopped: line 2 applied and counted, the rest not.
		first := ims.AccountHolderImport{ID: imp.ID, State: ims.ImportRunning, RowsTotal: 3, RowsDone: 1, Created: 1}
		err = db.InTx(ctx, func(tx *sqldb.Tx) error {
			if err := tx.UpsertAccountHolders(ctx, []ims.AccountHolder{{Fund: "19", Reference: "R-1", Name: "One"}}); err != nil {
				return err
			}
			if err := tx.InsertAccountHolderImportLines(ctx, imp.ID, []ims.AccountHolderImportLine{{Line: 2, Fund: "19", Reference: "R-1", Outcome: ims.LineCreated}}); err != nil {
				return err
			}
			return tx.SetAccountHolderImportState(ctx, first)
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.RunImport(ctx, imp.ID); err != nil {
			t.Fatalf("the second run: %v", err)
		}
		got, err := s.Import(ctx, sundryFinance, imp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != ims.ImportDone || got.RowsDone != 3 || got.Created != 3 || got.Unchanged != 0 {
			t.Errorf("import = %+v; want done, 3 of 3 lines, 3 created", got)
		}
		if lines, _ := s.ImportLines(ctx, sundryFinance, imp.ID, 0, 10); len(lines) != 3 {
			t.Errorf("lines = %+v; want one outcome per line", lines)
		}
	})
}

// brokenUpload gives part of a file, then fails as a connection that dropped would.
type brokenUpload struct{ sent bool }

func (b *brokenUpload) Read(p []byte) (int, error) {
	if b.sent {
		return 0, io.ErrClosedPipe
	}
	b.sent = true
	return copy(p, header+"INV-5,19,Half Sent,,,,,,,\n"), nil
}

// An upload that breaks off leaves its import failed, saying why, with nothing to apply.
func TestABrokenUploadFailsItsImport(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := demoDB(t, db)
		imp, err := s.StartImport(ctx, sundryFinance, "broken.csv", &brokenUpload{})
		if err == nil {
			t.Fatal("a broken upload was accepted")
		}
		got, err := s.Import(ctx, sundryFinance, imp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != ims.ImportFailed || !strings.Contains(got.Message, "upload did not finish") {
			t.Errorf("import = %+v; want failed because the upload did not finish", got)
		}
		if err := s.RunImport(ctx, imp.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, sundryFinance, "19", "INV-5"); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("a line of a broken upload was applied: %v", err)
		}
	})
}
