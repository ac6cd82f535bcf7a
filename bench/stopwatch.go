package main

import (
	"syscall"
	"time"
)

// A stopwatch times the measured part of a measurement in wall-clock time and in this process's
// CPU time. The CPU time helps read a run on a busy machine: on SQLite all the work is in this
// process, so its CPU seconds vary far less with the neighbours' load than its wall-clock seconds.
// On PostgreSQL the server's share is not included.
type stopwatch struct {
	start time.Time
	cpu   time.Duration
}

// startStopwatch starts timing.
func startStopwatch() stopwatch { return stopwatch{start: time.Now(), cpu: cpuTime()} }

// stop writes the time since start into res.
func (s stopwatch) stop(res *Result) {
	res.Seconds = time.Since(s.start).Seconds()
	res.CPUSeconds = round((cpuTime() - s.cpu).Seconds(), 3)
}

// cpuTime returns the user and system CPU time this process has used, or 0 if unknown.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
