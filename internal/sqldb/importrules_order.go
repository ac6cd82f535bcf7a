package sqldb

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/ims-council/ims"
)

// MoveImportRule moves the rule code one place earlier (by -1) or later (by +1) in the order rules
// run, and numbers the rules 10, 20, 30… in their new order, so that rules sharing an order (run by
// code) can be told apart. Only rules whose order changes are written, each audited as p's change.
// The rules are read and written in one transaction, which holds the audit chain's head, so an
// edit of a rule made meanwhile is not overwritten. Moving the first rule earlier or the last later
// changes nothing. It checks no role: the reference data service decides who may.
func (db *DB) MoveImportRule(ctx context.Context, p ims.Principal, code string, by int) (err error) {
	defer ims.Wrap(&err, "MoveImportRule(%q, %d)", code, by)
	s := db.ImportRules()
	return db.InTx(ctx, func(tx *Tx) error {
		rules, err := s.list(ctx, tx, "")
		if err != nil {
			return err
		}
		slices.SortFunc(rules, func(a, b ims.ImportRule) int {
			return cmp.Or(cmp.Compare(a.Order, b.Order), strings.Compare(a.Code, b.Code))
		})
		i := slices.IndexFunc(rules, func(r ims.ImportRule) bool { return r.Code == code })
		if i < 0 {
			return ims.Errorf(ims.NotFound, "Import rule %s does not exist", code)
		}
		j := i + by
		if j < 0 || j >= len(rules) {
			return nil
		}
		rules[i], rules[j] = rules[j], rules[i]
		for k := range rules {
			if order := (k + 1) * 10; rules[k].Order != order {
				rules[k].Order = order
				if err := s.put(ctx, tx, p, rules[k]); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
