package main

import (
	"context"
	"crypto/rand"
	"fmt"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/demo"
	"github.com/ims-council/ims/internal/sqldb"
)

// loadDemo loads the demo council into an empty database and prints the demo users' credentials.
// A database that already holds data is left as it is: its passwords were printed when it was made.
func (m *Main) loadDemo(ctx context.Context, db *sqldb.DB) error {
	creds, err := demo.Load(ctx, db, rand.Reader)
	if ims.ErrorCode(err) == ims.Conflict {
		fmt.Fprintln(m.Stdout, "demo: the database already holds data; it was left as it is (delete ims-demo.db to start again)")
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, "Demo Borough Council loaded. Demo users (shown once; demo mode only):")
	return creds.Print(m.Stdout)
}

func (m *Main) runDemo(ctx context.Context, args []string) int {
	const usage = "usage: ims demo\n\nLoads the demo council into an empty, migrated database."
	if m.wantsHelp(args, usage) {
		return exitOK
	}
	if len(args) > 0 {
		return m.usageError(usage, "demo takes no arguments")
	}
	db, _, err := m.openDatabase(ctx, defaultDatabaseURL, false)
	if err != nil {
		return m.errorf("demo: %v", err)
	}
	defer db.Close()
	creds, err := demo.Load(ctx, db, rand.Reader)
	if err != nil {
		m.printError("demo", err)
		return exitUsage
	}
	fmt.Fprintln(m.Stdout, "Demo Borough Council loaded. Demo users:")
	if err := creds.Print(m.Stdout); err != nil {
		return m.errorf("demo: %v", err)
	}
	return exitOK
}
