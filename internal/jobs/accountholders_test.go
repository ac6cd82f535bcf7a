package jobs_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/accountholders"
	"github.com/ims-council/ims/internal/demo/demotest"
	"github.com/ims-council/ims/internal/jobs"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// An uploaded account holder file is applied by its background job: the import goes from queued to
// done with every line counted, as staff watching its page see it.
func TestAccountHolderImportRunsAsAJob(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		demotest.Council(t, db)
		svc := accountholders.New(db)
		svc.BatchSize = 2
		j, err := jobs.New(jobs.Config{DB: db, AccountHolders: svc, PollInterval: 20 * time.Millisecond, RetryPolicy: soon{}})
		if err != nil {
			t.Fatal(err)
		}
		if err := j.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			stop, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			j.Stop(stop)
		})
		svc.Queue = j
		finance := ims.Principal{UserID: 5, Name: "Fran", Roles: []ims.Role{ims.Finance}, Funds: []string{"19"}}
		file := "reference,fund,name,address1,address2,address3,address4,postcode,balance,stop_message\n" +
			"J-1,19,One,,,,,,1.00,\nJ-2,19,Two,,,,,,2.00,\nJ-3,19,Three,,,,,,3.00,\nJ-4,23,Four,,,,,,4.00,\n"
		imp, err := svc.StartImport(ctx, finance, "jobs.csv", strings.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		var got ims.AccountHolderImport
		waitFor(t, 20*time.Second, "the import to finish", func() bool {
			got, err = svc.Import(ctx, finance, imp.ID)
			return err == nil && got.Finished()
		})
		if got.State != ims.ImportDone || got.RowsTotal != 4 || got.RowsDone != 4 || got.Created != 3 || got.Refused != 1 {
			t.Errorf("import = %+v; want done, 4 of 4 rows, 3 created, 1 refused (fund 23 is not Fran's)", got)
		}
	})
}
