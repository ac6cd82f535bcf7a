package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims/internal/sqldb"
)

// fakeRun stands in for a child process: it reports what the child would have been asked to
// measure, at rows per second equal to the rows (so every size has its own rate) and with the peak
// memory peak returns.
type fakeRun struct {
	calls []config // the config of each run
	names []string // the name of each run's measurement
	peak  func(name string, run int) float64
}

func (f *fakeRun) measure(_ context.Context, cfg config, m measurement) (Result, error) {
	name := m.name(cfg)
	run := 0
	for _, n := range f.names {
		if n == name {
			run++
		}
	}
	f.calls, f.names = append(f.calls, cfg), append(f.names, name)
	res := Result{Name: name, Engine: string(cfg.engine), Rows: int64(cfg.rows), RowsPerS: float64(cfg.rows + 1000*run)}
	if f.peak != nil {
		res.PeakRSSMB = f.peak(name, run)
	}
	return res, nil
}

// runFake runs every measurement on SQLite with the fake child and returns the lines printed.
func runFake(t *testing.T, f *fakeRun, runs int) (*parent, map[string]Result) {
	t.Helper()
	var out bytes.Buffer
	p := &parent{cfg: config{rows: 1_000_000, duration: time.Second, writers: 8}, runs: runs, out: &out, measure: f.measure}
	if err := p.measureEngine(context.Background(), sqldb.SQLite); err != nil {
		t.Fatal(err)
	}
	return p, printedLines(t, out.String())
}

// printedLines returns the results a run printed, by name, failing the test on a line that is not
// one or a name printed twice.
func printedLines(t *testing.T, out string) map[string]Result {
	t.Helper()
	lines := map[string]Result{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var r Result
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		if _, dup := lines[r.Name]; dup {
			t.Errorf("%s printed twice", r.Name)
		}
		lines[r.Name] = r
	}
	return lines
}

// TestBaselinesAtTheSameSizeAndDurability: the ledger posting (a tenth of -rows) is divided by a raw
// bulk insert of the same tenth, not of the million rows; the million-row insert is still measured;
// the commit-bound measurements and their baseline run durable and the bulk ones (imports, the
// search's load) do not.
func TestBaselinesAtTheSameSizeAndDurability(t *testing.T) {
	f := &fakeRun{}
	p, lines := runFake(t, f, 1)
	if err := p.memoryError(); err != nil {
		t.Fatal(err)
	}
	post, ok := lines["ledger_post_100k"]
	if !ok {
		t.Fatalf("no ledger_post_100k line in %v", f.names)
	}
	raw := lines["raw_bulk_insert_100k"]
	if post.Baseline != "raw_bulk_insert_100k" || raw.Rows != 100_000 || post.BaselineRowsPerS != raw.RowsPerS || post.Ratio != 1 {
		t.Errorf("ledger_post_100k compared with %s at %v rows/s (ratio %v); raw_bulk_insert_100k wrote %d rows at %v rows/s",
			post.Baseline, post.BaselineRowsPerS, post.Ratio, raw.Rows, raw.RowsPerS)
	}
	if r, ok := lines["raw_bulk_insert_1m"]; !ok || r.Rows != 1_000_000 {
		t.Errorf("raw_bulk_insert_1m: %+v, %v", r, ok)
	}
	for i, name := range f.names {
		wantDurable := !strings.HasPrefix(name, "raw_bulk_insert") && !strings.HasPrefix(name, "ledger_post_1") &&
			!strings.HasPrefix(name, "import_") && !strings.HasPrefix(name, "search_")
		if f.calls[i].durable != wantDurable {
			t.Errorf("%s ran with durable=%v, want %v", name, f.calls[i].durable, wantDurable)
		}
	}
	for name, want := range map[string]string{"ledger_post_concurrent_8": "single_row_commit", "payment_complete": "payment_skeleton",
		"payment_complete_h200k": "payment_complete_h0", "payment_complete_h1m": "payment_complete_h0"} {
		if lines[name].Baseline != want {
			t.Errorf("%s: baseline %q, want %s", name, lines[name].Baseline, want)
		}
	}
	if want := []string{"raw_bulk_insert_1m", "raw_bulk_insert_100k", "ledger_post_100k", "import_allpay_1m", "import_csv_1m", "single_row_commit",
		"ledger_post_concurrent_8", "payment_skeleton", "payment_complete", "payment_complete_h0", "payment_complete_h200k", "payment_complete_h1m",
		"search_10m"}; strings.Join(f.names, " ") != strings.Join(want, " ") {
		t.Errorf("measured %v, want %v", f.names, want)
	}
	for name, r := range lines {
		if r.MemLimitMB <= 0 || r.OverMemLimit {
			t.Errorf("%s: memory limit %v, over %v", name, r.MemLimitMB, r.OverMemLimit)
		}
	}
}

// TestOverTheMemoryLimitFailsTheRun: a posting that peaks at 1,150 MB in one of its runs (not the
// fastest) is reported over its limit, the other measurements still run, and the run ends with an
// error naming it.
func TestOverTheMemoryLimitFailsTheRun(t *testing.T) {
	f := &fakeRun{peak: func(name string, run int) float64 {
		if name == "ledger_post_100k" && run == 0 {
			return 1150
		}
		return 30
	}}
	p, lines := runFake(t, f, 2)
	post := lines["ledger_post_100k"]
	if !post.OverMemLimit || post.PeakRSSMB != 1150 || post.MemLimitMB != importMemLimitMB {
		t.Errorf("ledger_post_100k: peak %v MB, limit %v MB, over %v; want 1150 over %d",
			post.PeakRSSMB, post.MemLimitMB, post.OverMemLimit, importMemLimitMB)
	}
	if _, ok := lines["payment_complete"]; !ok {
		t.Error("the measurements after the one over its limit did not run")
	}
	err := p.memoryError()
	if err == nil || !strings.Contains(err.Error(), "ledger_post_100k on sqlite peaked at 1150 MB (limit 200 MB)") {
		t.Errorf("memoryError() = %v", err)
	}
	for name, r := range lines {
		if name != "ledger_post_100k" && r.OverMemLimit {
			t.Errorf("%s reported over its limit at %v MB", name, r.PeakRSSMB)
		}
	}
}

// TestDurableSQLiteRefusesNormalSync: a commit-bound measurement on a SQLite pool at IMS's
// synchronous=NORMAL is refused; at FULL it runs and says so in its line.
func TestDurableSQLiteRefusesNormalSync(t *testing.T) {
	ctx := context.Background()
	for _, durable := range []bool{false, true} {
		d, err := freshDatabase(ctx, config{engine: sqldb.SQLite, workdir: t.TempDir(), durable: durable})
		if err != nil {
			t.Fatal(err)
		}
		defer d.remove()
		pool, err := d.openPool(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer pool.Close()
		d.durable = true // what a commit-bound measurement asks of this pool
		var res Result
		err = d.describe(ctx, pool, &res)
		if !durable {
			if err == nil || !strings.Contains(err.Error(), "synchronous=normal") {
				t.Errorf("a NORMAL pool for a durable measurement: %v, %q", err, res.Durability)
			}
			continue
		}
		if err != nil || res.Durability != "journal_mode=wal,synchronous=full" {
			t.Errorf("a durable pool: %v, durability %q", err, res.Durability)
		}
	}
}
