package main

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ims-council/ims/internal/sqldb"
)

// The baseline's table must keep the ledger's indexes, or the imports are compared with a cheaper
// insert than theirs (it fell behind once, when the transaction search added four).
func TestRawTableHasTheLedgersIndexes(t *testing.T) {
	ctx := context.Background()
	db, err := sqldb.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "ims.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	want := indexesOf(t, db, "ledger_entries")
	for _, stmt := range rawTableDDL(sqldb.SQLite) {
		stmt = strings.ReplaceAll(stmt, "ledger_entries", "raw_entries")
		if _, err := db.SQL.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	if got := indexesOf(t, db, "raw_entries"); !slices.Equal(got, want) {
		t.Errorf("the baseline table's indexes are\n%v\nthe ledger's are\n%v", got, want)
	}
}

// indexesOf lists a table's indexes by their columns and whether they are partial or unique.
func indexesOf(t *testing.T, db *sqldb.DB, table string) []string {
	t.Helper()
	rows, err := db.SQL.Query(`SELECT il."unique", il.partial, group_concat(ii.name, ',')
		FROM pragma_index_list(?) il JOIN pragma_index_info(il.name) ii
		GROUP BY il.name ORDER BY 3, 1, 2`, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var unique, partial int
		var cols string
		if err := rows.Scan(&unique, &partial, &cols); err != nil {
			t.Fatal(err)
		}
		out = append(out, cols+map[bool]string{true: " unique", false: ""}[unique == 1]+map[bool]string{true: " partial", false: ""}[partial == 1])
	}
	return out
}
