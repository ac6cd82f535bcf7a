package jobs

import (
	"context"
	"log/slog"

	"github.com/riverqueue/river"

	"github.com/ims-council/ims/internal/mail"
	"github.com/ims-council/ims/internal/sqldb"
)

// maxEmailAttempts is how often sending an email is tried before it is left, with its last error,
// for a person to see in the outbox.
const maxEmailAttempts = 10

// SendEmailArgs is the job that sends one outbox email.
type SendEmailArgs struct {
	EmailID int64 `json:"email_id"`
}

// Kind names the job in River's table.
func (SendEmailArgs) Kind() string { return "send_email" }

// InsertOpts puts emails in their own queue, tried up to maxEmailAttempts times.
func (SendEmailArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueEmail, MaxAttempts: maxEmailAttempts}
}

type emailWorker struct {
	river.WorkerDefaults[SendEmailArgs]
	db     *sqldb.DB
	sender *mail.Sender
	log    *slog.Logger
}

// Work renders the email from the outbox and sends it, recording each attempt in the outbox. A
// failed send is returned to River, which runs the job again after a back-off; an email that can
// never be rendered is given up at once.
func (w *emailWorker) Work(ctx context.Context, job *river.Job[SendEmailArgs]) error {
	e, err := w.db.Email(ctx, job.Args.EmailID)
	if err != nil {
		return err
	}
	if e.SentAt != nil {
		return nil // sent by an earlier run that stopped before River recorded it
	}
	m, err := mail.Render(e.Purpose, e.Payload)
	if err == nil {
		err = w.sender.Send(ctx, e.To, m)
	} else {
		err = river.JobCancel(err)
	}
	if err != nil {
		w.log.WarnContext(ctx, "email not sent", "email", e.ID, "purpose", e.Purpose, "ref", e.Ref,
			"attempt", job.Attempt, "err", err)
		if ferr := w.db.EmailFailed(ctx, e.ID, err.Error()); ferr != nil {
			return ferr
		}
		return err
	}
	w.log.InfoContext(ctx, "email sent", "email", e.ID, "purpose", e.Purpose, "ref", e.Ref)
	return w.db.EmailSent(ctx, e.ID)
}
