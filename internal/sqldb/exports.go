package sqldb

import (
	"context"
	"encoding/json"

	"github.com/ims-council/ims"
)

// ExportTargets returns the store of export targets (ADR 33). A target that has written a batch
// cannot be deleted, only disabled: its batches stay, to be sent again.
func (db *DB) ExportTargets() Store[ims.ExportTarget] {
	return Store[ims.ExportTarget]{db, entity[ims.ExportTarget]{
		table: table{"export_targets", []string{"code"}, []string{"code", "name", "kind", "funds", "control_codes",
			"default_control", "file_prefix", "layout", "disabled"}},
		kind: "export target",
		key:  func(t ims.ExportTarget) []any { return []any{t.Code} },
		row: func(_ *DB, t ims.ExportTarget) ([]any, error) {
			layout, err := json.Marshal(t.Layout)
			if err != nil {
				return nil, err
			}
			return []any{t.Code, t.Name, string(t.Kind), jsonText(t.Funds), jsonText(t.ControlCodes), t.DefaultControl,
				t.FilePrefix, string(layout), t.Disabled}, nil
		},
		scan: func(_ *DB, scan func(...any) error) (t ims.ExportTarget, err error) {
			var funds, controls, layout string
			if err = scan(&t.Code, &t.Name, &t.Kind, &funds, &controls, &t.DefaultControl, &t.FilePrefix, &layout,
				&t.Disabled); err != nil {
				return t, err
			}
			if err = json.Unmarshal([]byte(funds), &t.Funds); err != nil {
				return t, err
			}
			if t.ControlCodes, err = metadataFrom(controls); err != nil {
				return t, err
			}
			return t, json.Unmarshal([]byte(layout), &t.Layout)
		},
		check: func(ctx context.Context, tx *Tx, _ *DB, t ims.ExportTarget) error {
			for _, f := range t.Funds {
				if err := mustExist(ctx, tx, "funds", "Fund", "funds", "code", f); err != nil {
					return err
				}
			}
			return nil
		},
		inUse: `SELECT 1 FROM export_batches WHERE target = $1 LIMIT 1`,
	}}
}
