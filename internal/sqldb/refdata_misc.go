package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/ims-council/ims"
)

// Offices returns the store of offices.
func (db *DB) Offices() Store[ims.Office] {
	return Store[ims.Office]{db, entity[ims.Office]{
		table: table{"offices", []string{"code"}, []string{"code", "name", "disabled"}},
		kind:  "office",
		key:   func(o ims.Office) []any { return []any{o.Code} },
		inUse: `SELECT 1 FROM ledger_entries WHERE office = $1 UNION ALL SELECT 1 FROM pending_payments WHERE office = $1 LIMIT 1`,
		row:   func(_ *DB, o ims.Office) ([]any, error) { return []any{o.Code, o.Name, o.Disabled}, nil },
		scan: func(_ *DB, scan func(...any) error) (o ims.Office, err error) {
			err = scan(&o.Code, &o.Name, &o.Disabled)
			return o, err
		},
	}}
}

// FundGroups returns the store of fund groups with their member funds.
func (db *DB) FundGroups() Store[ims.FundGroup] {
	return Store[ims.FundGroup]{db, entity[ims.FundGroup]{
		table: table{"fund_groups", []string{"code"}, []string{"code", "name"}},
		kind:  "fund group",
		key:   func(g ims.FundGroup) []any { return []any{g.Code} },
		row:   func(_ *DB, g ims.FundGroup) ([]any, error) { return []any{g.Code, g.Name}, nil },
		scan: func(_ *DB, scan func(...any) error) (g ims.FundGroup, err error) {
			err = scan(&g.Code, &g.Name)
			return g, err
		},
		check: func(ctx context.Context, tx *Tx, _ *DB, g ims.FundGroup) error {
			for _, f := range g.Funds {
				if err := mustExist(ctx, tx, "funds", "Fund", "funds", "code", f); err != nil {
					return err
				}
			}
			return nil
		},
		after: func(ctx context.Context, tx *Tx, _ *DB, g ims.FundGroup) error {
			if _, err := tx.ExecContext(ctx, `DELETE FROM fund_group_funds WHERE fund_group = $1`, g.Code); err != nil {
				return err
			}
			for _, f := range g.Funds {
				if _, err := tx.ExecContext(ctx, `INSERT INTO fund_group_funds (fund_group, fund) VALUES ($1, $2)`, g.Code, f); err != nil {
					return err
				}
			}
			return nil
		},
		load: func(ctx context.Context, q querier, _ *DB, g *ims.FundGroup) error {
			g.Funds = []string{}
			rows, err := q.QueryContext(ctx, `SELECT fund FROM fund_group_funds WHERE fund_group = $1 ORDER BY fund`, g.Code)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var f string
				if err := rows.Scan(&f); err != nil {
					return err
				}
				g.Funds = append(g.Funds, f)
			}
			return rows.Err()
		},
	}}
}

// FundMessages returns the store of fund (stop) messages.
func (db *DB) FundMessages() Store[ims.FundMessage] {
	return Store[ims.FundMessage]{db, entity[ims.FundMessage]{
		table: table{"fund_messages", []string{"fund", "code"}, []string{"fund", "code", "text", "text_public", "text_public_cy"}},
		kind:  "fund message",
		key:   func(m ims.FundMessage) []any { return []any{m.Fund, m.Code} },
		row: func(_ *DB, m ims.FundMessage) ([]any, error) {
			return []any{m.Fund, m.Code, m.Text, m.TextPublic, m.TextPublicCy}, nil
		},
		scan: func(_ *DB, scan func(...any) error) (m ims.FundMessage, err error) {
			err = scan(&m.Fund, &m.Code, &m.Text, &m.TextPublic, &m.TextPublicCy)
			return m, err
		},
		check: func(ctx context.Context, tx *Tx, _ *DB, m ims.FundMessage) error {
			return mustExist(ctx, tx, "fund_code", "Fund", "funds", "code", m.Fund)
		},
	}}
}

