package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"log/slog"

	"github.com/riverqueue/river"

	"github.com/ims-council/ims/internal/mail"
	"github.com/ims-council/ims/internal/sqldb"
)

// SendInvitationArgs is the job that sends one invitation or password reset email from the outbox.
// Unlike SendEmailArgs it carries the email's link: the link holds a secret that is stored nowhere
// else (only its hash is), and River deletes a completed job's row a day later, while the outbox
// keeps every email for good.
type SendInvitationArgs struct {
	EmailID int64  `json:"email_id"`
	Link    string `json:"link"`
}

// Kind names the job in River's table.
func (SendInvitationArgs) Kind() string { return "send_invitation" }

// InsertOpts puts invitations in the email queue, tried as often as other emails.
func (SendInvitationArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueEmail, MaxAttempts: maxEmailAttempts}
}

// SendInvitationTx enqueues the sending of the invitation email id with its link in tx
// (sqldb.InvitationQueue).
func (j *Jobs) SendInvitationTx(ctx context.Context, tx *sql.Tx, emailID int64, link string) error {
	_, err := j.client.InsertTx(ctx, tx, SendInvitationArgs{EmailID: emailID, Link: link}, nil)
	return err
}

type invitationWorker struct {
	river.WorkerDefaults[SendInvitationArgs]
	db     *sqldb.DB
	sender *mail.Sender
	log    *slog.Logger
}

// Work renders the invitation from the outbox and the job's link and sends it, recording each
// attempt in the outbox, as the email worker does.
func (w *invitationWorker) Work(ctx context.Context, job *river.Job[SendInvitationArgs]) error {
	e, err := w.db.Email(ctx, job.Args.EmailID)
	if err != nil {
		return err
	}
	if e.SentAt != nil {
		return nil
	}
	var inv mail.Invitation
	var m mail.Message
	if err = json.Unmarshal([]byte(e.Payload), &inv); err == nil {
		inv.Link = job.Args.Link
		m, err = mail.RenderInvitation(inv, w.db.London)
	}
	if err == nil {
		err = w.sender.Send(ctx, e.To, m)
	} else {
		err = river.JobCancel(err)
	}
	if err != nil {
		w.log.WarnContext(ctx, "email not sent", "email", e.ID, "purpose", e.Purpose, "attempt", job.Attempt, "err", err)
		if ferr := w.db.EmailFailed(ctx, e.ID, err.Error()); ferr != nil {
			return ferr
		}
		return err
	}
	w.log.InfoContext(ctx, "email sent", "email", e.ID, "purpose", e.Purpose)
	return w.db.EmailSent(ctx, e.ID)
}
