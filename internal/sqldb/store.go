package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/ims-council/ims"
)

// querier is what reads need: the pool outside a transaction, or the transaction inside one.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// validator is a reference data record that can check its own fields.
type validator interface{ Validate() error }

// entity maps one kind of reference data record to its table.
type entity[T validator] struct {
	table
	kind   string                                                   // name in messages and the audit trail: "fund"
	key    func(T) []any                                            // the record's key values, in table.key order
	row    func(*DB, T) ([]any, error)                              // the record's column values, in table.cols order
	scan   func(*DB, func(...any) error) (T, error)                 // reads one row in table.cols order
	check  func(ctx context.Context, tx *Tx, db *DB, v T) error     // cross-record rules, inside the write transaction
	after  func(ctx context.Context, tx *Tx, db *DB, v T) error     // writes child rows (group members)
	load   func(ctx context.Context, q querier, db *DB, v *T) error // reads child rows
	upsert string                                                   // replaces table.upsertSQL when set
	inUse  string                                                   // a query that returns a row when the ledger or a card payment uses the record
}

// A Store reads and writes one kind of reference data with validation, role checks and audit.
type Store[T validator] struct {
	db *DB
	e  entity[T]
}

// Get returns the record with the given key, or a NotFound error.
func (s Store[T]) Get(ctx context.Context, key ...any) (T, error) {
	v, found, err := s.get(ctx, s.db.reads(), key...)
	if err == nil && !found {
		err = ims.Errorf(ims.NotFound, "%s %s does not exist", capitalise(s.e.kind), keyText(key))
	}
	return v, err
}

func (s Store[T]) get(ctx context.Context, q querier, key ...any) (T, bool, error) {
	list, err := s.list(ctx, q, s.e.byKey(), key...)
	if err != nil || len(list) == 0 {
		var zero T
		return zero, false, err
	}
	return list[0], true, nil
}

// List returns every record in key order.
func (s Store[T]) List(ctx context.Context) ([]T, error) {
	return s.list(ctx, s.db.reads(), "")
}

func (s Store[T]) list(ctx context.Context, q querier, where string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, s.e.selectSQL(where), args...)
	if err != nil {
		return nil, err
	}
	var out []T
	for rows.Next() {
		v, err := s.e.scan(s.db, rows.Scan)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if s.e.load != nil {
		for i := range out {
			if err := s.e.load(ctx, q, s.db, &out[i]); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// Put creates the record or replaces the one with the same key, audited as p's change. Disabling a
// record is a Put with its disabled flag set. It checks no role: the reference data service
// (internal/refdata) decides who may.
func (s Store[T]) Put(ctx context.Context, p ims.Principal, v T) (err error) {
	defer ims.Wrap(&err, "Put %s", s.e.kind)
	return s.db.InTx(ctx, func(tx *Tx) error { return s.put(ctx, tx, p, v) })
}

func (s Store[T]) put(ctx context.Context, tx *Tx, p ims.Principal, v T) error {
	if err := v.Validate(); err != nil {
		return err
	}
	if s.e.check != nil {
		if err := s.e.check(ctx, tx, s.db, v); err != nil {
			return err
		}
	}
	before, found, err := s.get(ctx, tx, s.e.key(v)...)
	if err != nil {
		return err
	}
	row, err := s.e.row(s.db, v)
	if err != nil {
		return err
	}
	upsert := s.e.upsert
	if upsert == "" {
		upsert = s.e.upsertSQL()
	}
	if _, err := tx.ExecContext(ctx, upsert, row...); err != nil {
		return s.db.classify(err)
	}
	if s.e.after != nil {
		if err := s.e.after(ctx, tx, s.db, v); err != nil {
			return err
		}
	}
	action, was := "create", any(nil)
	if found {
		action, was = "update", before
	}
	return s.db.audit(ctx, tx, p, action, s.e.kind, keyText(s.e.key(v)), was, redacted(v))
}

// Delete removes a record that nothing uses. A record used by the ledger or by other records
// cannot be deleted, only disabled. The deletion is audited as p's. It checks no role: the
// reference data service (internal/refdata) decides who may.
func (s Store[T]) Delete(ctx context.Context, p ims.Principal, key ...any) (err error) {
	defer ims.Wrap(&err, "Delete %s %s", s.e.kind, keyText(key))
	return s.db.InTx(ctx, func(tx *Tx) error {
		before, found, err := s.get(ctx, tx, key...)
		if err != nil {
			return err
		}
		if !found {
			return ims.Errorf(ims.NotFound, "%s %s does not exist", capitalise(s.e.kind), keyText(key))
		}
		inUse := ims.Errorf(ims.Conflict, "%s %s is in use and cannot be deleted; disable it instead", capitalise(s.e.kind), keyText(key))
		if s.e.inUse != "" {
			var one int
			err := tx.QueryRowContext(ctx, s.e.inUse, key...).Scan(&one)
			if err == nil {
				return inUse
			}
			if err != sql.ErrNoRows {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, s.e.deleteSQL(), key...); err != nil {
			if ims.ErrorCode(s.db.classify(err)) == ims.Conflict {
				inUse.Err = err
				return inUse
			}
			return err
		}
		return s.db.audit(ctx, tx, p, "delete", s.e.kind, keyText(key), redacted(before), nil)
	})
}

// redacter is implemented by records holding secrets, which must not reach the audit trail.
type redacter interface{ Redacted() any }

func redacted(v any) any {
	if r, ok := v.(redacter); ok {
		return r.Redacted()
	}
	return v
}

func keyText(key []any) string {
	parts := make([]string, len(key))
	for i, k := range key {
		parts[i] = fmt.Sprint(k)
	}
	return strings.Join(parts, "/")
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// mustExist returns an Invalid error about field when no row of table has key column = value.
func mustExist(ctx context.Context, q querier, field, what, tableName, column, value string) error {
	var one int
	err := q.QueryRowContext(ctx, "SELECT 1 FROM "+tableName+" WHERE "+column+" = $1", value).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return ims.FieldError(field, "%s %s does not exist", what, value)
	}
	return err
}

// exists reports whether a row of table has key column = value.
func exists(ctx context.Context, q querier, tableName, column string, value any) (bool, error) {
	var one int
	err := q.QueryRowContext(ctx, "SELECT 1 FROM "+tableName+" WHERE "+column+" = $1", value).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}
