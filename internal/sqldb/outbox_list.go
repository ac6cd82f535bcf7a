package sqldb

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
)

// OutboxEmails returns up to limit emails of the outbox older than id before (all when 0), newest
// first, each with the state of the job sending it. It checks no role.
func (db *DB) OutboxEmails(ctx context.Context, before int64, limit int) (emails []ims.OutboxEmail, err error) {
	defer ims.Wrap(&err, "OutboxEmails")
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	rows, err := db.SQL.QueryContext(ctx, `SELECT id, to_address, purpose, purpose_ref, created_at, sent_at, attempts, last_error
		FROM email_outbox WHERE ($1 = 0 OR id < $1) ORDER BY id DESC LIMIT $2`, before, limit)
	if err != nil {
		return nil, db.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var e ims.OutboxEmail
		var sent sql.NullTime
		if err := rows.Scan(&e.ID, &e.To, &e.Purpose, &e.Ref, &e.CreatedAt, &sent, &e.Attempts, &e.LastError); err != nil {
			return nil, err
		}
		e.CreatedAt = e.CreatedAt.UTC()
		if sent.Valid {
			t := sent.Time.UTC()
			e.SentAt = &t
		}
		emails = append(emails, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	return emails, db.addEmailJobs(ctx, emails)
}

// addEmailJobs fills in the state of each email's sending job from River's table, where the job's
// arguments name the email ({"email_id": 7}); invitations have a job kind of their own (ADR 22).
// River removes finished jobs after a while, so an email may have none.
func (db *DB) addEmailJobs(ctx context.Context, emails []ims.OutboxEmail) error {
	if len(emails) == 0 {
		return nil
	}
	byID := map[int64]*ims.OutboxEmail{}
	ids := make([]string, len(emails))
	for i := range emails {
		byID[emails[i].ID] = &emails[i]
		ids[i] = strconv.FormatInt(emails[i].ID, 10) // numbers from the database, not from a person
	}
	// Both engines read a JSON field with ->>; SQLite stores River's arguments as JSONB.
	rows, err := db.SQL.QueryContext(ctx, `SELECT CAST(args->>'email_id' AS BIGINT), state, max_attempts, scheduled_at
		FROM river_job WHERE kind IN ('send_email', 'send_invitation') AND CAST(args->>'email_id' AS BIGINT) IN (`+strings.Join(ids, ", ")+`)
		ORDER BY id`)
	if err != nil {
		return db.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var state string
		var maxAttempts int
		var scheduled sql.NullTime
		if err := rows.Scan(&id, &state, &maxAttempts, &scheduled); err != nil {
			return err
		}
		e := byID[id]
		if e == nil {
			continue
		}
		e.JobState, e.MaxAttempts = state, maxAttempts
		if state == "retryable" || state == "scheduled" {
			if scheduled.Valid {
				t := scheduled.Time.UTC()
				e.NextAttempt = &t
			}
		}
	}
	return rows.Err()
}
