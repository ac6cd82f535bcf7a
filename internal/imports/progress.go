package imports

import (
	"sync"
	"sync/atomic"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// inProcess holds the progress of the imports this process is posting, as the posting pass counts
// it, for whoever reads them here (the import's page, the API's GET) before its database row says
// it: on SQLite the posting's transaction keeps every other writer — the progress row's too —
// waiting until it commits, and on PostgreSQL the row is written once a second.
var inProcess sync.Map // progressKey → *progress

type progressKey struct {
	db *sqldb.DB
	id int64
}

type progress struct{ done, total atomic.Int64 }

// track starts recording the progress of import id on db; the function it returns stops.
func track(db *sqldb.DB, id int64) (*progress, func()) {
	pr := &progress{}
	key := progressKey{db, id}
	inProcess.Store(key, pr)
	return pr, func() { inProcess.CompareAndDelete(key, pr) }
}

// withProgress returns imp with the rows done and total this process knows of, when it is posting it.
func withProgress(db *sqldb.DB, imp ims.Import) ims.Import {
	if imp.State != ims.ImportRunning {
		return imp
	}
	if v, ok := inProcess.Load(progressKey{db, imp.ID}); ok {
		pr := v.(*progress)
		if done := pr.done.Load(); done > imp.RowsDone {
			imp.RowsDone = done
			imp.RowsTotal = max(imp.RowsTotal, pr.total.Load(), done)
		}
	}
	return imp
}
