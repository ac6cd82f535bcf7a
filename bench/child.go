package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime/pprof"
)

// runChild runs one measurement in this process, at the size the parent passed in cfg.rows, and
// prints its Result as one line of JSON for the parent. The parent starts a fresh process per
// measurement so that the peak memory reported is the measurement's own and no measurement
// inherits another's heap or caches.
func runChild(ctx context.Context, cfg config, key, cpuprofile string) error {
	m, ok := measurementByKey(key)
	if !ok {
		return fmt.Errorf("no measurement %q", key)
	}
	cfg.durable = m.durable // cfg.rows is already the measurement's own size
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	res, err := m.run(ctx, cfg)
	if err == nil && cpuprofile != "" {
		err = writeAllocations(cpuprofile + ".allocs")
	}
	if err != nil {
		return fmt.Errorf("%s on %s: %w", m.name(cfg), cfg.engine, err)
	}
	res.Name, res.Engine, res.Target = m.name(cfg), string(cfg.engine), m.target
	res.rate()
	res.PeakRSSMB = peakRSSMB()
	return json.NewEncoder(os.Stdout).Encode(res)
}

// writeAllocations writes the heap profile, whose alloc_space and alloc_objects samples are every
// allocation the measurement made: with -cpuprofile, beside the CPU profile (garbage collection is
// a good part of a busy server's CPU, and this says where the garbage comes from).
func writeAllocations(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return pprof.Lookup("allocs").WriteTo(f, 0)
}
