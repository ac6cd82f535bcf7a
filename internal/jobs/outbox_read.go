package jobs

import (
	"context"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// Outbox reads the email outbox, the log of every email IMS sends, with the state of each email's
// sending job, for an Auditor.
type Outbox struct {
	DB *sqldb.DB
}

// Emails returns a page of the outbox, newest first: the emails older than id before (the newest
// when 0). It needs the Auditor role. Auditors see the recipients' addresses: checking that a
// receipt went to the payer who asked for it is part of their work.
func (o Outbox) Emails(ctx context.Context, p ims.Principal, before int64) (page ims.OutboxPage, err error) {
	defer ims.Wrap(&err, "Outbox.Emails")
	if err := p.Require(ims.Auditor); err != nil {
		return page, err
	}
	if before < 0 {
		return page, ims.FieldError("before", "The page to show is not a page of the outbox")
	}
	emails, err := o.DB.OutboxEmails(ctx, before, ims.OutboxPageSize+1)
	if err != nil {
		return page, err
	}
	if len(emails) > ims.OutboxPageSize {
		emails = emails[:ims.OutboxPageSize]
		page.Next = emails[len(emails)-1].ID
	}
	page.Emails = emails
	return page, nil
}
