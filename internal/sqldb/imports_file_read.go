package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
)

// ReadImportFile calls read with the stored file of import id, read one piece at a time on a
// connection of its own, which an import's posting reads twice (ADR 27). On SQLite that
// connection's page cache is kept small while it reads, then put back: otherwise the pieces read
// would stay cached (up to the cache's 64 MiB, per connection) beside the import's own cache,
// and take a large import over its memory limit for nothing, since each piece is read once.
func (db *DB) ReadImportFile(ctx context.Context, id int64, read func(io.Reader) error) error {
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if db.Engine == SQLite {
		var size int64
		if err := conn.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&size); err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx, `PRAGMA cache_size = -1024`); err != nil { // 1 MiB
			return err
		}
		defer conn.ExecContext(context.Background(), fmt.Sprintf(`PRAGMA cache_size = %d`, size))
	}
	return read(&connChunkReader{ctx: ctx, conn: conn, id: id})
}

// connChunkReader reads an import's stored pieces in order on one connection.
type connChunkReader struct {
	ctx  context.Context
	conn *sql.Conn
	id   int64
	seq  int64
	buf  []byte
	done bool
}

func (c *connChunkReader) Read(p []byte) (int, error) {
	for len(c.buf) == 0 {
		if c.done {
			return 0, io.EOF
		}
		err := c.conn.QueryRowContext(c.ctx, `SELECT data FROM import_file_chunks WHERE import_id = $1 AND seq = $2`,
			c.id, c.seq).Scan(&c.buf)
		if errors.Is(err, sql.ErrNoRows) {
			c.done = true
			continue
		}
		if err != nil {
			return 0, err
		}
		c.seq++
	}
	n := copy(p, c.buf)
	c.buf = c.buf[n:]
	return n, nil
}
