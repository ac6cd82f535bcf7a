package ims

import (
	"bytes"
	"encoding/json"
	"strings"
)

// AuditChange is one field of a record in an audit event, before and after the change.
type AuditChange struct {
	Field   string // a dotted path for fields of nested records: "address.postcode"
	Before  string // "" when the field was absent
	After   string
	Changed bool
}

// AuditDiff lays the before and after records of an audit event ("" when absent, else JSON) side by
// side, one row per field in the order the records list them (before's fields first, then fields only
// after has), so an Auditor sees at a glance what changed. Nested records are flattened to dotted
// paths; lists of plain values read "a, b"; anything else is shown as compact JSON. A record that is
// not a JSON object is one row named "record".
func AuditDiff(before, after string) []AuditChange {
	b, a := flattenRecord(before), flattenRecord(after)
	var rows []AuditChange
	seen := map[string]bool{}
	for _, side := range [][]recordField{b, a} {
		for _, f := range side {
			if seen[f.name] {
				continue
			}
			seen[f.name] = true
			bv, bok := fieldValue(b, f.name)
			av, aok := fieldValue(a, f.name)
			rows = append(rows, AuditChange{Field: f.name, Before: bv, After: av, Changed: bv != av || bok != aok})
		}
	}
	return rows
}

type recordField struct{ name, value string }

func fieldValue(fields []recordField, name string) (string, bool) {
	for _, f := range fields {
		if f.name == name {
			return f.value, true
		}
	}
	return "", false
}

// flattenRecord lists the fields of a JSON object in their order, nested objects as dotted paths.
func flattenRecord(s string) []recordField {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var fields []recordField
	if !flattenInto(&fields, "", json.RawMessage(s)) {
		return []recordField{{"record", s}}
	}
	return fields
}

// flattenInto appends the fields of the JSON object raw under prefix; it reports false when raw is
// not an object.
func flattenInto(fields *[]recordField, prefix string, raw json.RawMessage) bool {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return false
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return false
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return false
		}
		name := prefix + t.(string)
		if !flattenInto(fields, name+".", v) {
			*fields = append(*fields, recordField{name, readableJSON(v)})
		}
	}
	return true
}

// readableJSON shows a JSON value for people: strings without quotes, lists of plain values
// joined with commas, null as nothing, the rest as compact JSON.
func readableJSON(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	var list []any
	if json.Unmarshal(v, &list) == nil {
		parts := make([]string, 0, len(list))
		for _, item := range list {
			switch item := item.(type) {
			case map[string]any, []any:
				return compactJSON(v)
			case string:
				parts = append(parts, item)
			default:
				b, _ := json.Marshal(item)
				parts = append(parts, string(b))
			}
		}
		return strings.Join(parts, ", ")
	}
	if string(bytes.TrimSpace(v)) == "null" {
		return ""
	}
	return compactJSON(v)
}

func compactJSON(v json.RawMessage) string {
	var buf bytes.Buffer
	if json.Compact(&buf, v) != nil {
		return string(v)
	}
	return buf.String()
}
