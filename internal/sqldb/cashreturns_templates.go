package sqldb

import (
	"context"
	"strconv"

	"github.com/ims-council/ims"
)

// CashReturnTemplates returns the store of cash return templates with their lines (SPEC §9).
func (db *DB) CashReturnTemplates() Store[ims.CashReturnTemplate] {
	return Store[ims.CashReturnTemplate]{db, entity[ims.CashReturnTemplate]{
		table: table{"cash_return_templates", []string{"code"}, []string{"code", "name", "office", "cash", "cheque",
			"card_terminal", "disabled"}},
		kind:  "cash return template",
		key:   func(t ims.CashReturnTemplate) []any { return []any{t.Code} },
		inUse: `SELECT 1 FROM cash_returns WHERE template = $1 LIMIT 1`,
		row: func(_ *DB, t ims.CashReturnTemplate) ([]any, error) {
			return []any{t.Code, t.Name, t.Office, t.Cash, t.Cheque, t.CardTerminal, t.Disabled}, nil
		},
		scan: func(_ *DB, scan func(...any) error) (t ims.CashReturnTemplate, err error) {
			err = scan(&t.Code, &t.Name, &t.Office, &t.Cash, &t.Cheque, &t.CardTerminal, &t.Disabled)
			return t, err
		},
		check: checkCashReturnTemplate,
		after: func(ctx context.Context, tx *Tx, _ *DB, t ims.CashReturnTemplate) error {
			if _, err := tx.ExecContext(ctx, `DELETE FROM cash_return_template_lines WHERE template = $1`, t.Code); err != nil {
				return err
			}
			for i, l := range t.Lines {
				if _, err := tx.ExecContext(ctx, `INSERT INTO cash_return_template_lines (template, line, fund, reference, description,
					vat_code, override_reference, override_description, override_vat) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
					t.Code, i, nullString(l.Fund), l.Reference, l.Description, nullString(l.VATCode), l.OverrideReference,
					l.OverrideDescription, l.OverrideVAT); err != nil {
					return err
				}
			}
			return nil
		},
		load: func(ctx context.Context, q querier, _ *DB, t *ims.CashReturnTemplate) error {
			rows, err := q.QueryContext(ctx, `SELECT COALESCE(fund, ''), reference, description, COALESCE(vat_code, ''),
				override_reference, override_description, override_vat FROM cash_return_template_lines WHERE template = $1
				ORDER BY line`, t.Code)
			if err != nil {
				return err
			}
			defer rows.Close()
			t.Lines = []ims.CashReturnTemplateLine{}
			for rows.Next() {
				var l ims.CashReturnTemplateLine
				if err := rows.Scan(&l.Fund, &l.Reference, &l.Description, &l.VATCode, &l.OverrideReference,
					&l.OverrideDescription, &l.OverrideVAT); err != nil {
					return err
				}
				t.Lines = append(t.Lines, l)
			}
			return rows.Err()
		},
	}}
}

// checkCashReturnTemplate checks that what the template names exists: its office, and each line's
// fund and VAT code.
func checkCashReturnTemplate(ctx context.Context, tx *Tx, _ *DB, t ims.CashReturnTemplate) error {
	if err := mustExist(ctx, tx, "office", "Office", "offices", "code", t.Office); err != nil {
		return err
	}
	for i, l := range t.Lines {
		if l.Fund != "" {
			if err := mustExist(ctx, tx, "lines["+strconv.Itoa(i)+"].fund_code", "Fund", "funds", "code", l.Fund); err != nil {
				return err
			}
		}
		if l.VATCode != "" {
			if err := mustExist(ctx, tx, "lines["+strconv.Itoa(i)+"].vat_code", "VAT code", "vat_codes", "code", l.VATCode); err != nil {
				return err
			}
		}
	}
	return nil
}

// CashReturnTemplateUsers returns the ids of the users given template code.
func (db *DB) CashReturnTemplateUsers(ctx context.Context, code string) ([]int64, error) {
	return queryInt64s(ctx, db.SQL, `SELECT user_id FROM cash_return_template_users WHERE template = $1 ORDER BY user_id`, code)
}

// UserCashReturnTemplates returns the codes of the templates a user is given, in code order.
func (db *DB) UserCashReturnTemplates(ctx context.Context, userID int64) ([]string, error) {
	rows, err := db.SQL.QueryContext(ctx, `SELECT template FROM cash_return_template_users WHERE user_id = $1 ORDER BY template`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SetCashReturnTemplateUsers gives template code to exactly the users of ids in tx, and returns the
// ids it was given to before, for the audit trail.
func (tx *Tx) SetCashReturnTemplateUsers(ctx context.Context, code string, ids []int64) (before []int64, err error) {
	if before, err = queryInt64s(ctx, tx, `SELECT user_id FROM cash_return_template_users WHERE template = $1 ORDER BY user_id`, code); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM cash_return_template_users WHERE template = $1`, code); err != nil {
		return nil, err
	}
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `INSERT INTO cash_return_template_users (user_id, template) VALUES ($1, $2)
			ON CONFLICT DO NOTHING`, id, code); err != nil {
			return nil, tx.owner.classify(err)
		}
	}
	return before, nil
}
