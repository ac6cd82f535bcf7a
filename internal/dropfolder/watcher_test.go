package dropfolder_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/dropfolder"
	"github.com/ims-council/ims/internal/imports"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// interval is the tests' poll interval: short, so a file settles in a fraction of a second.
const interval = 20 * time.Millisecond

// csvHeader and csvLine make IMS CSV files the demo council posts: fund 23 is council tax, and
// 400123451 one of its accounts. Files with different n differ, so they are not duplicates.
const csvHeader = "transaction_date,fund,reference,amount,mop,narrative,source_reference\n"

func csvLine(n int) string {
	return fmt.Sprintf("2025-03-05,23,400123451,%d.00,BK,Council tax,SRC-%04d\n", 10+n, n)
}

// jobRunner stands in for the background job of another instance: it runs each import started,
// a little later, in its own goroutine.
type jobRunner struct {
	*imports.Service
	wg *sync.WaitGroup
}

func (r jobRunner) Start(ctx context.Context, p ims.Principal, req imports.Request, f io.Reader) (ims.Import, bool, error) {
	imp, created, err := r.Service.Start(ctx, p, req, f)
	if err == nil {
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			time.Sleep(2 * interval)
			_ = r.RunImport(context.Background(), imp.ID)
		}()
	}
	return imp, created, err
}

// env is a demo council whose IMSCSV import type watches dir/imscsv.
type env struct {
	db     *sqldb.DB
	svc    *imports.Service
	dir    string
	folder string
	jobs   jobRunner
}

func newEnv(t *testing.T, db *sqldb.DB) *env {
	t.Helper()
	demotest.Council(t, db)
	ctx := context.Background()
	types := refdata.New(db).ImportTypes()
	it, err := types.Get(ctx, ims.System(), "IMSCSV")
	if err != nil {
		t.Fatal(err)
	}
	it.DropFolder = "imscsv"
	if err := types.Update(ctx, ims.System(), it); err != nil {
		t.Fatal(err)
	}
	e := &env{db: db, svc: imports.New(db), dir: t.TempDir()}
	e.folder = filepath.Join(e.dir, "imscsv")
	e.jobs = jobRunner{Service: e.svc, wg: &sync.WaitGroup{}}
	t.Cleanup(e.jobs.wg.Wait) // before the database closes
	return e
}

// watch starts a watcher of e's folders until the test ends.
func (e *env) watch(t *testing.T, stale time.Duration) { e.watchEvery(t, interval, stale) }

func (e *env) watchEvery(t *testing.T, every, stale time.Duration) {
	t.Helper()
	w := &dropfolder.Watcher{Dir: e.dir, Interval: every, Imports: e.jobs, Types: refdata.New(e.db).ImportTypes(), Stale: stale}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); w.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
}

// drop writes a file into the drop folder as an SFTP client would: under a .part name, then renamed.
func (e *env) drop(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(e.folder, 0o750); err != nil {
		t.Fatal(err)
	}
	part := filepath.Join(e.folder, name+".part")
	if err := os.WriteFile(part, []byte(content), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(part, filepath.Join(e.folder, name)); err != nil {
		t.Fatal(err)
	}
}

// names lists the files of a folder under the drop folder ("" for itself), reports apart.
func (e *env) names(t *testing.T, sub string) (files, reports []string) {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(e.folder, sub))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	for _, en := range entries {
		switch {
		case en.IsDir():
		case strings.HasSuffix(en.Name(), ".report.json"):
			reports = append(reports, en.Name())
		default:
			files = append(files, en.Name())
		}
	}
	return files, reports
}

