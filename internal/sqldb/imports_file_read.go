package sqldb

import (
	"context"
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
	return read(&chunkReader{ctx: ctx, q: conn, id: id, table: "import_file_chunks"})
}
