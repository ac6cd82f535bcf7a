package admin_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/app/apptest"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// link returns the address of the pagination link with text, or "" when the page has none.
func link(page, text string) string {
	m := regexp.MustCompile(`href="([^"]+)" rel="(?:prev|next)"><span class="govuk-pagination__link-title">` + text).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// The audit trail and the outbox page through more than a page, newest first, keeping the
// search's filters; opening the pages starts no verification.
func TestAuditPagesPageThrough(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		_, srv := apptest.Serve(t, db)
		c := staffClient(t, db, srv.URL, "ada@example.gov.uk", ims.Auditor)
		err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			for i := range ims.AuditPageSize + 2 {
				if err := tx.Audit(ctx, ims.System(), "sweep", "pending_payment", fmt.Sprint("pp-", i), nil, nil); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for i := range ims.OutboxPageSize + 1 {
			if err := db.QueueEmail(ctx, sqldb.Email{To: fmt.Sprint("payer", i, "@example.com"), Purpose: "receipt", Ref: fmt.Sprint("pay-", i), Payload: "{}"}); err != nil {
				t.Fatal(err)
			}
		}

		_, first := get(t, c, srv.URL+"/admin/audit?who=system&action=sweep")
		older := link(first, "Older events")
		if older == "" || !strings.Contains(older, "who=system") || !strings.Contains(older, "action=sweep") || link(first, "Newest events") != "" {
			t.Fatalf("first page of events: older link %q", older)
		}
		wantIn(t, "first page of events", first, "pending_payment pp-51", "pending_payment pp-2<")
		status, second := get(t, c, srv.URL+older)
		if status != http.StatusOK || link(second, "Older events") != "" || link(second, "Newest events") != "/admin/audit?action=sweep&who=system" {
			t.Fatalf("second page of events: %d, links %q %q", status, link(second, "Older events"), link(second, "Newest events"))
		}
		wantIn(t, "second page of events", second, "pending_payment pp-1<", "pending_payment pp-0<")
		if strings.Contains(second, "pp-2<") || strings.Contains(second, ">login<") {
			t.Error("the second page repeats an event of the first or leaves the filters")
		}

		_, first = get(t, c, srv.URL+"/admin/audit/outbox")
		wantIn(t, "first page of the outbox", first, "payer50@example.com")
		older = link(first, "Older emails")
		if older == "" || strings.Contains(first, "payer0@example.com") {
			t.Fatalf("first page of the outbox: older link %q", older)
		}
		_, second = get(t, c, srv.URL+older)
		wantIn(t, "second page of the outbox", second, "payer0@example.com", "Newest emails")
		if strings.Contains(second, "payer1@example.com") {
			t.Error("the second page of the outbox repeats an email of the first")
		}

		get(t, c, srv.URL+"/admin/audit/verify")
		if _, page := get(t, c, srv.URL+"/admin/audit?action=ledger_verify"); !strings.Contains(page, "No events found") {
			t.Error("opening the verification page ran the verification")
		}
	})
}
