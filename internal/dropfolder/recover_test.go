package dropfolder_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/imports"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// leave puts a file in processing/ as an instance that claimed it at claimed and then stopped
// would have left it, untouched since.
func (e *env) leave(t *testing.T, name, content string, claimed time.Time) string {
	t.Helper()
	dir := filepath.Join(e.folder, "processing")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, claimed.UTC().Format("20060102T150405.000000000Z")+"-"+name)
	if err := os.WriteFile(path, []byte(content), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, claimed, claimed); err != nil {
		t.Fatal(err)
	}
	return path
}

// A file left in processing/ by an instance that stopped before importing it is taken over once
// stale and imported.
func TestAFileLeftInProcessingBeforeItsImportIsImported(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		e.leave(t, "left.csv", csvHeader+csvLine(7), time.Now().Add(-time.Minute))
		e.watch(t, 200*time.Millisecond)
		rep := e.waitFor(t, "done", 1)[0]
		if rep.State != ims.ImportPosted || rep.FileName != "left.csv" {
			t.Fatalf("report %+v, want left.csv posted", rep)
		}
		if got := e.imports(t); len(got) != 1 {
			t.Errorf("%d imports, want 1", len(got))
		}
	})
}

// A file left in processing/ after its import started is not imported again: the instance that
// takes it over finds its import (same file name and SHA-256, from the folder), follows it to the
// end and moves the file to done/ with that import's report.
func TestAFileLeftInProcessingAfterItsImportFollowsThatImport(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		content := csvHeader + csvLine(8)
		claimed := time.Now().Add(-time.Minute)
		e.leave(t, "started.csv", content, claimed)
		imp, _, err := e.jobs.Start(context.Background(), ims.System(), imports.Request{ImportType: "IMSCSV",
			FileName: "started.csv", Source: ims.ImportSourceFolder}, strings.NewReader(content))
		if err != nil {
			t.Fatal(err)
		}
		e.watch(t, 200*time.Millisecond)
		rep := e.waitFor(t, "done", 1)[0]
		if rep.ID != imp.ID || rep.State != ims.ImportPosted {
			t.Fatalf("report of import %d (%s), want import %d posted", rep.ID, rep.State, imp.ID)
		}
		if got := e.imports(t); len(got) != 1 {
			t.Errorf("%d imports, want the one started before", len(got))
		}
		if failed, _ := e.names(t, "failed"); len(failed) != 0 {
			t.Errorf("failed/ holds %v", failed)
		}
	})
}

// A file left in processing/ follows the import noted beside it when its instance got that far.
func TestAFileLeftInProcessingFollowsTheImportNotedBesideIt(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		content := csvHeader + csvLine(10)
		path := e.leave(t, "noted.csv", content, time.Now().Add(-time.Minute))
		// Started under another name, so only the note can lead to it.
		imp, _, err := e.jobs.Start(context.Background(), ims.System(), imports.Request{ImportType: "IMSCSV",
			FileName: "renamed.csv", Source: ims.ImportSourceFolder}, strings.NewReader(content))
		if err != nil {
			t.Fatal(err)
		}
		note := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".import")
		if err := os.WriteFile(note, []byte(fmt.Sprintln(imp.ID)), 0o640); err != nil {
			t.Fatal(err)
		}
		e.watch(t, 200*time.Millisecond)
		rep := e.waitFor(t, "done", 1)[0]
		if rep.ID != imp.ID || rep.State != ims.ImportPosted {
			t.Fatalf("report of import %d (%s), want import %d posted", rep.ID, rep.State, imp.ID)
		}
		if got := e.imports(t); len(got) != 1 {
			t.Errorf("%d imports, want the one started before", len(got))
		}
		if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 0 {
			t.Errorf("processing/ still holds %d entries, the first %s", len(entries), entries[0].Name())
		}
	})
}

// A file in processing/ that its instance still follows (touched within the stale period) is left
// to it.
func TestAFileInProcessingStillFollowedIsLeftAlone(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		path := e.leave(t, "busy.csv", csvHeader+csvLine(9), time.Now())
		e.watch(t, time.Hour)
		time.Sleep(20 * interval)
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("a file followed by another instance was taken: %v", err)
		}
		if got := e.imports(t); len(got) != 0 {
			t.Errorf("imports %+v, want none", got)
		}
	})
}
