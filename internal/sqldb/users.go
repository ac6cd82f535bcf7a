package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth"
)

// CreateUser creates a staff account with a password that meets the password rules. It needs the
// UserAdmin role. The password is stored only as an argon2id hash.
func (db *DB) CreateUser(ctx context.Context, p ims.Principal, u ims.User, password string, params auth.Params) (created ims.User, err error) {
	defer ims.Wrap(&err, "CreateUser(%q)", u.Email)
	if err := p.Require(ims.UserAdmin); err != nil {
		return created, err
	}
	u.Email = ims.NormalizeEmail(u.Email)
	if err := u.Validate(); err != nil {
		return created, err
	}
	if err := auth.CheckPasswordRules(password, u.Email, u.Name); err != nil {
		return created, err
	}
	hash, err := auth.HashPassword(password, params, db.Rand)
	if err != nil {
		return created, err
	}
	u.CreatedAt = db.now()
	err = db.InTx(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, disabled, created_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (email) DO NOTHING RETURNING id`,
			u.Email, u.Name, hash, u.Disabled, u.CreatedAt).Scan(&u.ID)
		if err == sql.ErrNoRows {
			return ims.FieldError("email", "A user with email %s already exists", u.Email)
		}
		if err != nil {
			return err
		}
		if err := db.setUserLinks(ctx, tx, u); err != nil {
			return err
		}
		return db.audit(ctx, tx, p, "create", "user", fmt.Sprint(u.ID), nil, u)
	})
	return u, err
}

func (db *DB) setUserLinks(ctx context.Context, tx *Tx, u ims.User) error {
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

func (db *DB) principalForUser(ctx context.Context, id int64) (ims.Principal, error) {
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

// CreateAPIClient registers another system and returns its secret token, which is shown once: only
// its hash and a short lookup prefix are stored. It needs the UserAdmin role.
func (db *DB) CreateAPIClient(ctx context.Context, p ims.Principal, c ims.APIClient) (created ims.APIClient, token string, err error) {
	defer ims.Wrap(&err, "CreateAPIClient(%q)", c.Name)
	if err := p.Require(ims.UserAdmin); err != nil {
		return created, "", err
	}
	if err := c.Validate(); err != nil {
		return created, "", err
	}
	if token, err = auth.NewToken(db.Rand); err != nil {
		return created, "", err
	}
	c.TokenPrefix, c.CreatedAt = auth.TokenPrefix(token), db.now()
	err = db.InTx(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO api_clients (name, token_prefix, token_hash, scopes, ip_allow, disabled, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (name) DO NOTHING RETURNING id`,
			c.Name, c.TokenPrefix, auth.HashToken(token), scopesText(c.Scopes), strings.Join(c.IPAllow, ","), c.Disabled, c.CreatedAt).Scan(&c.ID)
		if err == sql.ErrNoRows {
			return ims.FieldError("name", "An API client named %s already exists", c.Name)
		}
		if err != nil {
			return err
		}
		return db.audit(ctx, tx, p, "create", "api_client", fmt.Sprint(c.ID), nil, c)
	})
	return c, token, err
}

// AuthenticateToken returns the principal of the API client holding token, or Unauthorized.
func (db *DB) AuthenticateToken(ctx context.Context, token string) (p ims.Principal, c ims.APIClient, err error) {
	defer ims.Wrap(&err, "AuthenticateToken")
	refused := ims.Errorf(ims.Unauthorized, "The API token is missing, wrong or disabled")
	prefix := auth.TokenPrefix(token)
	if prefix == "" {
		return p, c, refused
	}
	var hash []byte
	var scopes, allow string
	err = db.SQL.QueryRowContext(ctx, `SELECT id, name, token_prefix, token_hash, scopes, ip_allow, disabled, created_at
		FROM api_clients WHERE token_prefix = $1`, prefix).Scan(&c.ID, &c.Name, &c.TokenPrefix, &hash, &scopes, &allow, &c.Disabled, &c.CreatedAt)
	if err == sql.ErrNoRows || (err == nil && (c.Disabled || !auth.TokenMatches(token, hash))) {
		return p, c, refused
	}
	if err != nil {
		return p, c, err
	}
	for _, s := range strings.Split(scopes, ",") {
		if s != "" {
			c.Scopes = append(c.Scopes, ims.Scope(s))
		}
	}
	if allow != "" {
		c.IPAllow = strings.Split(allow, ",")
	}
	return ims.Principal{APIClientID: c.ID, Name: c.Name, Scopes: c.Scopes}, c, nil
}

func scopesText(scopes []ims.Scope) string {
	s := make([]string, len(scopes))
	for i, v := range scopes {
		s[i] = string(v)
	}
	return strings.Join(s, ",")
}
