package sqldb

import (
	"context"
	"database/sql"
	"strings"

	"github.com/ims-council/ims"
)

// InsertUser records a staff account with its password hash, roles, fund groups and methods of
// payment in tx, and returns its id; created is false, and nothing is written, when a user has the
// email already. A fund group or MOP that does not exist is an Invalid error naming the field.
func (tx *Tx) InsertUser(ctx context.Context, u ims.User, passwordHash string) (id int64, created bool, err error) {
	err = tx.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, disabled, created_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (email) DO NOTHING RETURNING id`,
		u.Email, u.Name, passwordHash, u.Disabled, u.CreatedAt).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	u.ID = id
	return id, true, tx.setUserLinks(ctx, u)
}

func (tx *Tx) setUserLinks(ctx context.Context, u ims.User) error {
	for _, r := range u.Roles {
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role) VALUES ($1, $2)`, u.ID, string(r)); err != nil {
			return err
		}
	}
	for _, g := range u.FundGroups {
		if err := mustExist(ctx, tx, "fund_groups", "Fund group", "fund_groups", "code", g); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_fund_groups (user_id, fund_group) VALUES ($1, $2)`, u.ID, g); err != nil {
			return err
		}
	}
	for _, m := range u.MOPs {
		if err := mustExist(ctx, tx, "mops", "Method of payment", "mops", "code", m); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_mops (user_id, mop) VALUES ($1, $2)`, u.ID, m); err != nil {
			return err
		}
	}
	return nil
}

// PrincipalForUser returns the acting principal of a staff account: its id, name and roles.
func (db *DB) PrincipalForUser(ctx context.Context, id int64) (ims.Principal, error) {
	p := ims.Principal{UserID: id}
	if err := db.SQL.QueryRowContext(ctx, `SELECT name FROM users WHERE id = $1`, id).Scan(&p.Name); err != nil {
		return p, err
	}
	rows, err := db.SQL.QueryContext(ctx, `SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role`, id)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	for rows.Next() {
		var r ims.Role
		if err := rows.Scan(&r); err != nil {
			return p, err
		}
		p.Roles = append(p.Roles, r)
	}
	return p, rows.Err()
}

// InsertAPIClient records another system with the lookup prefix and the hash of its token in tx,
// and returns its id; created is false, and nothing is written, when a client has the name already.
func (tx *Tx) InsertAPIClient(ctx context.Context, c ims.APIClient, tokenHash []byte) (id int64, created bool, err error) {
	err = tx.QueryRowContext(ctx, `INSERT INTO api_clients (name, token_prefix, token_hash, scopes, ip_allow, disabled, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (name) DO NOTHING RETURNING id`,
		c.Name, c.TokenPrefix, tokenHash, scopesText(c.Scopes), strings.Join(c.IPAllow, ","), c.Disabled, c.CreatedAt).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, false, nil
	}
	return id, err == nil, err
}

// APIClientByTokenPrefix returns the API client whose token has a lookup prefix, with the token's
// hash, and false when there is none.
func (db *DB) APIClientByTokenPrefix(ctx context.Context, prefix string) (c ims.APIClient, tokenHash []byte, found bool, err error) {
	var scopes, allow string
	err = db.reads().QueryRowContext(ctx, `SELECT id, name, token_prefix, token_hash, scopes, ip_allow, disabled, created_at
		FROM api_clients WHERE token_prefix = $1`, prefix).Scan(&c.ID, &c.Name, &c.TokenPrefix, &tokenHash, &scopes, &allow, &c.Disabled, &c.CreatedAt)
	if err == sql.ErrNoRows {
		return c, nil, false, nil
	}
	if err != nil {
		return c, nil, false, err
	}
	for _, s := range strings.Split(scopes, ",") {
		if s != "" {
			c.Scopes = append(c.Scopes, ims.Scope(s))
		}
	}
	if allow != "" {
		c.IPAllow = strings.Split(allow, ",")
	}
	return c, tokenHash, true, nil
}

func scopesText(scopes []ims.Scope) string {
	s := make([]string, len(scopes))
	for i, v := range scopes {
		s[i] = string(v)
	}
	return strings.Join(s, ",")
}
