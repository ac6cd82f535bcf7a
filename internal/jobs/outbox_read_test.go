package jobs_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/jobs"
	"github.com/ims-council/ims/internal/mail/mailtest"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// The outbox shows each email with where it is: waiting without a job, sent, failed and to be
// tried again, given up; newest first, a page at a time, to an Auditor only.
func TestOutboxShowsEachEmailsState(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		for i := range ims.OutboxPageSize + 1 { // queued while no instance runs jobs
			if err := db.QueueEmail(ctx, receipt(t, "old@example.com", fmt.Sprint("old-", i))); err != nil {
				t.Fatal(err)
			}
		}
		server := mailtest.NewServer(t)
		start(t, db, server, nil)
		if err := db.QueueEmail(ctx, receipt(t, "payer@example.com", "pay-sent")); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 10*time.Second, "the email to be sent", func() bool { _, _, sent := outboxRow(t, db, "pay-sent"); return sent })
		server.Refuse(true)
		if err := db.QueueEmail(ctx, receipt(t, "payer@example.com", "pay-fail")); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 10*time.Second, "a failed attempt", func() bool { n, _, _ := outboxRow(t, db, "pay-fail"); return n >= 1 })
		if err := db.QueueEmail(ctx, sqldb.Email{To: "a@example.com", Purpose: "receipt", Ref: "bad", Payload: "{"}); err != nil {
			t.Fatal(err)
		}
		outbox := jobs.Outbox{DB: db}
		var page ims.OutboxPage
		waitFor(t, 10*time.Second, "the unreadable email to be given up", func() bool {
			var err error
			if page, err = outbox.Emails(ctx, auditor, 0); err != nil {
				t.Fatal(err)
			}
			return page.Emails[0].State() == ims.EmailGivenUp
		})
		if len(page.Emails) != ims.OutboxPageSize || page.Next == 0 {
			t.Fatalf("first page: %d emails, next %d", len(page.Emails), page.Next)
		}
		bad, failed, sent, old := page.Emails[0], page.Emails[1], page.Emails[2], page.Emails[3]
		if bad.Ref != "bad" || bad.JobState != "cancelled" || !strings.Contains(bad.LastError, "reading the receipt") {
			t.Errorf("unreadable email = %+v", bad)
		}
		if failed.Ref != "pay-fail" || failed.State() != ims.EmailFailed || failed.To != "payer@example.com" ||
			!strings.Contains(failed.LastError, "550") || failed.MaxAttempts != 10 || failed.JobState == "" {
			t.Errorf("failed email = %+v (%s)", failed, failed.State())
		}
		if sent.Ref != "pay-sent" || sent.State() != ims.EmailSent || sent.SentAt == nil || sent.Attempts != 1 {
			t.Errorf("sent email = %+v", sent)
		}
		if old.Ref != "old-50" || old.State() != ims.EmailQueued || old.JobState != "" || old.Purpose != "receipt" {
			t.Errorf("waiting email = %+v", old)
		}
		next, err := outbox.Emails(ctx, auditor, page.Next)
		if err != nil {
			t.Fatal(err)
		}
		if len(next.Emails) != 4 || next.Next != 0 || next.Emails[3].Ref != "old-0" {
			t.Errorf("second page: %d emails, next %d", len(next.Emails), next.Next)
		}
		if _, err := outbox.Emails(ctx, ims.Principal{UserID: 1, Roles: []ims.Role{ims.SystemAdmin}}, 0); ims.ErrorCode(err) != ims.Forbidden {
			t.Errorf("outbox read by a SystemAdmin: %v, want Forbidden", err)
		}
	})
}

var auditor = ims.Principal{UserID: 9, Roles: []ims.Role{ims.Auditor}}
