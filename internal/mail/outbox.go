package mail

import (
	"context"
	"log/slog"
	"time"

	"github.com/ims-council/ims/internal/sqldb"
)

// SendOutbox sends the emails waiting in the outbox and records each attempt; it returns how many
// were sent. Every instance may run it: claims keep two from sending one email.
func SendOutbox(ctx context.Context, db *sqldb.DB, s *Sender, log *slog.Logger) (sent int, err error) {
	emails, err := db.ClaimEmails(ctx, 50, 5*time.Minute)
	if err != nil {
		return 0, err
	}
	for _, e := range emails {
		if err := s.Send(e); err != nil {
			log.WarnContext(ctx, "email not sent", "email", e.ID, "purpose", e.Purpose, "ref", e.Ref, "err", err)
			if err := db.EmailFailed(ctx, e.ID, err.Error()); err != nil {
				return sent, err
			}
			continue
		}
		if err := db.EmailSent(ctx, e.ID); err != nil {
			return sent, err
		}
		log.InfoContext(ctx, "email sent", "email", e.ID, "purpose", e.Purpose, "ref", e.Ref)
		sent++
	}
	return sent, nil
}
