// Package demo loads "Demo Borough Council" (SPEC §14): a complete configuration, one user per role
// and a week of sample transactions, so `ims serve --demo` shows every feature working and tests
// have realistic fixtures. The configuration is demo-council.yaml, which is also the worked example
// of the configuration file format (docs/configuration.md).
package demo

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"io"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
)

//go:embed demo-council.yaml
var councilYAML []byte

// YAML returns the demo council's configuration file as written, for people and tools that want
// the example itself. The slice is new on each call.
func YAML() []byte { return bytes.Clone(councilYAML) }

// ReferenceData returns the demo council's configuration document, decoded from demo-council.yaml.
// Unknown fields are errors, so the example cannot drift from the format it documents.
func ReferenceData() (ims.ReferenceData, error) {
	var doc ims.ReferenceData
	dec := yaml.NewDecoder(bytes.NewReader(councilYAML))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		return doc, fmt.Errorf("demo-council.yaml: %w", err)
	}
	return doc, nil
}

// setupAge is how long before "now" the demo council was set up: before its week of transactions,
// so the audit trail reads in order (configuration, then users, then postings).
const setupAge = 8 * 24 * time.Hour

// Load fills an empty database with the demo council: its configuration, one user per role of
// SPEC §12 plus one holding every role, each with a random passphrase drawn from rand and hashed with
// hashing, and a week of sample transactions on the seven days before db.Clock's time. It returns the
// users' credentials, which exist nowhere else, for `ims serve --demo` to print.
//
// The demo's users sign in like any other, so `ims demo` and `ims serve --demo` hash with
// auth.DefaultParams; tests pass cheaper parameters, as hashing some twenty passwords at production
// cost takes seconds per load.
//
// A database that already has funds or users is refused with a Conflict error: the demo must never
// be mixed into a council's real data. The database is marked as the demo's (db.MadeByDemo), so demo
// mode can tell it from a council's. Load is not one transaction (users and postings are written
// by their own services), so a failure part-way leaves a partly loaded database to throw away.
//
// When db.Clock can be set (as in tests), each posting is written at its own time on its own day and
// the clock is put back afterwards; otherwise postings are written now and only their entries'
// transaction times fall on the days of the week.
func Load(ctx context.Context, db *sqldb.DB, rand io.Reader, hashing auth.Params) (creds Credentials, err error) {
	defer ims.Wrap(&err, "demo.Load")
	if err := requireEmpty(ctx, db); err != nil {
		return nil, err
	}
	// Marked first, so a load that fails part-way still leaves a database the demo may use again.
	if err := db.MarkDemo(ctx); err != nil {
		return nil, err
	}
	doc, err := ReferenceData()
	if err != nil {
		return nil, err
	}
	now := db.Clock.Now()
	at := func(time.Time) {}
	if c, ok := db.Clock.(settableClock); ok {
		at = c.Set
		defer c.Set(now)
	}
	at(now.Add(-setupAge))
	if _, err := refdata.New(db).LoadReferenceData(ctx, ims.System(), doc); err != nil {
		return nil, err
	}
	creds, users, err := createUsers(ctx, db, doc, rand, hashing)
	if err != nil {
		return nil, err
	}
	if err := postWeek(ctx, db, doc, users, now, at); err != nil {
		return nil, err
	}
	if err := loadCashReturns(ctx, db, users, now, at); err != nil {
		return nil, err
	}
	return creds, nil
}

// settableClock is a clock Load can move, such as sqldbtest.Clock.
type settableClock interface{ Set(time.Time) }

// requireEmpty refuses a database that already holds a council's funds or users.
func requireEmpty(ctx context.Context, db *sqldb.DB) error {
	funds, err := db.Funds().List(ctx)
	if err != nil {
		return err
	}
	var users int
	if err := db.SQL.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&users); err != nil {
		return err
	}
	if len(funds) > 0 || users > 0 {
		return ims.Errorf(ims.Conflict, "The database already has %d funds and %d users; demo data is loaded only into an empty database",
			len(funds), users)
	}
	return nil
}
