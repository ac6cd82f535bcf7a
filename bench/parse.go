package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/ims-council/ims/bench/parsebench"
)

// parse runs the parser benchmarks (bench/parsebench) when selected, writing their files to a
// directory of their own.
func (p parent) parse(ctx context.Context) error {
	if len(p.only) > 0 && !slices.Contains(p.only, "parse") {
		return nil
	}
	dir := filepath.Join(p.cfg.workdir, "parse")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fmt.Fprintln(os.Stderr, "bench: parser benchmarks")
	return parsebench.Run(ctx, os.Stdout, dir)
}
