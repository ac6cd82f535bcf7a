package jobs_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
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
		var payload string
		var sent bool
		if err := db.SQL.QueryRow(`SELECT payload, sent_at IS NOT NULL FROM email_outbox`).Scan(&payload, &sent); err != nil {
			t.Fatal(err)
		}
		if !sent || strings.Contains(payload, link[len(link)-20:]) {
			t.Errorf("outbox: sent %t, payload %s", sent, payload)
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
