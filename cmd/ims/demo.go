package main

import (
	"context"

	"github.com/ims-council/ims/internal/sqldb"
)

// loadDemo loads the demo council into an empty database and prints the demo users' credentials.
func (m *Main) loadDemo(ctx context.Context, db *sqldb.DB) error {
	return nil
}

func (m *Main) runDemo(ctx context.Context, args []string) int {
	if len(args) > 0 {
		return m.errorf("demo takes no arguments")
	}
	db, _, err := m.openDatabase(ctx, defaultDatabaseURL, false)
	if err != nil {
		return m.errorf("demo: %v", err)
	}
	defer db.Close()
	if err := m.loadDemo(ctx, db); err != nil {
		return m.errorf("demo: %v", err)
	}
	return exitOK
}
