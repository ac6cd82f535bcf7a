package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"slices"

	"github.com/ims-council/ims"
)

// ImportTypes returns the store of import types with their allpay channel → MOP rows.
func (db *DB) ImportTypes() Store[ims.ImportType] {
	return Store[ims.ImportType]{db, entity[ims.ImportType]{
		table: table{"import_types", []string{"code"}, []string{"code", "name", "format", "bank_csv_profile",
			"default_mop", "default_office", "fund", "drop_folder", "disabled"}},
		kind: "import type",
		key:  func(t ims.ImportType) []any { return []any{t.Code} },
		row: func(_ *DB, t ims.ImportType) ([]any, error) {
			return []any{t.Code, t.Name, t.Format, t.BankCSVProfile, t.DefaultMOP, t.DefaultOffice,
				nullString(t.Fund), t.DropFolder, t.Disabled}, nil
		},
		scan: func(_ *DB, scan func(...any) error) (t ims.ImportType, err error) {
			var fund sql.NullString
			err = scan(&t.Code, &t.Name, &t.Format, &t.BankCSVProfile, &t.DefaultMOP, &t.DefaultOffice, &fund,
				&t.DropFolder, &t.Disabled)
			t.Fund = fund.String
			return t, err
		},
		check: checkImportType,
		after: func(ctx context.Context, tx *Tx, _ *DB, t ims.ImportType) error {
			if _, err := tx.ExecContext(ctx, `DELETE FROM import_type_channels WHERE import_type = $1`, t.Code); err != nil {
				return err
			}
			for _, ch := range slices.Sorted(maps.Keys(t.ChannelMOPs)) {
				if _, err := tx.ExecContext(ctx, `INSERT INTO import_type_channels (import_type, channel, mop) VALUES ($1, $2, $3)`,
					t.Code, ch, t.ChannelMOPs[ch]); err != nil {
					return err
				}
			}
			return nil
		},
		load: func(ctx context.Context, q querier, _ *DB, t *ims.ImportType) error {
			rows, err := q.QueryContext(ctx, `SELECT channel, mop FROM import_type_channels WHERE import_type = $1`, t.Code)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var ch, mop string
				if err := rows.Scan(&ch, &mop); err != nil {
					return err
				}
				if t.ChannelMOPs == nil {
					t.ChannelMOPs = map[string]string{}
				}
				t.ChannelMOPs[ch] = mop
			}
			return rows.Err()
		},
	}}
}

// checkImportType checks what the import type names exists: its methods of payment, office and fund,
// and that no other type watches its drop folder.
func checkImportType(ctx context.Context, tx *Tx, _ *DB, t ims.ImportType) error {
	if err := mustExist(ctx, tx, "default_mop", "Method of payment", "mops", "code", t.DefaultMOP); err != nil {
		return err
	}
	if err := mustExist(ctx, tx, "default_office", "Office", "offices", "code", t.DefaultOffice); err != nil {
		return err
	}
	if t.Fund != "" {
		if err := mustExist(ctx, tx, "fund", "Fund", "funds", "code", t.Fund); err != nil {
			return err
		}
	}
	for _, ch := range slices.Sorted(maps.Keys(t.ChannelMOPs)) {
		if err := mustExist(ctx, tx, "channel_mops", "Method of payment", "mops", "code", t.ChannelMOPs[ch]); err != nil {
			if ims.ErrorCode(err) == ims.Invalid {
				return ims.FieldError("channel_mops", "Channel %s: method of payment %s does not exist", ch, t.ChannelMOPs[ch])
			}
			return err
		}
	}
	if t.DropFolder != "" {
		var other string
		err := tx.QueryRowContext(ctx, `SELECT code FROM import_types WHERE drop_folder = $1 AND code <> $2`,
			t.DropFolder, t.Code).Scan(&other)
		switch {
		case err == nil:
			return ims.FieldError("drop_folder", "Import type %s already watches drop folder %s", other, t.DropFolder)
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
	}
	return nil
}
