package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ims-council/ims/internal/sqldb"
)

// parent runs the selected measurements, each in a child process, and prints their results.
type parent struct {
	cfg        config
	runs       int
	cpuprofile string
	only       []string // keys or names; empty selects everything
}

// selected reports whether m runs: it was asked for, or it is the baseline of one that was.
func (p parent) selected(m measurement) bool {
	if len(p.only) == 0 || slices.Contains(p.only, m.key) || slices.Contains(p.only, m.name(p.cfg)) {
		return true
	}
	for _, o := range measurements() {
		if o.baseline == m.key && (slices.Contains(p.only, o.key) || slices.Contains(p.only, o.name(p.cfg))) {
			return true
		}
	}
	return false
}

// measureEngine runs the selected measurements on one engine and prints each result as it comes,
// a measured path with its baseline's rate and the ratio to it.
func (p parent) measureEngine(ctx context.Context, engine sqldb.Engine) error {
	cfg := p.cfg
	cfg.engine = engine
	baselines := map[string]Result{}
	for _, m := range measurements() {
		if !p.selected(m) {
			continue
		}
		if engine == sqldb.Postgres && cfg.pgURL == "" {
			return fmt.Errorf("IMS_BENCH_POSTGRES_URL is not set: point it at a PostgreSQL server, use scripts/bench.sh, or pass -engines sqlite")
		}
		res, err := p.best(ctx, cfg, m)
		if err != nil {
			return err
		}
		if m.baseline == "" {
			baselines[m.key] = res
		} else if b, ok := baselines[m.baseline]; ok && b.RowsPerS > 0 {
			res.Baseline, res.BaselineRowsPerS, res.Ratio = b.Name, b.RowsPerS, round(res.RowsPerS/b.RowsPerS, 3)
		}
		if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
			return err
		}
	}
	return nil
}

// best runs a measurement p.runs times and returns the fastest run: on a shared machine, every
// slower run measured the neighbours as well.
func (p parent) best(ctx context.Context, cfg config, m measurement) (Result, error) {
	var best Result
	for i := range p.runs {
		fmt.Fprintf(os.Stderr, "bench: %s on %s (run %d of %d)\n", m.name(cfg), cfg.engine, i+1, p.runs)
		res, err := p.child(ctx, cfg, m)
		if err != nil {
			return Result{}, err
		}
		if i == 0 || res.RowsPerS > best.RowsPerS {
			best = res
		}
	}
	return best, nil
}

// child re-executes this binary to run one measurement and reads the Result it prints.
func (p parent) child(ctx context.Context, cfg config, m measurement) (Result, error) {
	exe, err := os.Executable()
	if err != nil {
		return Result{}, fmt.Errorf("finding the running binary to re-execute: %w", err)
	}
	args := []string{"-child", m.key, "-engine", string(cfg.engine), "-rows", strconv.Itoa(cfg.rows),
		"-duration", cfg.duration.String(), "-writers", strconv.Itoa(cfg.writers), "-workdir", cfg.workdir}
	if p.cpuprofile != "" {
		args = append(args, "-cpuprofile", fmt.Sprintf("%s-%s-%s.prof", p.cpuprofile, m.name(cfg), cfg.engine))
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	// On Ctrl-C the child gets an interrupt too, and time to remove its database.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 30 * time.Second
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return Result{}, fmt.Errorf("%s on %s: %w", m.name(cfg), cfg.engine, err)
	}
	var res Result
	if err := json.Unmarshal(out, &res); err != nil {
		return Result{}, fmt.Errorf("%s on %s printed %q: %w", m.name(cfg), cfg.engine, strings.TrimSpace(string(out)), err)
	}
	return res, nil
}
