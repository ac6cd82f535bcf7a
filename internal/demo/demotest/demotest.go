// Package demotest loads the demo council's reference data for tests that need a realistic council
// (funds, validators, fund groups, account holders) without its users and week of transactions.
package demotest

import (
	"context"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/demo"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
)

// Council loads the demo council's reference data into db as the system and returns it.
func Council(t testing.TB, db *sqldb.DB) ims.ReferenceData {
	t.Helper()
	doc, err := demo.ReferenceData()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := refdata.New(db).LoadReferenceData(context.Background(), ims.System(), doc); err != nil {
		t.Fatal(err)
	}
	return doc
}
