package main

import (
	"context"
	"crypto/rand"
	"fmt"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/demo"
	"github.com/ims-council/ims/internal/sqldb"
)

// loadDemo loads the demo council into an empty database and prints the demo users' credentials.
// A database the demo made earlier is left as it is: its passwords were printed when it was made.
// Any other database holding data is refused: demo mode points every GOV.UK Pay account at the
// built-in simulator, which would post test card payments to a council's real ledger.
func (m *Main) loadDemo(ctx context.Context, db *sqldb.DB) error {
	creds, err := demo.Load(ctx, db, rand.Reader, m.demoPasswordHashing())
	if ims.ErrorCode(err) == ims.Conflict {
		made, merr := db.MadeByDemo(ctx)
		if merr != nil {
			return merr
		}
		if !made {
			return fmt.Errorf("the database was not made by the demo and holds data (%s). "+
				"Demo mode sends every card payment to the built-in simulator, so it refuses a council's database. "+
				"Run ims serve without --demo to serve this database; to run the demo, unset IMS_DATABASE_URL "+
				"(the demo then uses ims-demo.db) or point it at a new database. A demo database made by an earlier "+
				"version of IMS is not marked as the demo's: delete it and run ims serve --demo again", ims.ErrorMessage(err))
		}
		fmt.Fprintln(m.Stdout, "demo: the database already holds the demo council; it was left as it is (delete it to start again)")
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
	creds, err := demo.Load(ctx, db, rand.Reader, m.demoPasswordHashing())
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

// demoPasswordHashing returns the parameters the demo users' passwords are hashed with.
func (m *Main) demoPasswordHashing() auth.Params {
	if m.demoHashing != nil {
		return *m.demoHashing
	}
	return auth.DefaultParams()
}
