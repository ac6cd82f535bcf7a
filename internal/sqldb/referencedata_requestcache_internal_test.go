package sqldb

import (
	"context"
	"fmt"
	"testing"

	"github.com/ims-council/ims"
)

// fundLookups counts the database reads behind the request cache's fund look-ups, with the name
// each read returns.
type fundLookups struct {
	c     *requestReferenceCache
	reads int
}

// get looks fund code up at version; read is what the database would answer (found when name is
// not empty), and during runs while the read is in flight.
func (l *fundLookups) get(version int64, code, name string, during func()) (ims.Fund, bool) {
	f, found, _ := cachedRead(context.Background(), l.c, version, func(r *referenceRecords) map[string]ims.Fund { return r.funds },
		code, copyFund, func(context.Context) (ims.Fund, bool, error) {
			l.reads++
			if during != nil {
				during()
			}
			return ims.Fund{Code: code, Name: name}, name != "", nil
		})
	return f, found
}

// The request cache's guards against races between requests that read different versions, which
// the two-instance tests cannot time: what is read at one version is never served at another, a
// record read while the cache moved on is not kept, codes not found are not kept, and the cache
// is bounded.
func TestRequestReferenceCacheKeepsOnlyWhatItMayServe(t *testing.T) {
	t.Run("served at its own version only", func(t *testing.T) {
		l := &fundLookups{c: &requestReferenceCache{}}
		l.c.at(2)
		l.c.at(1) // a request that read version 1 before another read 2 gets here after it
		if f, _ := l.get(1, "13", "old", nil); f.Name != "old" {
			t.Fatalf("read at version 1: %+v", f)
		}
		// The request that read version 2 must not be served what was read at version 1.
		if f, _ := l.get(2, "13", "new", nil); f.Name != "new" || l.reads != 2 {
			t.Fatalf("at version 2: %+v after %d reads; want it read again", f, l.reads)
		}
	})
	t.Run("not kept when the cache moved on during the read", func(t *testing.T) {
		l := &fundLookups{c: &requestReferenceCache{}}
		l.c.at(1)
		l.get(1, "13", "old", func() { l.c.at(2) }) // a request that read version 2 came meanwhile
		if f, _ := l.get(2, "13", "new", nil); f.Name != "new" || l.reads != 2 {
			t.Fatalf("at version 2: %+v after %d reads; want it read again", f, l.reads)
		}
	})
	t.Run("an earlier version starts afresh too", func(t *testing.T) {
		l := &fundLookups{c: &requestReferenceCache{}}
		l.c.at(2)
		l.get(2, "13", "before the restore", nil)
		l.c.at(1) // the database was restored from a backup
		if f, _ := l.get(1, "13", "restored", nil); f.Name != "restored" || l.reads != 2 {
			t.Fatalf("%+v after %d reads; want it read again", f, l.reads)
		}
		if f, _ := l.get(1, "13", "not read", nil); f.Name != "restored" || l.reads != 2 {
			t.Fatalf("%+v after %d reads; want it from the cache", f, l.reads)
		}
	})
	t.Run("codes not found are not kept", func(t *testing.T) {
		l := &fundLookups{c: &requestReferenceCache{}}
		l.c.at(1)
		if _, found := l.get(1, "99", "", nil); found {
			t.Fatal("fund 99 found")
		}
		if f, found := l.get(1, "99", "created since", nil); !found || f.Name != "created since" {
			t.Fatalf("fund 99 once it exists: %+v, %v", f, found)
		}
		if n := l.c.records.n; n != 1 {
			t.Fatalf("%d records kept; want 1", n)
		}
	})
	t.Run("bounded", func(t *testing.T) {
		l := &fundLookups{c: &requestReferenceCache{}}
		l.c.at(1)
		for i := range maxCachedReferenceRecords + 10 {
			l.get(1, fmt.Sprint(i), "fund", nil)
		}
		if n, m := l.c.records.n, len(l.c.records.funds); n > maxCachedReferenceRecords || n != m {
			t.Fatalf("%d records counted, %d kept; want at most %d, counted right", n, m, maxCachedReferenceRecords)
		}
	})
}
