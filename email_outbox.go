package ims

import "time"

// OutboxEmail is one email in the outbox, the log of every email IMS sends, with what its sending
// job (River) last said about it.
type OutboxEmail struct {
	ID        int64
	To        string
	Purpose   string // receipt, invitation, …
	Ref       string // what it is about: a receipt's pending payment id
	CreatedAt time.Time
	SentAt    *time.Time
	Attempts  int
	LastError string
	// JobState is the state of the job sending it (available, scheduled, running, retryable,
	// completed, cancelled, discarded), "" when there is none: never enqueued, or removed by River's
	// clean-up after it finished.
	JobState    string
	MaxAttempts int        // how often the job tries, 0 without a job
	NextAttempt *time.Time // when a job waiting to try again will, nil otherwise
}

// EmailState is where an email is, as staff see it.
type EmailState string

// The states of an outbox email.
const (
	EmailQueued  EmailState = "queued"   // not tried yet
	EmailSent    EmailState = "sent"     // handed to the mail server
	EmailFailed  EmailState = "failed"   // tried and failed; it will be tried again
	EmailGivenUp EmailState = "given up" // failed for the last time, or could never be sent
)

// State returns where the email is. An email not sent whose job is gone after an attempt was given
// up: a job still trying would still be there.
func (e OutboxEmail) State() EmailState {
	switch {
	case e.SentAt != nil:
		return EmailSent
	case e.JobState == "cancelled" || e.JobState == "discarded":
		return EmailGivenUp
	case e.JobState == "" && e.Attempts > 0:
		return EmailGivenUp
	case e.LastError != "":
		return EmailFailed
	default:
		return EmailQueued
	}
}

// OutboxPage is one page of the outbox, newest first.
type OutboxPage struct {
	Emails []OutboxEmail
	Next   int64 // the id to read the next, older page before; 0 when this is the last
}

// OutboxPageSize is how many emails one page of the outbox shows.
const OutboxPageSize = 50
