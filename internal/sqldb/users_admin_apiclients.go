package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/ims-council/ims"
)

const apiClientColumns = `id, name, token_prefix, scopes, ip_allow, disabled, created_at`

// APIClients returns every API client with its fund groups, by name.
func (db *DB) APIClients(ctx context.Context) (list []ims.APIClient, err error) {
	defer ims.Wrap(&err, "APIClients")
	rows, err := db.SQL.QueryContext(ctx, `SELECT `+apiClientColumns+` FROM api_clients ORDER BY LOWER(name), id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanAPIClient(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].FundGroups, err = apiClientFundGroups(ctx, db.SQL, list[i].ID); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// APIClientByID returns the API client id with its fund groups, or a NotFound error.
func (db *DB) APIClientByID(ctx context.Context, id int64) (ims.APIClient, error) {
	return apiClientByID(ctx, db.SQL, id)
}

// APIClientByID is DB.APIClientByID inside tx, for a change that compares before with after.
func (tx *Tx) APIClientByID(ctx context.Context, id int64) (ims.APIClient, error) {
	return apiClientByID(ctx, tx, id)
}

func apiClientByID(ctx context.Context, q querier, id int64) (c ims.APIClient, err error) {
	c, err = scanAPIClient(q.QueryRowContext(ctx, `SELECT `+apiClientColumns+` FROM api_clients WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, ims.Errorf(ims.NotFound, "There is no API client %d", id)
	}
	if err != nil {
		return c, err
	}
	c.FundGroups, err = apiClientFundGroups(ctx, q, id)
	return c, err
}

func scanAPIClient(r rowScanner) (c ims.APIClient, err error) {
	var scopes, allow string
	if err := r.Scan(&c.ID, &c.Name, &c.TokenPrefix, &scopes, &allow, &c.Disabled, &c.CreatedAt); err != nil {
		return c, err
	}
	for _, s := range strings.Split(scopes, ",") {
		if s != "" {
			c.Scopes = append(c.Scopes, ims.Scope(s))
		}
	}
	if allow != "" {
		c.IPAllow = strings.Split(allow, ",")
	}
	return c, nil
}

func apiClientFundGroups(ctx context.Context, q querier, id int64) ([]string, error) {
	return strings1(ctx, q, `SELECT fund_group FROM api_client_fund_groups WHERE api_client_id = $1 ORDER BY fund_group`, id)
}

// UpdateAPIClient writes an API client's scopes, IP allow-list, fund groups and whether it is
// disabled in tx. A fund group that does not exist is an Invalid error on the field "fund_groups".
func (tx *Tx) UpdateAPIClient(ctx context.Context, c ims.APIClient) error {
	if _, err := tx.ExecContext(ctx, `UPDATE api_clients SET scopes = $1, ip_allow = $2, disabled = $3 WHERE id = $4`,
		scopesText(c.Scopes), strings.Join(c.IPAllow, ","), c.Disabled, c.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM api_client_fund_groups WHERE api_client_id = $1`, c.ID); err != nil {
		return err
	}
	return tx.SetAPIClientFundGroups(ctx, c.ID, c.FundGroups)
}

// SetAPIClientFundGroups adds fund groups to a new API client in tx. A fund group that does not
// exist is an Invalid error on the field "fund_groups".
func (tx *Tx) SetAPIClientFundGroups(ctx context.Context, id int64, groups []string) error {
	for _, g := range groups {
		if err := mustExist(ctx, tx, "fund_groups", "Fund group", "fund_groups", "code", g); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO api_client_fund_groups (api_client_id, fund_group) VALUES ($1, $2)`, id, g); err != nil {
			return err
		}
	}
	return nil
}

// APIClientFunds returns the codes of the funds in an API client's fund groups, and whether it has
// any fund group at all: a client with none is not limited by fund groups (ims.Principal.AllFunds).
// One query, since every API request asks it.
func (db *DB) APIClientFunds(ctx context.Context, id int64) (funds []string, hasGroups bool, err error) {
	rows, err := db.reads().QueryContext(ctx, `SELECT g.fund_group, COALESCE(f.fund, '') FROM api_client_fund_groups g
		LEFT JOIN fund_group_funds f ON f.fund_group = g.fund_group WHERE g.api_client_id = $1 ORDER BY f.fund`, id)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	for rows.Next() {
		var group, fund string
		if err := rows.Scan(&group, &fund); err != nil {
			return nil, false, err
		}
		hasGroups = true
		if fund != "" {
			funds = append(funds, fund)
		}
	}
	return funds, hasGroups, rows.Err()
}
