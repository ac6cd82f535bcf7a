package sqldb

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"

	"github.com/ims-council/ims"
)

// StoredImport is an account holder import as stored, with what only the service needs: who started
// it (the principal's JSON, so its background job acts with the same roles and funds) and the hash
// of an API request, to tell a retried request from another one under the same Idempotency-Key.
type StoredImport struct {
	ims.AccountHolderImport
	Principal   string
	RequestHash string
}

const importColumns = `id, source, file_name, sha256, size_bytes, state, message, rows_total, rows_done, created, updated,
	unchanged, refused, actor, actor_name, created_at, updated_at, finished_at, principal, request_hash`

func scanImport(scan func(...any) error) (s StoredImport, err error) {
	var finished sql.NullTime
	i := &s.AccountHolderImport
	err = scan(&i.ID, &i.Source, &i.FileName, &i.SHA256, &i.Size, &i.State, &i.Message, &i.RowsTotal, &i.RowsDone,
		&i.Created, &i.Updated, &i.Unchanged, &i.Refused, &i.Actor, &i.ActorName, &i.CreatedAt, &i.UpdatedAt, &finished,
		&s.Principal, &s.RequestHash)
	i.FinishedAt = finished.Time
	return s, err
}

// InsertAccountHolderImport records a new import in tx and returns its id. key is an API client's
// Idempotency-Key ("" for none), unique per client (clientID).
func (tx *Tx) InsertAccountHolderImport(ctx context.Context, s StoredImport, clientID int64, key string) (id int64, err error) {
	defer ims.Wrap(&err, "InsertAccountHolderImport")
	now := tx.owner.now()
	err = tx.QueryRowContext(ctx, `INSERT INTO account_holder_imports (source, file_name, sha256, size_bytes, state, message,
		rows_total, rows_done, created, updated, unchanged, refused, actor, actor_name, principal, api_client_id,
		idempotency_key, request_hash, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, '', 0, 0, 0, 0, 0, 0, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
		s.Source, s.FileName, s.SHA256, s.Size, s.State, s.Actor, s.ActorName, s.Principal, nullID(clientID),
		nullString(key), s.RequestHash, now).Scan(&id)
	return id, err
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// AccountHolderImport returns the import with id, and false when there is none.
func (db *DB) AccountHolderImport(ctx context.Context, id int64) (StoredImport, bool, error) {
	s, err := scanImport(db.SQL.QueryRowContext(ctx, `SELECT `+importColumns+` FROM account_holder_imports WHERE id = $1`, id).Scan)
	if err == sql.ErrNoRows {
		return s, false, nil
	}
	return s, err == nil, err
}

// AccountHolderImportByKey returns the import an API client started with an Idempotency-Key, and
// false when there is none.
func (db *DB) AccountHolderImportByKey(ctx context.Context, clientID int64, key string) (StoredImport, bool, error) {
	s, err := scanImport(db.SQL.QueryRowContext(ctx, `SELECT `+importColumns+` FROM account_holder_imports
		WHERE api_client_id = $1 AND idempotency_key = $2`, clientID, key).Scan)
	if err == sql.ErrNoRows {
		return s, false, nil
	}
	return s, err == nil, err
}

// AccountHolderImports returns the latest imports, newest first, at most limit.
func (db *DB) AccountHolderImports(ctx context.Context, limit int) (_ []ims.AccountHolderImport, err error) {
	defer ims.Wrap(&err, "AccountHolderImports")
	rows, err := db.SQL.QueryContext(ctx, `SELECT `+importColumns+` FROM account_holder_imports ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ims.AccountHolderImport
	for rows.Next() {
		s, err := scanImport(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, s.AccountHolderImport)
	}
	return out, rows.Err()
}

// AccountHolderImportLines returns up to limit line outcomes of an import, refused lines first, then
// in line order, after skipping offset. funds limits them to those funds; nil means every fund.
func (db *DB) AccountHolderImportLines(ctx context.Context, id int64, funds []string, offset, limit int) (_ []ims.AccountHolderImportLine, err error) {
	defer ims.Wrap(&err, "AccountHolderImportLines(%d)", id)
	if funds != nil && len(funds) == 0 {
		return nil, nil
	}
	args := []any{id, ims.LineRefused, limit, offset}
	filter := ""
	if funds != nil {
		ph := make([]string, len(funds))
		for i, f := range funds {
			args = append(args, f)
			ph[i] = fmt.Sprintf("$%d", len(args))
		}
		filter = " AND fund IN (" + strings.Join(ph, ", ") + ")"
	}
	rows, err := db.SQL.QueryContext(ctx, `SELECT line, fund, reference, outcome, reason FROM account_holder_import_lines
		WHERE import_id = $1`+filter+` ORDER BY CASE WHEN outcome = $2 THEN 0 ELSE 1 END, line LIMIT $3 OFFSET $4`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ims.AccountHolderImportLine
	for rows.Next() {
		var l ims.AccountHolderImportLine
		if err := rows.Scan(&l.Line, &l.Fund, &l.Reference, &l.Outcome, &l.Reason); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// SetAccountHolderImportState records an import's state, message and counts in tx; finished
// stamps it finished.
func (tx *Tx) SetAccountHolderImportState(ctx context.Context, i ims.AccountHolderImport) error {
	now := tx.owner.now()
	var finished sql.NullTime
	if i.Finished() {
		finished = sql.NullTime{Time: now, Valid: true}
	}
	_, err := tx.ExecContext(ctx, `UPDATE account_holder_imports SET state = $1, message = $2, rows_total = $3, rows_done = $4,
		created = $5, updated = $6, unchanged = $7, refused = $8, updated_at = $9, finished_at = $10 WHERE id = $11`,
		i.State, i.Message, i.RowsTotal, i.RowsDone, i.Created, i.Updated, i.Unchanged, i.Refused, now, finished, i.ID)
	return err
}

// InsertAccountHolderImportLines records the outcomes of lines of an import in tx, in one statement
// per 500 lines.
func (tx *Tx) InsertAccountHolderImportLines(ctx context.Context, id int64, lines []ims.AccountHolderImportLine) error {
	for len(lines) > 0 {
		n := min(len(lines), 500)
		var b strings.Builder
		b.WriteString(`INSERT INTO account_holder_import_lines (import_id, line, fund, reference, outcome, reason) VALUES `)
		args := make([]any, 0, n*6)
		for i, l := range lines[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			k := len(args)
			fmt.Fprintf(&b, "($%d, $%d, $%d, $%d, $%d, $%d)", k+1, k+2, k+3, k+4, k+5, k+6)
			args = append(args, id, l.Line, l.Fund, l.Reference, l.Outcome, l.Reason)
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return err
		}
		lines = lines[n:]
	}
	return nil
}

// AccountHoldersByKey returns the stored holders with the given keys, by key, in tx. It asks fund
// by fund with reference IN (…), which both engines answer from the primary key; SQLite scans the
// whole table for a row-value IN (VALUES …).
func (tx *Tx) AccountHoldersByKey(ctx context.Context, keys []ims.AccountHolderKey) (map[ims.AccountHolderKey]ims.AccountHolder, error) {
	out := map[ims.AccountHolderKey]ims.AccountHolder{}
	byFund := map[string][]string{}
	var funds []string
	for _, k := range keys {
		if _, ok := byFund[k.Fund]; !ok {
			funds = append(funds, k.Fund)
		}
		byFund[k.Fund] = append(byFund[k.Fund], k.Reference)
	}
	for _, fund := range funds {
		refs := byFund[fund]
		for len(refs) > 0 {
			n := min(len(refs), 500)
			args := []any{fund}
			ph := make([]string, n)
			for i, r := range refs[:n] {
				args = append(args, r)
				ph[i] = fmt.Sprintf("$%d", i+2)
			}
			rows, err := tx.QueryContext(ctx, `SELECT fund, reference, name, address, postcode, balance, stop_message, updated_at
				FROM account_holders WHERE fund = $1 AND reference IN (`+strings.Join(ph, ", ")+`)`, args...)
			if err != nil {
				return nil, err
			}
			for rows.Next() {
				h, err := scanHolder(rows.Scan)
				if err != nil {
					rows.Close()
					return nil, err
				}
				out[ims.AccountHolderKey{Fund: h.Fund, Reference: h.Reference}] = h
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, err
			}
			refs = refs[n:]
		}
	}
	return out, nil
}

// UpsertAccountHolders creates or replaces account holders in tx, with their search keys, in one
// statement per 200 holders. No two may share a key.
func (tx *Tx) UpsertAccountHolders(ctx context.Context, holders []ims.AccountHolder) error {
	now := tx.owner.now()
	for len(holders) > 0 {
		n := min(len(holders), 200)
		var b strings.Builder
		b.WriteString(`INSERT INTO account_holders (fund, reference, name, address, postcode, balance, stop_message, updated_at,
			name_key, address_key, postcode_key) VALUES `)
		args := make([]any, 0, n*11)
		for i, h := range holders[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			ph := make([]string, 11)
			for j := range ph {
				ph[j] = fmt.Sprintf("$%d", len(args)+j+1)
			}
			b.WriteString("(" + strings.Join(ph, ", ") + ")")
			args = append(args, h.Fund, h.Reference, h.Name, linesText(h.Address), h.Postcode, h.Balance, nullString(h.StopMessage),
				now, nameKey(h.Name), addressKey(h.Address), PostcodeKey(h.Postcode))
		}
		b.WriteString(` ON CONFLICT (fund, reference) DO UPDATE SET name = excluded.name, address = excluded.address,
			postcode = excluded.postcode, balance = excluded.balance, stop_message = excluded.stop_message,
			updated_at = excluded.updated_at, name_key = excluded.name_key, address_key = excluded.address_key,
			postcode_key = excluded.postcode_key`)
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return err
		}
		holders = holders[n:]
	}
	return nil
}

// InsertAccountHolderImportChunk stores piece seq (from 0) of an import's uploaded file in tx.
func (tx *Tx) InsertAccountHolderImportChunk(ctx context.Context, id, seq int64, data []byte) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO account_holder_import_chunks (import_id, seq, data) VALUES ($1, $2, $3)`, id, seq, data)
	return err
}

// AccountHolderImportFile returns a reader of an import's stored file that holds one chunk at a
// time in memory.
func (db *DB) AccountHolderImportFile(ctx context.Context, id int64) io.Reader {
	return &chunkReader{ctx: ctx, q: db.SQL, id: id, table: "account_holder_import_chunks"}
}

// chunkReader reads a file stored in pieces (a table of import_id, seq, data), one piece at a time,
// through q: the pool, or one connection of its own.
type chunkReader struct {
	ctx   context.Context
	q     querier
	id    int64
	table string
	seq   int64
	cur   *bytes.Reader
	done  bool
}

func (c *chunkReader) Read(p []byte) (int, error) {
	for c.cur == nil || c.cur.Len() == 0 {
		if c.done {
			return 0, io.EOF
		}
		var data []byte
		err := c.q.QueryRowContext(c.ctx, `SELECT data FROM `+c.table+` WHERE import_id = $1 AND seq = $2`,
			c.id, c.seq).Scan(&data)
		if err == sql.ErrNoRows {
			c.done = true
			continue
		}
		if err != nil {
			return 0, err
		}
		c.seq++
		c.cur = bytes.NewReader(data)
	}
	return c.cur.Read(p)
}

// DeleteAccountHolderImportFile removes an import's stored file in tx once it has been read.
func (tx *Tx) DeleteAccountHolderImportFile(ctx context.Context, id int64) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM account_holder_import_chunks WHERE import_id = $1`, id)
	return err
}

// An ImportQueue enqueues the background job of an account holder import in the transaction that
// records the import (internal/jobs implements it on River), so a recorded import always has its job.
type ImportQueue interface {
	ImportAccountHoldersTx(ctx context.Context, tx *sql.Tx, importID int64) error
}

// EnqueueAccountHolderImport enqueues the job of import id on q in tx.
func (tx *Tx) EnqueueAccountHolderImport(ctx context.Context, q ImportQueue, id int64) error {
	sqlTx, err := tx.sqlTxNow(ctx)
	if err != nil {
		return err
	}
	return q.ImportAccountHoldersTx(ctx, sqlTx, id)
}

// SetAccountHolderImportFile records the size and SHA-256 of an import's file in tx, once it has
// been read.
func (tx *Tx) SetAccountHolderImportFile(ctx context.Context, id int64, sha256 string, size int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE account_holder_imports SET sha256 = $1, size_bytes = $2 WHERE id = $3`, sha256, size, id)
	return err
}
