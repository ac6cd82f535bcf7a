package parsebench

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"time"
)

// childFlag, as the first argument of the bench binary, makes it measure one run and exit. Each run
// is a fresh process so that its peak memory is its own and not what an earlier run left behind.
const childFlag = "-parsebench-child"

// init turns any binary that imports this package into a measuring child when started with
// childFlag. It runs before main so that the bench program needs no code of its own for it, and
// its flag parsing never sees the child's arguments.
func init() {
	if len(os.Args) >= 4 && os.Args[1] == childFlag {
		os.Exit(runChild(os.Args[2], os.Args[3], os.Args[4:]))
	}
}

// childResult is what a child prints on its standard output for its parent.
type childResult struct {
	Rows      int     `json:"rows"`
	Seconds   float64 `json:"seconds"`
	PeakRSSKB int64   `json:"peak_rss_kb"`
}

// runChild measures mode ("parse" or "baseline") of the named workload over the file args[0].
func runChild(mode, name string, args []string) int {
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "parsebench child: want one file")
		return 2
	}
	w, ok := workloadByName(name)
	if !ok {
		fmt.Fprintf(os.Stderr, "parsebench child: unknown workload %q\n", name)
		return 2
	}
	run := w.parse
	if mode == "baseline" {
		run = w.baseline
	}
	f, err := os.Open(args[0])
	if err != nil {
		fmt.Fprintln(os.Stderr, "parsebench child:", err)
		return 1
	}
	defer f.Close()
	start := time.Now()
	rows, err := run(f)
	elapsed := time.Since(start)
	if err != nil {
		fmt.Fprintf(os.Stderr, "parsebench child: %s %s: %v\n", mode, name, err)
		return 1
	}
	res := childResult{Rows: rows, Seconds: elapsed.Seconds(), PeakRSSKB: peakRSSKB()}
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		return 1
	}
	return 0
}

// peakRSSKB returns the process's peak resident set size in KiB from /proc/self/status (VmHWM),
// or 0 where there is no /proc.
func peakRSSKB() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := bytes.CutPrefix(sc.Bytes(), []byte("VmHWM:")); ok {
			fields := bytes.Fields(v) // "123456 kB"
			if len(fields) > 0 {
				n, err := strconv.ParseInt(string(fields[0]), 10, 64)
				if err == nil {
					return n
				}
			}
		}
	}
	return 0
}