// waitFor waits until sub (done or failed) holds n files, and returns their reports in order.
func (e *env) waitFor(t *testing.T, sub string, n int) []dropfolder.Report {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		files, reports := e.names(t, sub)
		if len(files) >= n && len(reports) >= n {
			if len(files) != n || len(reports) != n {
				t.Fatalf("%s holds %v and %v, want %d files with reports", sub, files, reports, n)
			}
			var out []dropfolder.Report
			for _, f := range files {
				b, err := os.ReadFile(filepath.Join(e.folder, sub, f+".report.json"))
				if err != nil {
					t.Fatalf("the report beside %s/%s: %v", sub, f, err)
				}
				var rep dropfolder.Report
				if err := json.Unmarshal(b, &rep); err != nil {
					t.Fatal(err)
				}
				if rep.MovedTo != sub+"/"+f {
					t.Errorf("report of %s says it moved to %q", f, rep.MovedTo)
				}
				out = append(out, rep)
			}
			return out
		}
		if time.Now().After(deadline) {
			root, _ := e.names(t, "")
			processing, _ := e.names(t, "processing")
			t.Fatalf("%s holds %v, %v after 30s, want %d files with reports (drop folder %v, processing %v)", sub, files, reports, n, root, processing)
		}
		time.Sleep(interval)
	}
}

func (e *env) imports(t *testing.T) []ims.Import {
	t.Helper()
	list, err := e.svc.List(context.Background(), ims.System(), ims.ImportFilter{ImportType: "IMSCSV", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// A file dropped into an import type's folder is imported as the system, posted, and moved to
// done/ under a name stamped with when it was taken, its report beside it; nothing is left behind.
func TestADroppedFileIsPostedAndMovedToDoneWithItsReport(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		e.watch(t, 0)
		e.drop(t, "payments.csv", csvHeader+csvLine(1)+csvLine(2))
		rep := e.waitFor(t, "done", 1)[0]
		if rep.State != ims.ImportPosted || rep.ID == 0 || rep.Totals.Ledger.Count != 2 || rep.Totals.Ledger.Pence != 2300 {
			t.Fatalf("report %+v, want posted with 2 lines, £23.00, to the ledger", rep)
		}
		if rep.Source != ims.ImportSourceFolder || rep.FileName != "payments.csv" || rep.Actor != "system" || rep.DropFolder != "imscsv" {
			t.Errorf("report says source %q, file %q, actor %q, folder %q; want folder, payments.csv, system, imscsv",
				rep.Source, rep.FileName, rep.Actor, rep.DropFolder)
		}
		if !strings.HasSuffix(rep.MovedTo, "-payments.csv") {
			t.Errorf("moved to %s, want a stamped name ending -payments.csv", rep.MovedTo)
		}
		if root, _ := e.names(t, ""); len(root) != 0 {
			t.Errorf("the drop folder still holds %v", root)
		}
		if p, _ := e.names(t, "processing"); len(p) != 0 {
			t.Errorf("processing/ still holds %v", p)
		}
		if got := e.imports(t); len(got) != 1 || got[0].ID != rep.ID {
			t.Errorf("imports %+v, want the one of the report", got)
		}
	})
}

// A file that cannot be read as its type's format fails its import and goes to failed/, its
// report giving every reason; nothing is posted.
func TestAnUnreadableFileGoesToFailedWithItsErrors(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		e.watch(t, 0)
		e.drop(t, "statement.csv", "this is not,an IMS CSV file\n1,2\n")
		rep := e.waitFor(t, "failed", 1)[0]
		if rep.State != ims.ImportFailed || rep.ID == 0 || rep.PostingID != 0 || rep.Message == "" || len(rep.Errors) == 0 {
			t.Fatalf("report %+v, want failed with a message and its errors, nothing posted", rep)
		}
		if done, _ := e.names(t, "done"); len(done) != 0 {
			t.Errorf("done/ holds %v", done)
		}
	})
}

// The same file dropped again, under the same name, is refused as a duplicate: the second goes to
// failed/ (the first stays in done/, neither overwriting the other), its report naming the first.
func TestTheSameFileDroppedTwiceFailsNamingTheFirstImport(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		e.watch(t, 0)
		content := csvHeader + csvLine(1)
		e.drop(t, "allpay.csv", content)
		first := e.waitFor(t, "done", 1)[0]
		e.drop(t, "allpay.csv", content)
		second := e.waitFor(t, "failed", 1)[0]
		if second.State != ims.ImportFailed || second.DuplicateOf != first.ID || !strings.Contains(second.Message, fmt.Sprint("import ", first.ID)) {
			t.Fatalf("second report %+v, want failed as a duplicate of import %d", second, first.ID)
		}
		e.waitFor(t, "done", 1)
		for _, imp := range e.imports(t) {
			if imp.ID != first.ID && imp.State == ims.ImportPosted {
				t.Errorf("import %d of the second drop was posted", imp.ID)
			}
		}
	})
}

