package jobs_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
	"github.com/ims-council/ims/internal/jobs"
	"github.com/ims-council/ims/internal/mail/mailtest"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
	"github.com/ims-council/ims/internal/users"
)

// An invitation is emailed by its own job with the link, which the outbox never holds; the outbox
// still records the email as sent.
func TestInvitationEmailCarriesTheLink(t *testing.T) {
	t.Parallel()
	sqldbtest.Engines(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		server := mailtest.NewServer(t)
		start(t, db, server, nil)
		svc := users.New(db)
		svc.BaseURL, svc.Params = "https://ims.example.gov.uk", auth.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
		u, link, err := svc.InviteUser(ctx, ims.System(), ims.User{Email: "new@example.gov.uk", Name: "Nia <New>"})
		if err != nil {
			t.Fatal(err)
		}
		waitFor(t, 10*time.Second, "the invitation to be sent", func() bool { return len(server.Messages()) == 1 })
		got, err := mailtest.Read(server.Messages()[0])
		if err != nil {
			t.Fatal(err)
		}
		if got.To != u.Email || got.Subject != "You have been given an account on the Income Management System" ||
			!strings.Contains(got.Text, link) || !strings.Contains(got.HTML, `href="`+link+`"`) ||
			!strings.Contains(got.Text, "Dear Nia <New>,") || !strings.Contains(got.HTML, "Nia &lt;New&gt;") {
			t.Errorf("delivered to %s, %q:\n%s\n%s", got.To, got.Subject, got.Text, got.HTML)
		}
		// The Auditor's outbox shows the invitation sent, with the state of its job, and without the link.
		var e ims.OutboxEmail
		waitFor(t, 10*time.Second, "the invitation's job to complete", func() bool {
			page, err := jobs.Outbox{DB: db}.Emails(ctx, auditor, 0)
			if err != nil {
				t.Fatal(err)
			}
			e = page.Emails[0]
			return e.JobState == "completed"
		})
		if e.Purpose != "invitation" || e.State() != ims.EmailSent || e.To != u.Email {
			t.Errorf("the invitation in the outbox: %+v (%s)", e, e.State())
		}
		var payload string
		if err := db.SQL.QueryRow(`SELECT payload FROM email_outbox`).Scan(&payload); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(payload, link[len(link)-20:]) {
			t.Errorf("the outbox holds the link: %s", payload)
		}
		if _, err := svc.ResetPassword(ctx, ims.System(), u.ID); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 10*time.Second, "the reset email", func() bool { return len(server.Messages()) == 2 })
		if got, _ := mailtest.Read(server.Messages()[1]); got.Subject != "Choose a new password for the Income Management System" ||
			!strings.Contains(got.Text, "Your old password no longer works") {
			t.Errorf("reset email %q:\n%s", got.Subject, got.Text)
		}
	})
}
