// Package parsebench measures how fast the allpay and IMS CSV parsers read a 1,000,000-line file, and
// how much memory they need, against a baseline that only reads the same file and splits each line
// into its fields. The ratio of the two says how much the parser's checking costs. The parsers are
// measured on their streaming path (Scan), the one an import takes, which keeps no entries, so
// their peak memory is the same whatever the size of the file.
package parsebench

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// Rows is the number of detail lines in each generated file.
const Rows = 1_000_000

// MemLimitMB is the most peak memory a parser may use, whatever the size of its file. SPEC §13 gives
// a whole import 200 MB; the parser must leave most of it to the posting. A streaming parser keeps
// one read buffer and no entries (about 17 MB measured, mostly Go's runtime), while one that kept
// what it read needed over 1,300 MB for a million lines, so 64 MB tells the two apart with room
// to spare.
const MemLimitMB = 64

// runsEach is how many times each measurement is repeated; the fastest run is reported, because on a
// shared machine every slower run measures the neighbours as well. On the 2-core development machine
// one run of the same binary on the same file takes anything from one to two times its fastest, so
// three runs left the ratio to chance; five, alternating, make it steadier.
const runsEach = 5

// A Result is one measurement, printed as one JSON object per line.
type Result struct {
	Name              string  `json:"name"`
	Rows              int     `json:"rows"`
	Seconds           float64 `json:"seconds"`
	RowsPerS          float64 `json:"rows_per_s"`
	PeakRSSMB         float64 `json:"peak_rss_mb"`
	MemLimitMB        float64 `json:"mem_limit_mb"`             // Run fails when PeakRSSMB is above it
	OverMemLimit      bool    `json:"over_mem_limit,omitempty"` // PeakRSSMB > MemLimitMB
	BaselineRowsPerS  float64 `json:"baseline_rows_per_s"`
	BaselinePeakRSSMB float64 `json:"baseline_peak_rss_mb"`
	Ratio             float64 `json:"ratio"` // RowsPerS / BaselineRowsPerS
	FileMB            float64 `json:"file_mb"`
}

// Run generates each workload's file in workdir, measures the baseline and the parser on it, each
// run in a child process of the running binary, and writes one Result per workload to out as a line
// of JSON. The binary must import this package (its init handles the child runs). When a parser's
// peak memory is above MemLimitMB, Run measures the other workloads and then fails.
func Run(ctx context.Context, out io.Writer, workdir string) error {
	return run(ctx, out, workdir, Rows)
}

// run is Run with the number of rows to generate, so tests can measure small files.
func run(ctx context.Context, out io.Writer, workdir string, rows int) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("parsebench: finding the running binary to re-execute: %w", err)
	}
	var over []string
	for _, w := range workloads() {
		path := filepath.Join(workdir, w.file)
		if err := generate(path, w, rows); err != nil {
			return err
		}
		res, err := measure(ctx, exe, w, path, rows)
		if err != nil {
			return err
		}
		res.MemLimitMB = MemLimitMB
		if res.PeakRSSMB > res.MemLimitMB {
			res.OverMemLimit = true
			over = append(over, fmt.Sprintf("%s peaked at %.0f MB (limit %d MB)", res.Name, res.PeakRSSMB, MemLimitMB))
		}
		if err := json.NewEncoder(out).Encode(res); err != nil {
			return err
		}
	}
	if len(over) > 0 {
		return fmt.Errorf("parsebench: over the memory limit: %s", strings.Join(over, "; "))
	}
	return nil
}

// generate writes a workload's file of rows detail lines to path.
func generate(path string, w workload, rows int) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("parsebench: %w", err)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	err = w.generate(bw, rows)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("parsebench: generating %s: %w", path, err)
	}
	return nil
}

// measure runs the baseline and the parser runsEach times each, alternating so that both see the same
// conditions, and keeps the fastest time and the largest peak memory of each.
func measure(ctx context.Context, exe string, w workload, path string, rows int) (Result, error) {
	var parse, base childResult
	parse.Seconds, base.Seconds = math.Inf(1), math.Inf(1)
	for range runsEach {
		for _, m := range []struct {
			mode string
			best *childResult
		}{{"baseline", &base}, {"parse", &parse}} {
			r, err := runChildProcess(ctx, exe, m.mode, w.name, path)
			if err != nil {
				return Result{}, err
			}
			if r.Rows != rows {
				return Result{}, fmt.Errorf("parsebench: %s %s read %d rows, want %d", m.mode, w.name, r.Rows, rows)
			}
			m.best.Rows = r.Rows
			m.best.Seconds = min(m.best.Seconds, r.Seconds)
			m.best.PeakRSSKB = max(m.best.PeakRSSKB, r.PeakRSSKB)
		}
	}
	st, err := os.Stat(path)
	if err != nil {
		return Result{}, err
	}
	res := Result{
		Name:              "parse_" + w.name + "_" + sizeName(rows),
		Rows:              parse.Rows,
		Seconds:           round(parse.Seconds, 6), // a small test file is read in well under a millisecond
		RowsPerS:          round(float64(parse.Rows)/parse.Seconds, 0),
		PeakRSSMB:         round(float64(parse.PeakRSSKB)/1024, 1),
		BaselineRowsPerS:  round(float64(base.Rows)/base.Seconds, 0),
		BaselinePeakRSSMB: round(float64(base.PeakRSSKB)/1024, 1),
		FileMB:            round(float64(st.Size())/(1<<20), 1),
	}
	res.Ratio = round(base.Seconds/parse.Seconds, 3)
	return res, nil
}

// runChildProcess re-executes the binary to measure one run.
func runChildProcess(ctx context.Context, exe, mode, name, path string) (childResult, error) {
	cmd := exec.CommandContext(ctx, exe, childFlag, mode, name, path)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		return childResult{}, fmt.Errorf("parsebench: %s %s: %w: %s", mode, name, err, strings.TrimSpace(stderr.String()))
	}
	var r childResult
	if err := json.Unmarshal(stdout, &r); err != nil {
		return childResult{}, fmt.Errorf("parsebench: %s %s printed %q: %w", mode, name, stdout, err)
	}
	return r, nil
}

// sizeName writes a row count the way measurement names do: "1m", "10k", "1500".
func sizeName(rows int) string {
	switch {
	case rows%1_000_000 == 0:
		return strconv.Itoa(rows/1_000_000) + "m"
	case rows%1000 == 0:
		return strconv.Itoa(rows/1000) + "k"
	}
	return strconv.Itoa(rows)
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}