// MetadataKeys returns the store of custom metadata keys.
func (db *DB) MetadataKeys() Store[ims.MetadataKey] {
	return Store[ims.MetadataKey]{db, entity[ims.MetadataKey]{
		table: table{"metadata_keys", []string{"entity", "key"}, []string{"entity", "key", "label"}},
		kind:  "metadata key",
		key:   func(k ims.MetadataKey) []any { return []any{k.Entity, k.Key} },
		row:   func(_ *DB, k ims.MetadataKey) ([]any, error) { return []any{k.Entity, k.Key, k.Label}, nil },
		scan: func(_ *DB, scan func(...any) error) (k ims.MetadataKey, err error) {
			err = scan(&k.Entity, &k.Key, &k.Label)
			return k, err
		},
	}}
}

// SystemMessages returns the store of system messages.
func (db *DB) SystemMessages() Store[ims.SystemMessage] {
	return Store[ims.SystemMessage]{db, entity[ims.SystemMessage]{
		table: table{"system_messages", []string{"id"}, []string{"id", "severity", "text", "public", "starts", "ends"}},
		kind:  "system message",
		key:   func(m ims.SystemMessage) []any { return []any{m.ID} },
		row: func(_ *DB, m ims.SystemMessage) ([]any, error) {
			ends := sql.NullTime{Time: m.Ends, Valid: !m.Ends.IsZero()}
			return []any{m.ID, m.Severity, m.Text, m.Public, m.Starts, ends}, nil
		},
		scan: func(_ *DB, scan func(...any) error) (m ims.SystemMessage, err error) {
			var ends sql.NullTime
			err = scan(&m.ID, &m.Severity, &m.Text, &m.Public, &m.Starts, &ends)
			m.Ends = ends.Time
			return m, err
		},
		check: func(ctx context.Context, tx *Tx, _ *DB, m ims.SystemMessage) error {
			if m.ID <= 0 {
				return ims.FieldError("id", "Give the message a positive id")
			}
			return nil
		},
	}}
}

// Organisation returns the council's details for receipts; an empty record before any are set.
func (db *DB) Organisation(ctx context.Context) (ims.Organisation, error) {
	return readOrganisation(ctx, db.SQL)
}

// organisationIn returns the council's details as tx sees them: in a ledger batch, through the
// writer's cache, which the reference data version keeps current (migration 00032, ADR 37), since
// a receipt is composed while the batch holds the chain heads.
func (db *DB) organisationIn(ctx context.Context, tx *Tx) (ims.Organisation, error) {
	if tx.org != nil && tx.org.read {
		return tx.org.org, nil
	}
	o, err := readOrganisation(ctx, tx)
	if err == nil && tx.org != nil {
		tx.org.org, tx.org.read = o, true
	}
	return o, err
}

func readOrganisation(ctx context.Context, q querier) (ims.Organisation, error) {
	var body string
	var o ims.Organisation
	err := q.QueryRowContext(ctx, `SELECT body FROM organisation WHERE id = 1`).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return o, nil
	}
	if err != nil {
		return o, err
	}
	return o, json.Unmarshal([]byte(body), &o)
}

// SetOrganisation replaces the council's details, audited as p's change. It checks no role: the
// reference data service (internal/refdata) decides who may.
func (db *DB) SetOrganisation(ctx context.Context, p ims.Principal, o ims.Organisation) (err error) {
	defer ims.Wrap(&err, "SetOrganisation")
	return db.InTx(ctx, func(tx *Tx) error { return db.setOrganisation(ctx, tx, p, o) })
}

func (db *DB) setOrganisation(ctx context.Context, tx *Tx, p ims.Principal, o ims.Organisation) error {
	if err := o.Validate(); err != nil {
		return err
	}
	before, err := db.Organisation(ctx)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO organisation (id, body) VALUES (1, $1)
		ON CONFLICT (id) DO UPDATE SET body = excluded.body`, jsonText(o))
	if err != nil {
		return err
	}
	return db.audit(ctx, tx, p, "update", "organisation", "1", before, o)
}
