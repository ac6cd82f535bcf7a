package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
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
	paired     bool // a path and its baseline run alternately (pairs)
	cpuprofile string
	only       []string  // keys or names; empty selects everything
	out        io.Writer // where the JSON lines go
	// measure runs one measurement once; nil runs it in a child process (parent.child). Tests
	// replace it.
	measure func(ctx context.Context, cfg config, m measurement) (Result, error)
	// overLimit lists the measurements whose peak memory went over their limit, for the error the
	// run ends with.
	overLimit []string
}

// selected reports whether m was asked for. A baseline that was not is still measured when a
// path measured against it runs (measureEngine).
func (p *parent) selected(m measurement) bool {
	return len(p.only) == 0 || slices.Contains(p.only, m.key) || slices.Contains(p.only, m.name(m.at(p.cfg)))
}

// measureEngine runs the selected measurements on one engine and prints each result as it comes.
// A measured path's baseline is measured first at the same size and durability, unless this run
// already has it, and the path's line carries the baseline's rate and the ratio to it.
func (p *parent) measureEngine(ctx context.Context, engine sqldb.Engine) error {
	cfg := p.cfg
	cfg.engine = engine
	measured := map[string]Result{} // by name, which holds the size: what a later path can reuse
	for _, m := range measurements() {
		if !p.selected(m) {
			continue
		}
		if engine == sqldb.Postgres && cfg.pgURL == "" {
			return fmt.Errorf("IMS_BENCH_POSTGRES_URL is not set: point it at a PostgreSQL server, use scripts/bench.sh, or pass -engines sqlite")
		}
		mc := m.at(cfg)
		if m.baseline != "" && p.paired {
			if err := p.pairs(ctx, mc, m, measured); err != nil {
				return err
			}
			continue
		}
		var base *Result
		if m.baseline != "" {
			b, ok := measurementByKey(m.baseline)
			if !ok || b.durable != m.durable {
				return fmt.Errorf("%s: baseline %q is not a measurement with the same durability", m.key, m.baseline)
			}
			bc := b.at(mc) // a baseline's rows are the identity: the path's size
			r, ok := measured[b.name(bc)]
			if !ok {
				var err error
				if r, err = p.report(ctx, bc, b, nil); err != nil {
					return err
				}
				measured[r.Name] = r
			}
			base = &r
		}
		if _, ok := measured[m.name(mc)]; ok {
			continue // already measured as a baseline
		}
		r, err := p.report(ctx, mc, m, base)
		if err != nil {
			return err
		}
		measured[r.Name] = r
	}
	return nil
}

// report measures m, compares it with its baseline and its memory limit, and prints its line.
func (p *parent) report(ctx context.Context, cfg config, m measurement, base *Result) (Result, error) {
	res, err := p.best(ctx, cfg, m)
	if err != nil {
		return Result{}, err
	}
	if base != nil && base.RowsPerS > 0 {
		res.Baseline, res.BaselineRowsPerS, res.Ratio = base.Name, base.RowsPerS, round(res.RowsPerS/base.RowsPerS, 3)
	}
	return res, p.print(res, m)
}

// print checks res against m's memory limit and prints its line.
func (p *parent) print(res Result, m measurement) error {
	res.MemLimitMB = m.memLimitMB
	if res.PeakRSSMB > res.MemLimitMB {
		res.OverMemLimit = true
		p.overLimit = append(p.overLimit, fmt.Sprintf("%s on %s peaked at %.0f MB (limit %.0f MB)",
			res.Name, res.Engine, res.PeakRSSMB, res.MemLimitMB))
		fmt.Fprintf(os.Stderr, "bench: %s on %s went over its memory limit: %.1f MB, limit %.0f MB\n",
			res.Name, res.Engine, res.PeakRSSMB, res.MemLimitMB)
	}
	return json.NewEncoder(p.out).Encode(res)
}

// memoryError returns the error the run ends with when any measurement went over its memory limit.
func (p *parent) memoryError() error {
	if len(p.overLimit) == 0 {
		return nil
	}
	return fmt.Errorf("%d measurement(s) went over their memory limit: %s", len(p.overLimit), strings.Join(p.overLimit, "; "))
}

// best runs a measurement p.runs times and returns the fastest run with the highest peak memory of
// all runs: on a shared machine, every slower run measured the neighbours as well, but any run
// may show the memory a measurement can need.
func (p *parent) best(ctx context.Context, cfg config, m measurement) (Result, error) {
	measure := p.measure
	if measure == nil {
		measure = p.child
	}
	var best Result
	var peak float64
	for i := range p.runs {
		fmt.Fprintf(os.Stderr, "bench: %s on %s (run %d of %d)\n", m.name(cfg), cfg.engine, i+1, p.runs)
		res, err := measure(ctx, cfg, m)
		if err != nil {
			return Result{}, err
		}
		if i == 0 || res.RowsPerS > best.RowsPerS {
			best = res
		}
		peak = max(peak, res.PeakRSSMB)
	}
	best.PeakRSSMB = peak
	return best, nil
}

// child re-executes this binary to run one measurement and reads the Result it prints. cfg.rows is
// the measurement's own size.
func (p *parent) child(ctx context.Context, cfg config, m measurement) (Result, error) {
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
