package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/ims-council/ims/internal/sqldb"
)

// serverUsage reads what a local PostgreSQL server did over a measured span: the CPU time of its
// processes and the write-ahead log it wrote. A ratio says how a path compares with its baseline;
// these say why, telling the server's work apart from the time it waited for the client (a path
// whose server CPU equals the baseline's but takes longer leaves the server idle between
// statements). SQLite runs in this process, whose CPU the stopwatch already reports.
type serverUsage struct {
	db         *sql.DB
	postmaster int           // 0 when the server is not on this machine or /proc cannot be read
	cpu        time.Duration // the server's CPU time at the start
	lsn        string        // the WAL insert position at the start
}

// startServerUsage notes the server's CPU time and WAL position; on SQLite, or when they cannot be
// read, it returns nil, and stop then adds nothing.
func startServerUsage(ctx context.Context, db *sql.DB, engine sqldb.Engine) *serverUsage {
	if engine != sqldb.Postgres {
		return nil
	}
	u := &serverUsage{db: db}
	var backend int
	if err := db.QueryRowContext(ctx, "SELECT pg_backend_pid(), pg_current_wal_insert_lsn()::text").Scan(&backend, &u.lsn); err != nil {
		return nil
	}
	if stat, ok := procStat(backend); ok {
		u.postmaster = int(stat[1])
		u.cpu = clusterCPU(u.postmaster)
	}
	return u
}

// stop writes the server's CPU seconds and the megabytes of WAL since start into res.
func (u *serverUsage) stop(ctx context.Context, res *Result) {
	if u == nil {
		return
	}
	var wal float64
	if err := u.db.QueryRowContext(ctx, "SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1::pg_lsn)", u.lsn).Scan(&wal); err == nil {
		res.WALMB = round(wal/(1<<20), 1)
	}
	if u.postmaster != 0 {
		res.ServerCPUSeconds = round((clusterCPU(u.postmaster) - u.cpu).Seconds(), 3)
	}
}

// clusterCPU is the CPU time of a PostgreSQL server: its postmaster's, its children's that have
// ended (the postmaster waits for them, so the kernel adds them to its own), and its running
// children's.
func clusterCPU(postmaster int) time.Duration {
	const ticks = 100 // USER_HZ on Linux
	var total int64
	if stat, ok := procStat(postmaster); ok {
		total += stat[11] + stat[12] + stat[13] + stat[14]
	}
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, dir := range dirs {
		pid, err := strconv.Atoi(filepath.Base(dir))
		if err != nil || pid == postmaster {
			continue
		}
		if stat, ok := procStat(pid); ok && int(stat[1]) == postmaster {
			total += stat[11] + stat[12]
		}
	}
	return time.Duration(total) * time.Second / ticks
}

// procStat returns the numeric fields of /proc/pid/stat after the command name, from the state on
// (so [1] is the parent's pid, [11] and [12] the user and system ticks, [13] and [14] those of
// children waited for).
func procStat(pid int) ([]int64, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return nil, false
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return nil, false
	}
	fields := bytes.Fields(b[i+1:])
	out := make([]int64, len(fields))
	for j, f := range fields {
		out[j], _ = strconv.ParseInt(string(f), 10, 64)
	}
	return out, len(out) > 14
}
