package sqldb

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/ims-council/ims"
)

// ImportRules returns the store of import rules. Its List is in key order like every store; rules
// run in ImportRulesInOrder's order.
func (db *DB) ImportRules() Store[ims.ImportRule] {
	return Store[ims.ImportRule]{db, entity[ims.ImportRule]{
		table: table{"import_rules", []string{"code"}, []string{"code", "name", "description", "enabled", "run_order",
			"condition_groups", "actions"}},
		kind: "import rule",
		key:  func(r ims.ImportRule) []any { return []any{r.Code} },
		row: func(_ *DB, r ims.ImportRule) ([]any, error) {
			groups, err := json.Marshal(r.Groups)
			if err != nil {
				return nil, err
			}
			actions, err := json.Marshal(r.Actions)
			if err != nil {
				return nil, err
			}
			return []any{r.Code, r.Name, r.Description, r.Enabled, r.Order, string(groups), string(actions)}, nil
		},
		scan: func(_ *DB, scan func(...any) error) (r ims.ImportRule, err error) {
			var groups, actions string
			if err = scan(&r.Code, &r.Name, &r.Description, &r.Enabled, &r.Order, &groups, &actions); err != nil {
				return r, err
			}
			if err := json.Unmarshal([]byte(groups), &r.Groups); err != nil {
				return r, fmt.Errorf("import rule %s: condition groups: %w", r.Code, err)
			}
			if err := json.Unmarshal([]byte(actions), &r.Actions); err != nil {
				return r, fmt.Errorf("import rule %s: actions: %w", r.Code, err)
			}
			return r, nil
		},
		check: checkImportRule,
		after: func(ctx context.Context, tx *Tx, _ *DB, r ims.ImportRule) error {
			if _, err := tx.ExecContext(ctx, `DELETE FROM import_rule_types WHERE import_rule = $1`, r.Code); err != nil {
				return err
			}
			for _, t := range r.ImportTypes {
				if _, err := tx.ExecContext(ctx, `INSERT INTO import_rule_types (import_rule, import_type) VALUES ($1, $2)`, r.Code, t); err != nil {
					return err
				}
			}
			return nil
		},
		load: func(ctx context.Context, q querier, _ *DB, r *ims.ImportRule) error {
			rows, err := q.QueryContext(ctx, `SELECT import_type FROM import_rule_types WHERE import_rule = $1 ORDER BY import_type`, r.Code)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var t string
				if err := rows.Scan(&t); err != nil {
					return err
				}
				r.ImportTypes = append(r.ImportTypes, t)
			}
			return rows.Err()
		},
	}}
}

// checkImportRule checks that the import types a rule is limited to exist, and the fund and method
// of payment its set_fund and set_mop actions name.
func checkImportRule(ctx context.Context, tx *Tx, _ *DB, r ims.ImportRule) error {
	for i, t := range r.ImportTypes {
		if err := mustExist(ctx, tx, fmt.Sprintf("import_types[%d]", i), "Import type", "import_types", "code", t); err != nil {
			return err
		}
	}
	for i, a := range r.Actions {
		field := fmt.Sprintf("actions[%d].value", i)
		switch a.Kind {
		case ims.RuleSetFund:
			if err := mustExist(ctx, tx, field, "Fund", "funds", "code", a.Value); err != nil {
				return err
			}
		case ims.RuleSetMOP:
			if err := mustExist(ctx, tx, field, "Method of payment", "mops", "code", a.Value); err != nil {
				return err
			}
		}
	}
	return nil
}

// ImportRulesInOrder returns every import rule in the order rules run: by order, then by code (byte
// order, compared here so both engines agree whatever their collation).
func (db *DB) ImportRulesInOrder(ctx context.Context) (_ []ims.ImportRule, err error) {
	defer ims.Wrap(&err, "ImportRulesInOrder")
	rules, err := db.ImportRules().List(ctx)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(rules, func(a, b ims.ImportRule) int {
		return cmp.Or(cmp.Compare(a.Order, b.Order), strings.Compare(a.Code, b.Code))
	})
	return rules, nil
}
