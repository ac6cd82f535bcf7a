package sqldb

import (
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/ims-council/ims/money"
)

// Conversions between Go values and the portable column types both engines share.

func nullPence(p *money.Pence) sql.NullInt64 {
	if p == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: int64(*p), Valid: true}
}

func pencePtr(n sql.NullInt64) *money.Pence {
	if !n.Valid {
		return nil
	}
	p := money.Pence(n.Int64)
	return &p
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

func jsonText(v any) string {
	b, _ := json.Marshal(v) // maps of strings and string slices always marshal
	return string(b)
}

func metadataFrom(s string) (map[string]string, error) {
	if s == "" || s == "null" {
		return nil, nil
	}
	var m map[string]string
	err := json.Unmarshal([]byte(s), &m)
	return m, err
}

func intsText(v []int) string {
	parts := make([]string, len(v))
	for i, n := range v {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ",")
}

func intsFrom(s string) ([]int, error) {
	if s == "" {
		return nil, nil
	}
	var out []int
	for _, p := range strings.Split(s, ",") {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

func linesText(v []string) string { return strings.Join(v, "\n") }

func linesFrom(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
