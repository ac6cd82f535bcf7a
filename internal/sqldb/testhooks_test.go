package sqldb

// WriterAssumesHeads reports whether the ledger writer's next batch runs on the heads its previous
// batch left, as one statement (ledger_assumed.go): the tests check that path was taken.
func (db *DB) WriterAssumesHeads() bool { return db.writer.known.trusted }
