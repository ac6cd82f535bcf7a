package exports_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/exports"
	"github.com/ims-council/ims/internal/secretbox"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/webhooks"
	"github.com/ims-council/ims/money"
)

// TestRunExportsWhatIsNewAndKeepsEachBatch: a second run with nothing new makes no batch; entries
// posted since go into the next batch of each target that takes them; a past batch keeps its bytes
// after its target's layout changes, and is written again as it was.
func TestRunExportsWhatIsNewAndKeepsEachBatch(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		dir := t.TempDir()
		s := rig(t, db, dir)
		pay(t, db, "23", "100000125", "1", 1000)
		first, err := s.Run(ctx, finance, "")
		must(t, err)
		if got := ids(first); got != "CTAX-000001 GL-000001" {
			t.Fatalf("first run made %s", got)
		}
		again, err := s.Run(ctx, finance, "")
		must(t, err)
		if len(again) != 0 {
			t.Fatalf("a run with nothing new made %s", ids(again))
		}
		pay(t, db, "5", "51000123017", "1", 2000)
		second, err := s.Run(ctx, finance, "")
		must(t, err)
		if got := ids(second); got != "GL-000002 RENTS-000001" {
			t.Fatalf("second run made %s", got)
		}
		if second[0].Entries != 1 || second[0].Total != 0 || second[1].Total != 2000 {
			t.Errorf("second batches %+v", second)
		}
		// Only one target when asked.
		pay(t, db, "23", "100000137", "1", 3000)
		only, err := s.Run(ctx, finance, "CTAX")
		must(t, err)
		if got := ids(only); got != "CTAX-000002" {
			t.Fatalf("run of CTAX made %s", got)
		}
		if _, err := s.Run(ctx, finance, "NOPE"); ims.ErrorCode(err) != ims.Invalid || ims.ErrorFields(err)["target"] == "" {
			t.Errorf("an unknown target: %v", err)
		}
		// The layout changes; the past batch does not.
		_, before, err := s.Batch(ctx, finance, "CTAX-000001")
		must(t, err)
		tg, err := db.ExportTargets().Get(ctx, "CTAX")
		must(t, err)
		tg.Layout.Fields[2].Width = 12
		tg.Layout.Fields[7].Width = 34
		must(t, db.ExportTargets().Put(ctx, ims.System(), tg))
		must(t, os.Remove(filepath.Join(dir, "CTAXPAY-000001.txt")))
		b, err := s.Rewrite(ctx, finance, "CTAX-000001")
		must(t, err)
		after, err := os.ReadFile(filepath.Join(dir, b.FileName))
		must(t, err)
		if string(after) != string(before) {
			t.Errorf("batch written again differs:\n%s\nwas\n%s", after, before)
		}
		// No temporary file is left behind for a collector to pick up.
		names, err := os.ReadDir(dir)
		must(t, err)
		for _, n := range names {
			if strings.HasPrefix(n.Name(), ".") {
				t.Errorf("left in the export folder: %s", n.Name())
			}
		}
	})
}

