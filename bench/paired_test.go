package main

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"time"

	"github.com/ims-council/ims/internal/sqldb"
)

// With -paired a path and its baseline run alternately, and the pair with the median ratio is
// reported with every pair's ratio; a baseline shared by two paths is printed once.
func TestPairedRunsAlternateAndReportTheMedianPair(t *testing.T) {
	rates := map[string][]float64{ // by measurement name, one a run
		"raw_bulk_insert_1m": {100, 100, 100, 50, 50, 50},
		"import_allpay_1m":   {100, 300, 200},
		"import_csv_1m":      {40, 45, 30},
	}
	var order []string
	measure := func(_ context.Context, cfg config, m measurement) (Result, error) {
		name := m.name(cfg)
		run := 0
		for _, n := range order {
			if n == name {
				run++
			}
		}
		order = append(order, name)
		return Result{Name: name, Engine: string(cfg.engine), Rows: int64(cfg.rows), RowsPerS: rates[name][run],
			PeakRSSMB: float64(10 * (run + 1))}, nil
	}
	var out bytes.Buffer
	p := &parent{cfg: config{rows: 1_000_000, duration: time.Second, writers: 8}, runs: 3, paired: true,
		only: []string{"import_allpay", "import_csv"}, out: &out, measure: measure}
	if err := p.measureEngine(context.Background(), sqldb.SQLite); err != nil {
		t.Fatal(err)
	}
	raw, allpay, csv := "raw_bulk_insert_1m", "import_allpay_1m", "import_csv_1m"
	if want := []string{raw, allpay, raw, allpay, raw, allpay, raw, csv, raw, csv, raw, csv}; !slices.Equal(order, want) {
		t.Errorf("runs in order %v; want %v", order, want)
	}
	lines := printedLines(t, out.String())
	if r := lines[allpay]; r.Ratio != 2 || r.RowsPerS != 200 || r.BaselineRowsPerS != 100 ||
		!slices.Equal(r.Ratios, []float64{1, 3, 2}) || r.PeakRSSMB != 30 {
		t.Errorf("%s = %+v; want the median pair (200 against 100, ratio 2), ratios [1 3 2], peak 30 MB", allpay, r)
	}
	if r := lines[csv]; r.Ratio != 0.8 || !slices.Equal(r.Ratios, []float64{0.8, 0.9, 0.6}) {
		t.Errorf("%s = %+v; want ratio 0.8 of ratios [0.8 0.9 0.6]", csv, r)
	}
	if r, ok := lines[raw]; !ok || r.RowsPerS != 100 || r.PeakRSSMB != 30 {
		t.Errorf("%s = %+v; want printed once, from the first path's median pair, with its highest peak", raw, r)
	}
}
