package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ims-council/ims/internal/sqldb"
)

// singleRowCommit is the baseline for concurrent postings: cfg.writers goroutines, each inserting one
// small row per transaction for cfg.duration. Each INSERT runs on its own (autocommit), one statement
// and one commit, the least a durable write can cost. PostgreSQL is driven through pgx directly, one
// connection per writer; SQLite through a pool with sqldb.Open's settings, since its write lock and
// busy timeout are part of what an application commit costs there.
func singleRowCommit(ctx context.Context, cfg config) (Result, error) {
	d, err := freshDatabase(ctx, cfg)
	if err != nil {
		return Result{}, err
	}
	defer d.remove()
	pool, err := d.openPool(ctx)
	if err != nil {
		return Result{}, err
	}
	defer pool.Close()
	id, ts := "id INTEGER PRIMARY KEY", "TIMESTAMP"
	if d.engine == sqldb.Postgres {
		id, ts = "id BIGSERIAL PRIMARY KEY", "TIMESTAMPTZ"
	}
	if _, err := pool.ExecContext(ctx, "CREATE TABLE commits ("+id+", writer BIGINT NOT NULL, seq BIGINT NOT NULL, at "+
		ts+" NOT NULL, note TEXT NOT NULL)"); err != nil {
		return Result{}, err
	}
	res := Result{Writers: cfg.writers}
	if err := d.describe(ctx, pool, &res); err != nil {
		return Result{}, err
	}
	const insert = "INSERT INTO commits (writer, seq, at, note) VALUES ($1, $2, $3, $4)"
	var write func(ctx context.Context, writer int) (func(seq int64) error, func(), error)
	if d.engine == sqldb.Postgres {
		res.Method = "autocommit INSERT of one row, pgx connection per writer"
		write = func(ctx context.Context, writer int) (func(int64) error, func(), error) {
			conn, err := pgx.Connect(ctx, d.url)
			if err != nil {
				return nil, nil, err
			}
			return func(seq int64) error {
				_, err := conn.Exec(ctx, insert, writer, seq, time.Now(), "single row commit")
				return err
			}, func() { conn.Close(context.Background()) }, nil
		}
	} else {
		res.Method = "autocommit INSERT of one row, database/sql pool"
		write = func(ctx context.Context, writer int) (func(int64) error, func(), error) {
			return func(seq int64) error {
				_, err := pool.ExecContext(ctx, insert, writer, seq, time.Now(), "single row commit")
				return err
			}, func() {}, nil
		}
	}
	server := startServerUsage(ctx, pool, d.engine) // the server's CPU a commit costs, for ledger_post_concurrent to compare
	res.Rows, err = concurrently(ctx, cfg, write, &res)
	server.stop(ctx, &res)
	return res, err
}

// concurrently runs cfg.writers writers, each calling its write function in a loop until
// cfg.duration has passed, records how long they took in res and returns how many writes
// succeeded. Each writer is set up (connected) before the clock starts. The first error stops
// every writer.
func concurrently(ctx context.Context, cfg config,
	open func(ctx context.Context, writer int) (write func(seq int64) error, done func(), err error), res *Result) (int64, error) {
	writes := make([]func(int64) error, cfg.writers)
	for w := range writes {
		write, done, err := open(ctx, w)
		if err != nil {
			return 0, err
		}
		defer done()
		writes[w] = write
	}
	var count atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, cfg.writers)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sw := startStopwatch()
	deadline := sw.start.Add(cfg.duration)
	for w, write := range writes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for seq := int64(0); time.Now().Before(deadline) && ctx.Err() == nil; seq++ {
				if err := write(seq); err != nil {
					errs <- fmt.Errorf("writer %d: %w", w, err)
					cancel()
					return
				}
				count.Add(1)
			}
		}()
	}
	wg.Wait()
	sw.stop(res)
	close(errs)
	return count.Load(), <-errs
}