// TestWhoMayRunAndSeeBatches: running needs Finance; a Reporting user limited to the revenues funds
// sees the council tax system's batches but not the journal, which holds every fund.
func TestWhoMayRunAndSeeBatches(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := rig(t, db, "")
		pay(t, db, "23", "100000125", "1", 1000)
		if _, err := s.Run(ctx, revenues, ""); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("a Reporting user ran the export: %v", err)
		}
		if _, err := s.Run(ctx, finance, ""); err != nil {
			t.Fatal(err)
		}
		list, err := s.Batches(ctx, revenues, "", 0)
		must(t, err)
		if got := ids(list); got != "CTAX-000001" {
			t.Errorf("revenues sees %s", got)
		}
		if _, _, err := s.Batch(ctx, revenues, "GL-000001"); ims.ErrorCode(err) != ims.NotFound {
			t.Errorf("revenues opened the journal: %v", err)
		}
		if _, _, err := s.Batch(ctx, cashierer, "CTAX-000001"); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("a cashier opened a batch: %v", err)
		}
		if _, err := s.Rewrite(ctx, finance, "CTAX-000001"); ims.ErrorCode(err) != ims.Invalid {
			t.Errorf("writing again without an export folder: %v", err)
		}
		var audited int
		must(t, db.SQL.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE entity = 'export batch'`).Scan(&audited))
		if audited != 2 {
			t.Errorf("%d batches audited, want 2", audited)
		}
	})
}

// TestATargetWithMoreThanABatchGetsSeveralFromOneRun: with batches of at most two postings, five
// new postings of the council tax funds and one of rents make, in one run, three council tax batches
// of two, two and one postings in chain order, three journal batches (it takes every posting) and one
// rents batch; a run after that makes none.
func TestATargetWithMoreThanABatchGetsSeveralFromOneRun(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := rig(t, db, "")
		s.BatchPostings = 2
		var ctax []int64
		for i, ref := range []string{"100000125", "100000137", "100000149"} {
			ctax = append(ctax, pay(t, db, "23", ref, "1", money.Pence(1000*(i+1))).ID)
		}
		rents := pay(t, db, "5", "51000123017", "1", 500).ID
		for i, ref := range []string{"100000150", "100000162"} {
			ctax = append(ctax, pay(t, db, "24", ref, "1", money.Pence(100*(i+1))).ID)
		}
		made, err := s.Run(ctx, finance, "")
		must(t, err)
		if got := ids(made); got != "CTAX-000001 CTAX-000002 CTAX-000003 GL-000001 GL-000002 GL-000003 RENTS-000001" {
			t.Fatalf("one run made %s", got)
		}
		wantCTAX := [][2]int64{{ctax[0], ctax[1]}, {ctax[2], ctax[3]}, {ctax[4], ctax[4]}}
		for i, b := range made[:3] {
			if [2]int64{b.First, b.Last} != wantCTAX[i] {
				t.Errorf("%s holds postings %d to %d, want %d to %d", b.ID, b.First, b.Last, wantCTAX[i][0], wantCTAX[i][1])
			}
		}
		if made[3].First != ctax[0] || made[4].First != ctax[2] || made[4].Last != rents || made[5].First != ctax[3] || made[5].Last != ctax[4] {
			t.Errorf("journal batches %+v", made[3:6])
		}
		if made[6].First != rents || made[6].Total != 500 {
			t.Errorf("rents batch %+v", made[6])
		}
		again, err := s.Run(ctx, finance, "")
		must(t, err)
		if len(again) != 0 {
			t.Fatalf("a run with nothing new made %s", ids(again))
		}
	})
}

// TestEveryEntryInExactlyOneBatchPerTarget is the property of SPEC §10 for account postings, with
// the journal's balance alongside: postings and runs interleaved at random, each entry of a target's
// funds appears in exactly one of its batches, no other entry appears, and each journal batch's lines
// of each date sum to zero — with batches as large as they come, and with batches of at most three
// postings, so that a run makes several.
func TestEveryEntryInExactlyOneBatchPerTarget(t *testing.T) {
	for _, batchPostings := range []int{0, 3} {
		t.Run(fmt.Sprintf("batches of %d postings", batchPostings), func(t *testing.T) {
			everyEntryInExactlyOneBatch(t, batchPostings)
		})
	}
}

func everyEntryInExactlyOneBatch(t *testing.T, batchPostings int) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := rig(t, db, "")
		s.BatchPostings = batchPostings
		r := rand.New(rand.NewPCG(7, 7))
		funds := []string{"23", "24", "5", "13", "11"}
		mops := []string{"1", "24", "90", "BK"}
		want := map[string]map[int64]bool{"CTAX": {}, "RENTS": {}}
		seen := map[string]map[int64]int{"CTAX": {}, "RENTS": {}}
		for step := range 40 {
			if r.IntN(3) == 0 {
				made, err := s.Run(ctx, finance, "")
				must(t, err)
				for _, b := range made {
					checkBatch(t, s, b, seen)
				}
				continue
			}
			fund := funds[r.IntN(len(funds))]
			po := pay(t, db, fund, "R"+strconv.Itoa(step), mops[r.IntN(len(mops))], money.Pence(r.Int64N(90000)-10000))
			for code, owned := range map[string][]string{"CTAX": {"23", "24"}, "RENTS": {"5"}} {
				for _, f := range owned {
					if f == fund {
						want[code][entryID(t, db, po.ID)] = true
					}
				}
			}
			advance(db, time.Duration(r.IntN(20))*time.Hour)
		}
		made, err := s.Run(ctx, finance, "")
		must(t, err)
		for _, b := range made {
			checkBatch(t, s, b, seen)
		}
		for code := range want {
			for id := range want[code] {
				if seen[code][id] != 1 {
					t.Errorf("%s: entry %d in %d batches", code, id, seen[code][id])
				}
			}
			for id := range seen[code] {
				if !want[code][id] {
					t.Errorf("%s: entry %d of another fund exported", code, id)
				}
			}
		}
	})
}

// checkBatch reads a batch's file: a journal's dates must balance; an account postings file adds
// each entry id it holds (the RENTS layout's last field; CTAX's by its receipt) to seen.
func checkBatch(t *testing.T, s *exports.Service, b ims.ExportBatch, seen map[string]map[int64]int) {
	t.Helper()
	_, content, err := s.Batch(context.Background(), finance, b.ID)
	must(t, err)
	lines := strings.Split(strings.TrimRight(string(content), "\r\n"), "\n")
	switch b.Target {
	case "GL":
		net := map[string]money.Pence{}
		for _, l := range lines[1:] {
			f := strings.Split(strings.TrimRight(l, "\r"), ",")
			amount, err := money.Parse(f[6])
			must(t, err)
			net[f[2]] += amount
		}
		for d, n := range net {
			if n != 0 {
				t.Errorf("%s: %s sums to %s", b.ID, d, n)
			}
		}
	case "RENTS":
		for _, l := range lines[:len(lines)-1] {
			id, err := strconv.ParseInt(l[41:51], 10, 64)
			must(t, err)
			seen["RENTS"][id]++
		}
	case "CTAX":
		for _, l := range lines[1 : len(lines)-1] {
			if !strings.HasPrefix(l, "D") {
				t.Fatalf("%s: detail line %q", b.ID, l)
			}
		}
		if int64(len(lines)-2) != b.Lines {
			t.Errorf("%s: %d detail lines, batch says %d", b.ID, len(lines)-2, b.Lines)
		}
		ids, err := entriesOf(s, b)
		must(t, err)
		for _, id := range ids {
			seen["CTAX"][id]++
		}
	}
}

// entriesOf returns the entries a CTAX batch took, read back through the receipts on its lines.
func entriesOf(s *exports.Service, b ims.ExportBatch) ([]int64, error) {
	rows, err := s.DB.SQL.Query(`SELECT e.id FROM ledger_entries e JOIN export_postings x ON x.posting_id = e.posting_id
		WHERE x.batch = $1 AND e.fund IN ('23', '24')`, b.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// TestTwoInstancesExportEachEntryOnce runs the export on two instances of one PostgreSQL database at
// the same moment, repeatedly, while payments are posted: every entry is in exactly one batch of
// each target, and no batch number is taken twice.
func TestTwoInstancesExportEachEntryOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dbURL := sqldbtest.MigratedURL(t, sqldb.Postgres)
	open := func() *sqldb.DB {
		db, err := sqldb.Open(ctx, dbURL)
		must(t, err)
		t.Cleanup(func() { db.Close() })
		return db
	}
	a, b := open(), open()
	sa := rig(t, a, t.TempDir())
	sb := exports.New(b, t.TempDir())
	seen := map[string]map[int64]int{"CTAX": {}, "RENTS": {}}
	var batches []ims.ExportBatch
	for round := range 8 {
		pay(t, a, "23", "100000125", "1", money.Pence(100+round))
		pay(t, b, "5", "51000123017", "1", money.Pence(200+round))
		var wg sync.WaitGroup
		var mu sync.Mutex
		for _, s := range []*exports.Service{sa, sb, sa, sb} {
			wg.Go(func() {
				made, err := s.Run(ctx, ims.System(), "")
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				batches = append(batches, made...)
				mu.Unlock()
			})
		}
		wg.Wait()
	}
	perTarget := map[string]int{}
	for _, bt := range batches {
		perTarget[bt.Target]++
		checkBatch(t, sa, bt, seen)
	}
	if perTarget["GL"] != 8 || perTarget["CTAX"] != 8 || perTarget["RENTS"] != 8 {
		t.Errorf("batches per target %v, want 8 each (one a round)", perTarget)
	}
	for code, ids := range seen {
		if len(ids) != 8 {
			t.Errorf("%s: %d entries exported, want 8", code, len(ids))
		}
		for id, n := range ids {
			if n != 1 {
				t.Errorf("%s: entry %d in %d batches", code, id, n)
			}
		}
	}
}

// entryID returns the id of the one entry of posting id.
func entryID(t *testing.T, db *sqldb.DB, posting int64) int64 {
	t.Helper()
	var id int64
	must(t, db.SQL.QueryRow(`SELECT id FROM ledger_entries WHERE posting_id = $1`, posting).Scan(&id))
	return id
}

// TestBatchWrittenIsAWebhookEvent: a subscriber to export.batch_written gets one delivery for each
// batch, enqueued with it.
func TestBatchWrittenIsAWebhookEvent(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := rig(t, db, "")
		box, err := secretbox.New(strings.Repeat("k", 40))
		must(t, err)
		db.Secrets = box
		_, _, err = webhooks.New(db, nil).Create(ctx, ims.System(), ims.WebhookSubscriber{Name: "Finance bus",
			URL: "https://bus.example.gov.uk/ims", Events: []ims.WebhookEventType{ims.EventExportBatchWritten}, Enabled: true})
		must(t, err)
		pay(t, db, "23", "100000125", "1", 1000)
		made, err := s.Run(ctx, finance, "")
		must(t, err)
		var n int
		must(t, db.SQL.QueryRow(`SELECT COUNT(*) FROM webhook_deliveries`).Scan(&n))
		if n != len(made) || n != 2 {
			t.Errorf("%d webhook deliveries for %d batches, want one each", n, len(made))
		}
	})
}

// TestAValueTooWideStopsOnlyItsTarget: a reference wider than its field stops that target's batch
// with a message naming the target, line and field, while the other targets' batches are made;
// once the layout is fixed the entries go into the target's first batch.
func TestAValueTooWideStopsOnlyItsTarget(t *testing.T) {
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := rig(t, db, "")
		tg, err := db.ExportTargets().Get(ctx, "RENTS")
		must(t, err)
		tg.Layout.Fields[0].Width = 8
		must(t, db.ExportTargets().Put(ctx, ims.System(), tg))
		pay(t, db, "5", "51000123017", "1", 1000)
		made, err := s.Run(ctx, finance, "")
		if got := ids(made); got != "GL-000001" {
			t.Errorf("made %s, want the journal only", got)
		}
		if ims.ErrorCode(err) != ims.Invalid || !strings.Contains(ims.ErrorMessage(err), `Export target RENTS: line 1, field 1 (reference): "51000123017" is longer than its width 8`) {
			t.Fatalf("error %v", err)
		}
		tg.Layout.Fields[0].Width = 12
		must(t, db.ExportTargets().Put(ctx, ims.System(), tg))
		made, err = s.Run(ctx, finance, "")
		must(t, err)
		if got := ids(made); got != "RENTS-000001" {
			t.Errorf("after the fix, made %s", got)
		}
	})
}
