package mail

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/ims-council/ims"
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
		err := Render(e.Purpose, e.Payload, func(m Message) error { return s.Send(ctx, e.To, m) })
		if err != nil {
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

// Render renders an outbox email from what it was queued with and hands the message to send.
func Render(purpose, payload string, send func(Message) error) error {
	switch purpose {
	case "receipt":
		var r ims.Receipt
		if err := json.Unmarshal([]byte(payload), &r); err != nil {
			return fmt.Errorf("reading the receipt to email: %w", err)
		}
		m, err := RenderReceipt(r)
		if err != nil {
			return err
		}
		return send(m)
	default:
		return fmt.Errorf("no template for emails of purpose %q", purpose)
	}
}
