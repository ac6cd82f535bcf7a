package main

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"slices"
)

// pairs measures the path m and its baseline alternately, p.runs pairs of them (-paired), and
// prints the pair whose ratio is the median of all (the lower of the two middle ones for an even
// count), with every pair's ratio in run order. On a shared machine the load moves from minute to
// minute: run back to back, a baseline and its path meet much the same neighbours, which running
// all of one and then all of the other cannot promise. The baseline's line, printed once per run
// of the program, is its run in the first median pair; each line carries the highest peak memory
// of all its runs.
func (p *parent) pairs(ctx context.Context, cfg config, m measurement, measured map[string]Result) error {
	measure := p.measure
	if measure == nil {
		measure = p.child
	}
	b, ok := measurementByKey(m.baseline)
	if !ok || b.durable != m.durable {
		return fmt.Errorf("%s: baseline %q is not a measurement with the same durability", m.key, m.baseline)
	}
	bc := b.at(cfg)
	type pair struct{ base, path Result }
	var runs []pair
	var basePeak, pathPeak float64
	for i := range p.runs {
		var pr pair
		for _, side := range []struct {
			cfg config
			m   measurement
			res *Result
		}{{bc, b, &pr.base}, {cfg, m, &pr.path}} {
			fmt.Fprintf(os.Stderr, "bench: %s on %s (pair %d of %d)\n", side.m.name(side.cfg), side.cfg.engine, i+1, p.runs)
			res, err := measure(ctx, side.cfg, side.m)
			if err != nil {
				return err
			}
			*side.res = res
		}
		if pr.base.RowsPerS <= 0 {
			return fmt.Errorf("%s on %s measured no rate", pr.base.Name, pr.base.Engine)
		}
		pr.path.Baseline, pr.path.BaselineRowsPerS = pr.base.Name, pr.base.RowsPerS
		pr.path.Ratio = round(pr.path.RowsPerS/pr.base.RowsPerS, 3)
		basePeak, pathPeak = max(basePeak, pr.base.PeakRSSMB), max(pathPeak, pr.path.PeakRSSMB)
		runs = append(runs, pr)
	}
	ratios := make([]float64, len(runs))
	for i, pr := range runs {
		ratios[i] = pr.path.Ratio
	}
	sorted := slices.Clone(runs)
	slices.SortStableFunc(sorted, func(a, b pair) int { return cmp.Compare(a.path.Ratio, b.path.Ratio) })
	median := sorted[(len(sorted)-1)/2]
	if _, done := measured[median.base.Name]; !done {
		median.base.PeakRSSMB = basePeak
		if err := p.print(median.base, b); err != nil {
			return err
		}
		measured[median.base.Name] = median.base
	}
	median.path.PeakRSSMB, median.path.Ratios = pathPeak, ratios
	measured[median.path.Name] = median.path
	return p.print(median.path, m)
}
