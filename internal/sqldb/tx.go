package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/ims-council/ims"
)

// inTx runs fn in one transaction and commits when it returns nil. Services open their own
// transactions with it so every check and write of one action commits together or not at all.
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		return db.classify(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return db.classify(err)
	}
	return db.classify(tx.Commit())
}

// classify turns database errors that mean "the request clashes with the data" into Conflict
// errors, and a lost connection into Unavailable, leaving *ims.Error values untouched.
func (db *DB) classify(err error) error {
	if err == nil {
		return nil
	}
	var e *ims.Error
	if errors.As(err, &e) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &ims.Error{Code: ims.Unavailable, Message: "The request was cancelled or took too long", Err: err}
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "append-only"):
		return &ims.Error{Code: ims.Conflict, Message: "Ledger and audit records cannot be changed or removed", Err: err}
	case strings.Contains(msg, "UNIQUE constraint"), strings.Contains(msg, "duplicate key"), strings.Contains(msg, "SQLSTATE 23505"):
		return &ims.Error{Code: ims.Conflict, Message: "A record with that code already exists", Err: err}
	case strings.Contains(msg, "FOREIGN KEY constraint"), strings.Contains(msg, "SQLSTATE 23503"):
		return &ims.Error{Code: ims.Conflict, Message: "The record is in use or refers to a record that does not exist", Err: err}
	case strings.Contains(msg, "connection refused"), strings.Contains(msg, "database is locked"), errors.Is(err, sql.ErrConnDone):
		return &ims.Error{Code: ims.Unavailable, Message: "The database is not available; try again", Err: err}
	}
	return err
}