// A file still being written (its size changing at every look) is not taken; once it stops
// changing it is imported whole.
func TestAFileStillGrowingIsNotTaken(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		// Lines are added every 10ms, a tenth of the interval, so a slow machine does not pause
		// the writing for long enough to look finished.
		e.watchEvery(t, 5*interval, 0)
		if err := os.MkdirAll(e.folder, 0o750); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(e.folder, "growing.csv")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteString(csvHeader); err != nil {
			t.Fatal(err)
		}
		const lines = 40
		for n := 1; n <= lines; n++ {
			if _, err := f.WriteString(csvLine(n)); err != nil {
				t.Fatal(err)
			}
			time.Sleep(10 * time.Millisecond)
			if _, err := os.Stat(path); err != nil {
				t.Fatalf("after %d lines of %d the file was taken: %v", n, lines, err)
			}
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		if got := e.imports(t); len(got) != 0 {
			t.Fatalf("imports of a file still written: %+v", got)
		}
		rep := e.waitFor(t, "done", 1)[0]
		if rep.Totals.Lines != lines {
			t.Errorf("the import read %d lines, want all %d", rep.Totals.Lines, lines)
		}
	})
}

// Two instances watching one shared folder take each file once: every file is imported once and
// ends in done/ once.
func TestTwoWatchersOnOneFolderTakeEachFileOnce(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		e.watch(t, 0)
		e.watch(t, 0)
		const n = 6
		for i := range n {
			e.drop(t, fmt.Sprintf("file-%d.csv", i), csvHeader+csvLine(i))
		}
		reps := e.waitFor(t, "done", n)
		seen := map[string]bool{}
		for _, rep := range reps {
			if rep.State != ims.ImportPosted || seen[rep.FileName] {
				t.Errorf("report %s: %s (seen before: %v)", rep.FileName, rep.State, seen[rep.FileName])
			}
			seen[rep.FileName] = true
		}
		if got := e.imports(t); len(got) != n {
			t.Errorf("%d imports of %d files", len(got), n)
		}
		if failed, _ := e.names(t, "failed"); len(failed) != 0 {
			t.Errorf("failed/ holds %v", failed)
		}
	})
}

// Files being uploaded under a temporary name, and hidden files, are never taken; nor are the files
// of an import type that is disabled.
func TestTemporaryHiddenAndDisabledTypesFilesAreLeft(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		types := refdata.New(db).ImportTypes()
		if err := types.Disable(ctx, ims.System(), "DWP"); err != nil {
			t.Fatal(err)
		}
		dwp := filepath.Join(e.dir, "dwp")
		if err := os.MkdirAll(dwp, 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dwp, "schedule.csv"), []byte(csvHeader+csvLine(1)), 0o640); err != nil {
			t.Fatal(err)
		}
		e.watch(t, 0)
		if err := os.MkdirAll(e.folder, 0o750); err != nil {
			t.Fatal(err)
		}
		// In the order the folder lists them.
		left := []string{".hidden.csv", "upload.CSV.filepart", "upload.csv.part", "upload.tmp", "~lock.csv"}
		for i, name := range left {
			if err := os.WriteFile(filepath.Join(e.folder, name), []byte(csvHeader+csvLine(20+i)), 0o640); err != nil {
				t.Fatal(err)
			}
		}
		e.drop(t, "real.csv", csvHeader+csvLine(30))
		e.waitFor(t, "done", 1)
		time.Sleep(5 * interval) // another look or two
		root, _ := e.names(t, "")
		if strings.Join(root, " ") != strings.Join(left, " ") {
			t.Errorf("the drop folder holds %v, want %v left", root, left)
		}
		if _, err := os.Stat(filepath.Join(dwp, "schedule.csv")); err != nil {
			t.Errorf("the disabled type's file was taken: %v", err)
		}
		if got := e.imports(t); len(got) != 1 {
			t.Errorf("%d imports, want real.csv's alone", len(got))
		}
	})
}
