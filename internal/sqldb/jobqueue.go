package sqldb

import (
	"context"
	"database/sql"
)

// A JobQueue puts background jobs in the queue inside a transaction of this database, so that a
// job exists exactly when the change that causes it commits: a rolled-back posting sends no email,
// and a committed one cannot lose its email to a crash. internal/jobs implements it on River.
type JobQueue interface {
	// SendEmailsTx enqueues the sending of the outbox emails with these ids in tx, with one
	// statement however many there are (a ledger batch's receipts).
	SendEmailsTx(ctx context.Context, tx *sql.Tx, emailIDs []int64) error
}
