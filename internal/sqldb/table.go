package sqldb

import (
	"fmt"
	"strings"
)

// table describes a reference data table so its upsert and select statements are generated from one
// column list instead of being written out, column by column, for every entity.
type table struct {
	name string
	key  []string // primary key columns, a prefix of cols
	cols []string
}

// upsertSQL inserts a row or, when its key exists, replaces its other columns. Both engines accept
// ON CONFLICT … DO UPDATE with excluded.
func (t table) upsertSQL() string {
	ph := make([]string, len(t.cols))
	for i := range ph {
		ph[i] = fmt.Sprintf("$%d", i+1)
	}
	var set []string
	for _, c := range t.cols[len(t.key):] {
		set = append(set, c+" = excluded."+c)
	}
	action := "DO NOTHING"
	if len(set) > 0 {
		action = "DO UPDATE SET " + strings.Join(set, ", ")
	}
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s) ON CONFLICT (%s) %s",
		t.name, strings.Join(t.cols, ", "), strings.Join(ph, ", "), strings.Join(t.key, ", "), action)
}

// selectSQL selects every column, filtered by where (which may be empty), in key order.
func (t table) selectSQL(where string) string {
	q := "SELECT " + strings.Join(t.cols, ", ") + " FROM " + t.name
	if where != "" {
		q += " WHERE " + where
	}
	return q + " ORDER BY " + strings.Join(t.key, ", ")
}

// deleteSQL deletes one row by its key.
func (t table) deleteSQL() string {
	var conds []string
	for i, k := range t.key {
		conds = append(conds, fmt.Sprintf("%s = $%d", k, i+1))
	}
	return "DELETE FROM " + t.name + " WHERE " + strings.Join(conds, " AND ")
}

// byKey is the WHERE clause matching a row's key.
func (t table) byKey() string {
	var conds []string
	for i, k := range t.key {
		conds = append(conds, fmt.Sprintf("%s = $%d", k, i+1))
	}
	return strings.Join(conds, " AND ")
}
