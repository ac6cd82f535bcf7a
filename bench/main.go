// Command bench measures IMS's write paths against the raw speed of the database underneath, on
// SQLite and PostgreSQL, and prints one JSON object per measurement per line (ARCHITECTURE.md
// "Benchmarks", SPEC §13 "Performance"). It generates its own data. scripts/bench.sh runs it.
//
// Each measurement runs in a child process (this binary re-executed with -child) so that its peak
// memory is its own, and the run fails when it is above the measurement's limit. Every figure that
// matters is a ratio to a baseline measured in the same run at the same size with the same
// durability settings, because the machine is shared and absolute speeds vary from run to run.
// bench/README.md describes the measurements, their baselines, durability and memory limits.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/ims-council/ims/internal/sqldb"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		stop()
		os.Exit(1)
	}
}

// run parses the flags and either runs one measurement (a child) or all the selected ones.
func run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	engines := fs.String("engines", "sqlite,postgres", "comma-separated engines to measure")
	only := fs.String("only", "", "comma-separated measurements to run, by key (ledger_post) or name (ledger_post_100k); "+
		"their baselines run too; \"parse\" names the parser benchmarks (bench/parsebench, always 1,000,000 lines)")
	rows := fs.Int("rows", 1_000_000, "rows of the raw bulk insert; the ledger posting has a tenth of them, "+
		"compared with a raw bulk insert of the same tenth")
	duration := fs.Duration("duration", 10*time.Second, "how long each concurrent measurement runs")
	writers := fs.Int("writers", 8, "concurrent writers")
	runs := fs.Int("runs", 1, "runs of each measurement; the fastest is reported")
	paired := fs.Bool("paired", false, "run each measured path and its baseline alternately, -runs pairs of them, "+
		"and report the pair with the median ratio (every pair's ratio in \"ratios\"): on a shared machine the "+
		"load moves between runs, and a pair measures both sides under much the same load")
	workdir := fs.String("workdir", "", "directory for databases and generated files (default: a new temp directory)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of each measurement to PREFIX-NAME-ENGINE.prof")
	child := fs.String("child", "", "internal: run the named measurement in this process")
	engine := fs.String("engine", "", "internal: the engine of a -child run")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *rows < 10 || *writers < 1 || *runs < 1 || *duration <= 0 {
		return fmt.Errorf("-rows must be at least 10, -writers and -runs at least 1, -duration positive")
	}
	cfg := config{rows: *rows, duration: *duration, writers: *writers, workdir: *workdir,
		pgURL: os.Getenv("IMS_BENCH_POSTGRES_URL")}
	if *child != "" {
		cfg.engine = sqldb.Engine(*engine)
		return runChild(ctx, cfg, *child, *cpuprofile)
	}
	if cfg.workdir == "" {
		dir, err := os.MkdirTemp("", "ims-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cfg.workdir = dir
	}
	p := &parent{cfg: cfg, runs: *runs, paired: *paired, cpuprofile: *cpuprofile, only: splitList(*only), out: os.Stdout}
	for _, e := range splitList(*engines) {
		if e != string(sqldb.SQLite) && e != string(sqldb.Postgres) {
			return fmt.Errorf("-engines: no engine %q (want sqlite or postgres)", e)
		}
		if err := p.measureEngine(ctx, sqldb.Engine(e)); err != nil {
			return err
		}
	}
	// Every measurement has run and printed its line; a memory limit broken by any of them fails
	// the run only now, so that one run shows all of them.
	return errors.Join(p.parse(ctx), p.memoryError())
}

// splitList splits a comma-separated flag value, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
