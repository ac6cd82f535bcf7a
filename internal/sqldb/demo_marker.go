package sqldb

import (
	"context"

	"github.com/ims-council/ims"
)

// MarkDemo records that the demo made this database. Marking again changes nothing.
func (db *DB) MarkDemo(ctx context.Context) (err error) {
	defer ims.Wrap(&err, "MarkDemo")
	_, err = db.exec(ctx, `INSERT INTO demo_marker (id, marked_at) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`, db.now())
	return err
}

// MadeByDemo reports whether the demo made this database (MarkDemo was called on it), so demo mode,
// which replaces the payment providers with a simulator, can refuse a council's real database.
func (db *DB) MadeByDemo(ctx context.Context) (made bool, err error) {
	defer ims.Wrap(&err, "MadeByDemo")
	var n int
	if err := db.SQL.QueryRowContext(ctx, `SELECT COUNT(*) FROM demo_marker`).Scan(&n); err != nil {
		return false, err
	}
	return n > 0, nil
}
