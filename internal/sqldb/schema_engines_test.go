package sqldb_test

import (
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/sqldb/sqldbtest"
)

// column is what the engines' schemas are compared by: a column's kind of value (types that hold
// the same values are one kind: INTEGER and BIGINT, TIMESTAMP and TIMESTAMPTZ) and whether it
// may be null.
type column struct {
	kind     string
	nullable bool
}

// TestMigrationsGiveBothEnginesTheSameSchema migrates a database on each engine and compares their
// tables and columns: the migrations are written twice, once per engine, and the same SQL runs
// on both, so a column missing, misnamed, of another kind or nullable on one engine only is a bug
// that shows up only on that engine.
func TestMigrationsGiveBothEnginesTheSameSchema(t *testing.T) {
	t.Parallel()
	lite := sqliteColumns(t, sqldbtest.Open(t, sqldb.SQLite).SQL)
	pg := postgresColumns(t, sqldbtest.Open(t, sqldb.Postgres).SQL)
	if len(lite) < 20 {
		t.Fatalf("read %d SQLite columns; the schema has more", len(lite))
	}
	for _, d := range schemaDifferences(lite, pg) {
		t.Error(d)
	}
}

// TestSchemaDifferencesAreFound checks the comparison itself on schemas that differ in each way.
func TestSchemaDifferencesAreFound(t *testing.T) {
	t.Parallel()
	lite := map[string]column{"funds.code": {"text", false}, "funds.name": {"text", false},
		"funds.active": {"integer", false}, "funds.note": {"text", true}, "funds.lite_only": {"text", true}}
	pg := map[string]column{"funds.code": {"text", false}, "funds.name": {"text", true},
		"funds.active": {"boolean", false}, "funds.note": {"text", true}, "funds.pg_only": {"text", true}}
	got := schemaDifferences(lite, pg)
	want := []string{
		"funds.active holds integer on SQLite, boolean on PostgreSQL",
		"funds.lite_only is on SQLite only",
		"funds.name may be null on PostgreSQL only",
		"funds.pg_only is on PostgreSQL only",
	}
	if !slices.Equal(got, want) {
		t.Errorf("schemaDifferences = %q; want %q", got, want)
	}
	if d := schemaDifferences(lite, lite); len(d) != 0 {
		t.Errorf("a schema differs from itself: %q", d)
	}
}

// schemaDifferences describes each way the columns of the two engines' schemas differ, in order.
func schemaDifferences(lite, pg map[string]column) []string {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(lite)) {
		p, ok := pg[name]
		switch {
		case !ok:
			out = append(out, name+" is on SQLite only")
		case p.kind != lite[name].kind:
			out = append(out, fmt.Sprintf("%s holds %s on SQLite, %s on PostgreSQL", name, lite[name].kind, p.kind))
		case p.nullable != lite[name].nullable:
			out = append(out, fmt.Sprintf("%s may be null on %s only", name, map[bool]string{true: "SQLite", false: "PostgreSQL"}[lite[name].nullable]))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(pg)) {
		if _, ok := lite[name]; !ok {
			out = append(out, name+" is on PostgreSQL only")
		}
	}
	slices.Sort(out)
	return out
}

// ours reports whether IMS writes the table's schema. Goose makes its version table differently per
// dialect, and River's tables come from River's own migrations for each driver
// (scripts/river-migration.sh): they are left out of the comparison.
func ours(table string) bool {
	return table != "goose_db_version" && !strings.HasPrefix(table, "river_")
}

// sqliteColumns reads every table's columns as "table.column". A primary key column cannot be null
// (SQLite reports an INTEGER PRIMARY KEY, the rowid, as nullable, but it never is).
func sqliteColumns(t *testing.T, db *sql.DB) map[string]column {
	cols := map[string]column{}
	rows := queryRows(t, db, `SELECT m.name, p.name, p.type, p."notnull", p.pk
		FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`)
	for rows.Next() {
		var table, name, typ string
		var notNull, pk int
		must(t, rows.Scan(&table, &name, &typ, &notNull, &pk))
		if !ours(table) {
			continue
		}
		cols[table+"."+name] = column{kind: kindOf(t, typ), nullable: notNull == 0 && pk == 0}
	}
	must(t, rows.Err())
	return cols
}

// postgresColumns reads the columns of the tables in the current schema as "table.column".
func postgresColumns(t *testing.T, db *sql.DB) map[string]column {
	cols := map[string]column{}
	rows := queryRows(t, db, `SELECT c.table_name, c.column_name, c.data_type, c.is_nullable
		FROM information_schema.columns c JOIN information_schema.tables tb
		  ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND tb.table_type = 'BASE TABLE'`)
	for rows.Next() {
		var table, name, typ, nullable string
		must(t, rows.Scan(&table, &name, &typ, &nullable))
		if !ours(table) {
			continue
		}
		cols[table+"."+name] = column{kind: kindOf(t, typ), nullable: nullable == "YES"}
	}
	must(t, rows.Err())
	return cols
}

// kindOf names the kind of value a column type holds, on either engine.
func kindOf(t *testing.T, typ string) string {
	typ = strings.ToLower(typ)
	if i := strings.IndexByte(typ, '('); i >= 0 {
		typ = strings.TrimSpace(typ[:i]) // varchar(64), numeric(12,2)
	}
	switch typ {
	case "integer", "int", "bigint", "smallint":
		return "integer"
	case "text", "character varying", "varchar", "character", "char":
		return "text"
	case "timestamp", "timestamptz", "timestamp with time zone", "timestamp without time zone", "datetime":
		return "timestamp"
	case "date":
		return "date"
	case "boolean", "bool":
		return "boolean"
	case "blob", "bytea":
		return "bytes"
	case "real", "double precision", "float":
		return "float"
	case "numeric", "decimal":
		return "numeric"
	case "json", "jsonb":
		return "json"
	}
	t.Errorf("column type %q: add it to kindOf", typ)
	return fmt.Sprintf("unknown %q", typ)
}
