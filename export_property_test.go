package ims

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ims-council/ims/money"
)

// TestJournalExportBalancesPerDate is the property of SPEC §10: for any set of entries, the journal's
// lines of each business date sum to zero, and its income lines carry exactly minus the entries.
func TestJournalExportBalancesPerDate(t *testing.T) {
	funds := map[string]Fund{"A": {GLCode: "4000", CostCentre: "C1"}, "B": {GLCode: "4000", CostCentre: "C2"},
		"C": {GLCode: "4100"}, "D": {GLCode: "4100"}}
	codes := []string{"A", "B", "C", "D"}
	mops := []string{"CASH", "CARD", "CHQ", "DD"}
	tg := journalTarget()
	for seed := uint64(0); seed < 500; seed++ {
		r := rand.New(rand.NewPCG(seed, 12))
		var entries []ExportEntry
		want := map[time.Time]money.Pence{}
		for range r.IntN(60) {
			e := ExportEntry{LedgerEntry: LedgerEntry{BusinessDate: day(1 + r.IntN(4)), Fund: codes[r.IntN(4)],
				MOP: mops[r.IntN(4)], VATCode: []string{"O", "S", "Z"}[r.IntN(3)], Amount: money.Pence(r.Int64N(2_000_000) - 500_000)}}
			entries = append(entries, e)
			want[e.BusinessDate] += e.Amount
		}
		rows, err := JournalExportRows(tg, funds, entries)
		if err != nil {
			t.Fatal(err)
		}
		net, income := map[time.Time]money.Pence{}, map[time.Time]money.Pence{}
		for i, row := range rows {
			net[row.Date] += row.Amount
			if row.ControlCode == "" {
				income[row.Date] += row.Amount
			}
			if i > 0 && row.Date.Before(rows[i-1].Date) {
				t.Fatalf("seed %d: dates out of order", seed)
			}
		}
		for d, n := range net {
			if n != 0 {
				t.Fatalf("seed %d: the journal of %s sums to %s, not zero", seed, d.Format(time.DateOnly), n)
			}
		}
		for d, w := range want {
			if income[d] != -w {
				t.Fatalf("seed %d: income lines of %s carry %s, want %s", seed, d.Format(time.DateOnly), income[d], -w)
			}
		}
	}
}

// FuzzExportLayout renders arbitrary layouts over arbitrary values: Render never panics on a layout
// Validate accepts, and a fixed-width file it writes has every line at the layout's exact width.
func FuzzExportLayout(f *testing.F) {
	f.Add([]byte(`{"format":"fixed","fields":[{"source":"reference","width":8},{"source":"amount","width":9,"pad":"0"}],"trailer":[{"source":"count","width":4}]}`), "A1", "narr", int64(-1234), false)
	f.Add([]byte(`{"format":"csv","delimiter":"|","column_names":true,"fields":[{"source":"date","format":"DD-MON-YYYY"},{"source":"narrative","width":4,"truncate":true},{"source":"credit","blank_zero":true}]}`), "x\"y", "ŵŷ\n", int64(5), true)
	f.Fuzz(func(t *testing.T, layoutJSON []byte, ref, narrative string, amount int64, journal bool) {
		var l ExportLayout
		if json.Unmarshal(layoutJSON, &l) != nil {
			return
		}
		tg := ExportTarget{Code: "F", Name: "fuzz", Kind: ExportAccountPostings, Funds: []string{"F"}, Layout: l}
		if journal {
			tg.Kind, tg.Funds, tg.DefaultControl = ExportJournal, nil, "9"
		}
		if tg.Validate() != nil {
			return
		}
		row := ExportRow{Date: day(2), Reference: ref, Narrative: narrative, Amount: money.Pence(amount), Account: ref}
		out, err := l.Render(ExportFile{BatchID: "F-000001", Seq: 1, Created: day(3), Rows: []ExportRow{row, row}})
		if err != nil {
			if ErrorCode(err) != Invalid {
				t.Fatalf("Render error %v is not Invalid", err)
			}
			return
		}
		if l.Format != LayoutFixed {
			return
		}
		lineEnd := "\r\n"
		if l.LineEnd == "lf" {
			lineEnd = "\n"
		}
		widths := map[int]bool{}
		for _, part := range [][]ExportField{l.Header, l.Fields, l.Trailer} {
			w := 0
			for _, fd := range part {
				w += fd.Width
			}
			widths[w] = true
		}
		for _, line := range strings.SplitAfter(string(out), lineEnd) {
			if line == "" {
				continue
			}
			if n := utf8.RuneCountInString(strings.TrimSuffix(line, lineEnd)); !widths[n] {
				t.Fatalf("fixed-width line %q is %d characters, not a line's width %v", line, n, widths)
			}
		}
	})
}
