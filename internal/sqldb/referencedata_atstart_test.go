package sqldb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// An API request's ReferenceView takes the reference data version read with the request's token
// check. A request that began after a change made by another instance sees the change, even while
// a request that began before it, with the version it read then, is still in flight on this
// instance (its own view is served no older records than its version: the cache's guards); a
// second view in one request, and a view outside any request, read the version afresh.
func TestAnAPIRequestSeesReferenceDataChangedBeforeItBegan(t *testing.T) {
	onTwoInstances(t, func(t *testing.T, a, b *sqldb.DB) {
		rig := loadRequestPathData(t, b)
		r := requestPathReads{t: t, db: a, ref: rig.ref}
		r.allAccepted("loading the reference data") // a's cache holds fund 13, enabled

		before := apiRequest(t, a, "before-the-change")
		execSQL(t, b, `UPDATE funds SET disabled = $1 WHERE code = '13'`, true)
		after := apiRequest(t, a, "after-the-change")
		const disabled = `Fund "13" does not exist or is disabled`
		if got := lineRefusal(r.basketIn(after)); !strings.Contains(got, disabled) {
			t.Errorf("a request that began after the fund was disabled: %q; want %q", got, disabled)
		}
		for name, ctx := range map[string]context.Context{"a second view in a request": before, "no request": context.Background()} {
			if got := lineRefusal(r.basketIn(ctx)); !strings.Contains(got, disabled) {
				t.Errorf("%s: %q; want %q", name, got, disabled)
			}
		}
	})
}

// apiRequest returns the context of an API request with an id, whose token db has checked.
func apiRequest(t *testing.T, db *sqldb.DB, id string) context.Context {
	t.Helper()
	ctx := ims.WithRequestID(context.Background(), id)
	if _, found, err := db.APIClientForToken(ctx, "nosuchprefix"); err != nil || found {
		t.Fatalf("token check: found %v, %v", found, err)
	}
	return ctx
}
