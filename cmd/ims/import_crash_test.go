package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/demo"
	"github.com/ims-council/ims/internal/imports"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// An `ims import` killed while it runs leaves nothing posted; run again (as the import's job does
// on a server), the import posts once, whole.
func TestAnImportKilledPartWayPostsNothingAndThenPostsOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("builds ims and imports a large file")
	}
	t.Parallel()
	exe := imsBinary(t)
	const rows = 200_000
	file := filepath.Join(t.TempDir(), "big.csv")
	writeBigCSV(t, file, rows)
	for _, engine := range []sqldb.Engine{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			url := sqldbtest.URL(t, engine)
			env := map[string]string{"IMS_DATABASE_URL": url}
			if code, out, stderr := run(t, env, "", "migrate"); code != exitOK {
				t.Fatalf("migrate: exit %d %q %q", code, out, stderr)
			}
			council := filepath.Join(t.TempDir(), "council.yaml")
			os.WriteFile(council, demo.YAML(), 0o600)
			if code, out, stderr := run(t, env, "", "config", "load", council); code != exitOK {
				t.Fatalf("config load: exit %d %q %q", code, out, stderr)
			}
			ctx := context.Background()
			db, err := sqldb.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()

			cmd := exec.Command(exe, "import", "--type", "IMSCSV", file)
			cmd.Env = append(os.Environ(), "IMS_DATABASE_URL="+url)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			id := waitForRunningImport(t, db, exited)
			time.Sleep(500 * time.Millisecond) // well into reading and posting the file
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			if err := <-exited; err == nil {
				t.Fatalf("ims import finished before it was killed; the test needs a bigger file")
			}

			imp, _, err := db.Import(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if imp.State == ims.ImportPosted || postingsOfKind(t, db, ims.PostingImport) != 0 {
				t.Fatalf("after the kill: import %s, %d import postings; want nothing posted", imp.State,
					postingsOfKind(t, db, ims.PostingImport))
			}
			if err := imports.New(db).RunImport(ctx, id); err != nil {
				t.Fatal(err)
			}
			if err := imports.New(db).RunImport(ctx, id); err != nil { // a second run finds it finished
				t.Fatal(err)
			}
			imp, _, err = db.Import(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if imp.State != ims.ImportPosted || imp.Totals.Lines != rows || postingsOfKind(t, db, ims.PostingImport) != 1 {
				t.Errorf("after running again: import %s with %d lines, %d import postings; want posted once with %d",
					imp.State, imp.Totals.Lines, postingsOfKind(t, db, ims.PostingImport), rows)
			}
			if rep, err := db.VerifyLedger(ctx); err != nil || rep.BrokenAt != 0 {
				t.Errorf("ledger verify: %+v %v", rep, err)
			}
		})
	}
}

// writeBigCSV writes an IMS CSV file of rows council tax payments, one in ten with a reference whose
// check digit is wrong (bound for suspense).
func writeBigCSV(t *testing.T, path string, rows int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "transaction_date,fund,reference,amount,mop,narrative")
	for i := range rows {
		ref := "400123451"
		if i%10 == 9 {
			ref = "400123452"
		}
		fmt.Fprintf(w, "2025-03-05,23,%s,%d.%02d,BK,payment %d\n", ref, 1+i%500, i%100, i)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// waitForRunningImport returns the id of the first import once it is running, failing the test if
// the command exits first or nothing runs within a minute.
func waitForRunningImport(t *testing.T, db *sqldb.DB, exited chan error) int64 {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			t.Fatalf("ims import exited (%v) before it could be killed", err)
		default:
		}
		list, err := db.Imports(context.Background(), ims.ImportFilter{})
		if err == nil && len(list) > 0 && list[0].State == ims.ImportRunning {
			return list[0].ID
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("no import was running after a minute")
	return 0
}

func postingsOfKind(t *testing.T, db *sqldb.DB, kind ims.PostingKind) int {
	t.Helper()
	var n int
	if err := db.SQL.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM postings WHERE kind = $1`, kind).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
