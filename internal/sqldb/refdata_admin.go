package sqldb

import (
	"context"
	"database/sql"
	"errors"

	"github.com/ims-council/ims"
)

// Create adds a new record, audited as p's; a record with the same key is a Conflict rather than
// being replaced, so an administrator filling in a "new" form cannot overwrite one by mistake. The
// existence check and the write share one transaction, which holds the audit chain's head, so two
// administrators creating the same code cannot both succeed.
func (s Store[T]) Create(ctx context.Context, p ims.Principal, v T) (err error) {
	defer ims.Wrap(&err, "Create %s", s.e.kind)
	return s.db.InTx(ctx, func(tx *Tx) error {
		if err := v.Validate(); err != nil {
			return err // the form's own mistakes first, before saying the code is taken
		}
		_, found, err := s.get(ctx, tx, s.e.key(v)...)
		if err != nil {
			return err
		}
		if found {
			return ims.FieldError(s.e.table.key[0], "%s %s already exists", capitalise(s.e.kind), keyText(s.e.key(v)))
		}
		return s.put(ctx, tx, p, v)
	})
}

// Update replaces an existing record, audited as p's before → after; a missing one is NotFound
// rather than being created, so an edit of a record deleted meanwhile does not bring it back.
func (s Store[T]) Update(ctx context.Context, p ims.Principal, v T) (err error) {
	defer ims.Wrap(&err, "Update %s", s.e.kind)
	return s.db.InTx(ctx, func(tx *Tx) error {
		_, found, err := s.get(ctx, tx, s.e.key(v)...)
		if err != nil {
			return err
		}
		if !found {
			return ims.Errorf(ims.NotFound, "%s %s does not exist", capitalise(s.e.kind), keyText(s.e.key(v)))
		}
		return s.put(ctx, tx, p, v)
	})
}

// use is one kind of record that may refer to a reference data record: what it is called in a
// sentence, and a query returning a row when one refers to key $1.
type use struct{ what, query string }

// usesOf lists what may refer to a record of the reference data table: the ledger, payments and
// other records. Deleting a record any of them uses is refused.
func usesOf(table string) []use {
	switch table {
	case "funds":
		return []use{{"ledger entries", `SELECT 1 FROM ledger_entries WHERE fund = $1 LIMIT 1`},
			{"payments", `SELECT 1 FROM pending_payment_lines WHERE fund = $1 LIMIT 1`},
			{"account holders", `SELECT 1 FROM account_holders WHERE fund = $1 LIMIT 1`},
			{"fund groups", `SELECT 1 FROM fund_group_funds WHERE fund = $1 LIMIT 1`},
			{"fund messages", `SELECT 1 FROM fund_messages WHERE fund = $1 LIMIT 1`},
			{"methods of payment (as their fee fund)", `SELECT 1 FROM mops WHERE fee_fund = $1 LIMIT 1`},
			{"import types", `SELECT 1 FROM import_types WHERE fund = $1 LIMIT 1`}}
	case "mops":
		return []use{{"ledger entries", `SELECT 1 FROM ledger_entries WHERE mop = $1 LIMIT 1`},
			{"payments", `SELECT 1 FROM pending_payments WHERE mop = $1 LIMIT 1`},
			{"users", `SELECT 1 FROM user_mops WHERE mop = $1 LIMIT 1`},
			{"import types", `SELECT 1 FROM import_types WHERE default_mop = $1 UNION ALL SELECT 1 FROM import_type_channels WHERE mop = $1 LIMIT 1`}}
	case "vat_codes":
		return []use{{"ledger entries", `SELECT 1 FROM ledger_entries WHERE vat_code = $1 LIMIT 1`},
			{"funds", `SELECT 1 FROM funds WHERE vat_code = $1 LIMIT 1`}}
	case "offices":
		return []use{{"ledger entries", `SELECT 1 FROM ledger_entries WHERE office = $1 LIMIT 1`},
			{"postings", `SELECT 1 FROM postings WHERE office = $1 LIMIT 1`},
			{"payments", `SELECT 1 FROM pending_payments WHERE office = $1 LIMIT 1`},
			{"import types", `SELECT 1 FROM import_types WHERE default_office = $1 LIMIT 1`}}
	case "fund_groups":
		return []use{{"users", `SELECT 1 FROM user_fund_groups WHERE fund_group = $1 LIMIT 1`},
			{"API clients", `SELECT 1 FROM api_client_fund_groups WHERE fund_group = $1 LIMIT 1`}}
	case "check_digit_schemes":
		return []use{{"reference validators", `SELECT 1 FROM reference_validators WHERE check_digit_scheme = $1 LIMIT 1`}}
	case "fund_messages":
		return []use{{"account holders", `SELECT 1 FROM account_holders WHERE fund = $1 AND stop_message = $2 LIMIT 1`}}
	case "reference_validators":
		return []use{{"funds", `SELECT 1 FROM funds WHERE validator = $1 LIMIT 1`}}
	case "import_types":
		return []use{{"import rules", `SELECT 1 FROM import_rule_types WHERE import_type = $1 LIMIT 1`}}
	case "provider_accounts":
		return []use{{"payments", `SELECT 1 FROM pending_payments WHERE provider_account = $1 LIMIT 1`},
			{"methods of payment", `SELECT 1 FROM mops WHERE provider_account = $1 LIMIT 1`}}
	}
	return nil
}

// Uses returns what refers to the record with key, in the words of a sentence ("ledger entries",
// "account holders"), or none when it can be deleted.
func (s Store[T]) Uses(ctx context.Context, key ...any) (what []string, err error) {
	defer ims.Wrap(&err, "Uses of %s %s", s.e.kind, keyText(key))
	for _, u := range usesOf(s.e.table.name) {
		var one int
		err := s.db.SQL.QueryRowContext(ctx, u.query, key...).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, err
		}
		what = append(what, u.what)
	}
	return what, nil
}
