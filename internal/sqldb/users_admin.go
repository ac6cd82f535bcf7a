package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
)

// A UserFilter chooses the staff accounts a user administrator lists. Zero fields choose all.
type UserFilter struct {
	Text     string   // part of the name or email, in any case
	Role     ims.Role // only users holding this role
	Disabled *bool    // only disabled (true) or enabled (false) users
}

// ListUsers returns one page of the staff accounts f chooses, sorted by name (then id, so a page
// boundary is stable), with their roles, fund groups and methods of payment, and how many accounts
// f chooses in all. offset and limit pick the page.
func (db *DB) ListUsers(ctx context.Context, f UserFilter, offset, limit int) (list []ims.User, total int, err error) {
	defer ims.Wrap(&err, "ListUsers")
	where, args := []string{"TRUE"}, []any{}
	if t := strings.TrimSpace(f.Text); t != "" {
		args = append(args, "%"+likeEscaper.Replace(strings.ToLower(t))+"%")
		where = append(where, `(LOWER(name) LIKE $1 ESCAPE '\' OR email LIKE $1 ESCAPE '\')`)
	}
	if f.Role != "" {
		args = append(args, string(f.Role))
		where = append(where, "EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = users.id AND r.role = $"+strconv.Itoa(len(args))+")")
	}
	if f.Disabled != nil {
		args = append(args, *f.Disabled)
		where = append(where, "disabled = $"+strconv.Itoa(len(args)))
	}
	cond := strings.Join(where, " AND ")
	if err := db.SQL.QueryRowContext(ctx, "SELECT COUNT(*) FROM users WHERE "+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	args = append(args, limit, offset)
	rows, err := db.SQL.QueryContext(ctx, `SELECT id, email, name, disabled, created_at, last_login FROM users WHERE `+cond+
		` ORDER BY LOWER(name), id LIMIT $`+strconv.Itoa(len(args)-1)+` OFFSET $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, err
		}
		list = append(list, u)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	for i := range list {
		if err := readUserLinksQ(ctx, db.SQL, &list[i]); err != nil {
			return nil, 0, err
		}
	}
	return list, total, nil
}

// likeEscaper escapes the characters LIKE treats specially, so a search for "50%" finds "50%".
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// UserByID returns the staff account id with its roles, fund groups and methods of payment, or a
// NotFound error.
func (db *DB) UserByID(ctx context.Context, id int64) (ims.User, error) {
	return userByID(ctx, db.SQL, id)
}

// UserByID is DB.UserByID inside tx, for a change that compares before with after.
func (tx *Tx) UserByID(ctx context.Context, id int64) (ims.User, error) {
	return userByID(ctx, tx, id)
}

func userByID(ctx context.Context, q querier, id int64) (u ims.User, err error) {
	u, err = scanUser(q.QueryRowContext(ctx, `SELECT id, email, name, disabled, created_at, last_login FROM users WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, ims.Errorf(ims.NotFound, "There is no user %d", id)
	}
	if err != nil {
		return u, err
	}
	return u, readUserLinksQ(ctx, q, &u)
}

type rowScanner interface{ Scan(dest ...any) error }

func scanUser(r rowScanner) (u ims.User, err error) {
	var last sql.NullTime
	if err := r.Scan(&u.ID, &u.Email, &u.Name, &u.Disabled, &u.CreatedAt, &last); err != nil {
		return u, err
	}
	if last.Valid {
		u.LastLogin = last.Time
	}
	return u, nil
}

// readUserLinksQ fills in a user's roles (in the order of ims.AllRoles), fund groups and methods of
// payment (by code).
func readUserLinksQ(ctx context.Context, q querier, u *ims.User) error {
	held, err := strings1(ctx, q, `SELECT role FROM user_roles WHERE user_id = $1`, u.ID)
	if err != nil {
		return err
	}
	u.Roles = nil
	for _, r := range ims.AllRoles() {
		for _, h := range held {
			if string(r) == h {
				u.Roles = append(u.Roles, r)
			}
		}
	}
	if u.FundGroups, err = strings1(ctx, q, `SELECT fund_group FROM user_fund_groups WHERE user_id = $1 ORDER BY fund_group`, u.ID); err != nil {
		return err
	}
	u.MOPs, err = strings1(ctx, q, `SELECT mop FROM user_mops WHERE user_id = $1 ORDER BY mop`, u.ID)
	return err
}

// strings1 returns the one text column of the rows a query gives.
func strings1(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// UpdateUser writes a staff account's name, email, roles, fund groups and methods of payment in
// tx. An email another account has is an Invalid error on the field "email"; a fund group or
// method of payment that does not exist, one on its field.
func (tx *Tx) UpdateUser(ctx context.Context, u ims.User) error {
	var owner int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE email = $1`, u.Email).Scan(&owner)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if err == nil && owner != u.ID {
		return ims.FieldError("email", "Another user has the email %s", u.Email)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET name = $1, email = $2 WHERE id = $3`, u.Name, u.Email, u.ID); err != nil {
		return err
	}
	for _, table := range []string{"user_roles", "user_fund_groups", "user_mops"} {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE user_id = $1", u.ID); err != nil {
			return err
		}
	}
	return tx.setUserLinks(ctx, u)
}

// SetUserDisabled disables or enables a staff account in tx. Enabling also clears the count of
// failed sign-ins, so an account disabled while locked starts afresh.
func (tx *Tx) SetUserDisabled(ctx context.Context, id int64, disabled bool) error {
	q := `UPDATE users SET disabled = $1 WHERE id = $2`
	if !disabled {
		q = `UPDATE users SET disabled = $1, failed_logins = 0 WHERE id = $2`
	}
	_, err := tx.ExecContext(ctx, q, disabled, id)
	return err
}

// SetPasswordHash replaces a staff account's password hash in tx and clears its count of failed
// sign-ins: the old password stops working at once.
func (tx *Tx) SetPasswordHash(ctx context.Context, id int64, hash string) error {
	_, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, failed_logins = 0 WHERE id = $2`, hash, id)
	return err
}

// UserHasTOTP reports whether a staff account has a TOTP second factor set up.
func (db *DB) UserHasTOTP(ctx context.Context, id int64) (bool, error) {
	var has bool
	err := db.SQL.QueryRowContext(ctx, `SELECT totp_secret IS NOT NULL FROM users WHERE id = $1`, id).Scan(&has)
	return has, err
}
