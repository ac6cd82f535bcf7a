package main

import (
	"context"
	"fmt"
)

func (m *Main) runMigrate(ctx context.Context, args []string) int {
	const usage = "usage: ims migrate\n\nApplies pending database migrations, creating the database (SQLite) when it does not exist."
	if m.wantsHelp(args, usage) {
		return exitOK
	}
	if len(args) > 0 {
		return m.usageError(usage, "migrate takes no arguments")
	}
	db, _, err := m.openDatabase(ctx, defaultDatabaseURL, true)
	if err != nil {
		return m.errorf("migrate: %v", err)
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil {
		return m.errorf("migrate: %v", err)
	}
	fmt.Fprintf(m.Stdout, "applied %d migrations\n", n)
	return exitOK
}
