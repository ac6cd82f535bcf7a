package portal_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/app"
	"github.com/ims-council/ims/internal/app/apptest"
	"github.com/ims-council/ims/internal/refdata"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// A public system message shows on the portal's pages between its start and end; a staff-only one
// never does.
func TestPublicSystemMessageOnThePortal(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		start := time.Date(2026, 12, 3, 18, 0, 0, 0, time.UTC)
		clock := sqldbtest.NewClock(start.Add(-time.Minute))
		admin := ims.Principal{UserID: 1, Roles: []ims.Role{ims.SystemAdmin}}
		msgs := refdata.New(db).SystemMessages()
		for _, m := range []ims.SystemMessage{
			{ID: 1, Severity: "warning", Text: "Card payments are unavailable tonight", Public: true, Starts: start, Ends: start.Add(2 * time.Hour)},
			{ID: 2, Severity: "error", Text: "Staff: the bank file is late", Starts: start.Add(-time.Hour)},
		} {
			if err := msgs.Create(ctx, admin, m); err != nil {
				t.Fatal(err)
			}
		}
		_, srv := apptest.Serve(t, db, app.WithClock(clock))
		page := func() string {
			t.Helper()
			res, err := http.Get(srv.URL + "/pay")
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET /pay: %d", res.StatusCode)
			}
			return string(b)
		}
		for _, step := range []struct {
			at   time.Time
			want bool
		}{{start.Add(-time.Minute), false}, {start, true}, {start.Add(time.Hour), true}, {start.Add(2 * time.Hour), false}} {
			clock.Set(step.at)
			body := page()
			if got := strings.Contains(body, "Card payments are unavailable tonight"); got != step.want {
				t.Errorf("at %v the public message is shown: %v, want %v", step.at.Format(time.Kitchen), got, step.want)
			}
			if strings.Contains(body, "bank file") {
				t.Errorf("at %v the portal shows a staff-only message", step.at.Format(time.Kitchen))
			}
		}
	})
}
