package main

import (
	"bufio"
	"bytes"
	"math"
	"os"
	"strconv"
)

// A Result is one measurement, printed as one JSON object per line. A measured path carries the
// rate of its baseline, measured in the same run on the same engine at the same size with the same
// durability, and the ratio of the two: the machine is shared and noisy, so only ratios within one
// run mean anything.
type Result struct {
	Name       string  `json:"name"`
	Engine     string  `json:"engine"`
	Rows       int64   `json:"rows"`
	Seconds    float64 `json:"seconds"`
	CPUSeconds float64 `json:"cpu_s"` // this process's CPU time over the same span (see stopwatch)
	// ServerCPUSeconds and WALMB are a local PostgreSQL server's CPU time and the write-ahead log
	// it wrote over the same span (serverUsage), for the measurements that write in bulk and for
	// single_row_commit and ledger_post_concurrent_8.
	ServerCPUSeconds float64 `json:"server_cpu_s,omitempty"`
	WALMB            float64 `json:"wal_mb,omitempty"`
	RowsPerS         float64 `json:"rows_per_s"`
	PeakRSSMB        float64 `json:"peak_rss_mb"`
	MemLimitMB       float64 `json:"mem_limit_mb"`             // the run fails when PeakRSSMB is above it
	OverMemLimit     bool    `json:"over_mem_limit,omitempty"` // PeakRSSMB > MemLimitMB
	Baseline         string  `json:"baseline,omitempty"`       // name of the measurement the ratio divides by
	BaselineRowsPerS float64 `json:"baseline_rows_per_s,omitempty"`
	Ratio            float64 `json:"ratio,omitempty"` // RowsPerS / BaselineRowsPerS
	// Ratios are every pair's ratio, in run order, when the path ran alternately with its
	// baseline (-paired); Ratio is then their median.
	Ratios     []float64 `json:"ratios,omitempty"`
	Target     float64   `json:"target,omitempty"` // the least ratio SPEC §13 asks for
	Writers    int       `json:"writers,omitempty"`
	Method     string    `json:"method"`     // how the rows were written
	Durability string    `json:"durability"` // the settings a commit's durability depends on, as read from the database
	Settings   string    `json:"settings"`   // the durability and cache settings in force
	// PaymentsDuring card payments were posted while an import ran, the longest waiting
	// PaymentWaitMaxMS milliseconds (import_* only).
	PaymentsDuring   int     `json:"payments_during,omitempty"`
	PaymentWaitMaxMS float64 `json:"payment_wait_max_ms,omitempty"`
	// LatencyMS are search_* figures: each query kind's p50 and p99 in milliseconds, and the
	// export's rows and milliseconds.
	LatencyMS map[string]float64 `json:"latency_ms,omitempty"`
	// HistoryPayments earlier card payments were written into the database before the measured
	// load, in SetupS seconds (payment_complete_h* only).
	HistoryPayments int     `json:"history_payments,omitempty"`
	SetupS          float64 `json:"setup_s,omitempty"`
}

// peakRSSMB returns the process's peak resident set size in MiB from /proc/self/status (VmHWM), or 0
// where there is no /proc. The peak cannot be reset, which is why each measurement runs in a fresh
// child process.
func peakRSSMB() float64 {
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
				if kb, err := strconv.ParseInt(string(fields[0]), 10, 64); err == nil {
					return round(float64(kb)/1024, 1)
				}
			}
		}
	}
	return 0
}

// rate fills in the rows per second of a result from its rows and seconds, rounded for reading.
func (r *Result) rate() {
	if r.Seconds > 0 {
		r.RowsPerS = round(float64(r.Rows)/r.Seconds, 0)
	}
	r.Seconds = round(r.Seconds, 3)
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}
