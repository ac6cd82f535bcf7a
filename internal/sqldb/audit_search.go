package sqldb

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ims-council/ims"
)

// AuditSearch narrows a search of the audit trail. Every field set narrows it; results are newest
// first.
type AuditSearch struct {
	ID int64 // one event
	// Who is "system", an actor ("user:12", "apiclient:3"), a bare id (the user or API client with
	// it), or else part of a user's name or email or of an API client's name, in any case.
	Who      string
	Action   string
	Entity   string
	EntityID string
	Text     string    // part of the before or after record, in any case
	From     time.Time // events at or after this instant
	Until    time.Time // events before this instant
	Before   int64     // events with a smaller id (the cursor)
	Limit    int       // 100 when zero, at most 1000
}

// SearchAudit returns the audit events matching f, newest first, each with the name of who acted.
// It checks no role: who may search the trail is the ledger service's decision.
func (db *DB) SearchAudit(ctx context.Context, f AuditSearch) (events []ims.AuditEntry, err error) {
	defer ims.Wrap(&err, "SearchAudit")
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.ID != 0 {
		where = append(where, "a.id = "+arg(f.ID))
	}
	if who := strings.TrimSpace(f.Who); who != "" {
		actors, err := db.auditActors(ctx, who)
		if err != nil || len(actors) == 0 {
			return nil, err // nobody by that name: no event
		}
		in := make([]string, len(actors))
		for i, a := range actors {
			in[i] = arg(a)
		}
		where = append(where, "a.actor IN ("+strings.Join(in, ", ")+")")
	}
	for _, c := range [][2]string{{"a.action", f.Action}, {"a.entity", f.Entity}, {"a.entity_id", f.EntityID}} {
		if c[1] != "" {
			where = append(where, c[0]+" = "+arg(c[1]))
		}
	}
	if f.Text != "" {
		p := arg(likePattern(f.Text))
		where = append(where, fmt.Sprintf(`(lower(a.before) LIKE %[1]s ESCAPE '\' OR lower(a.after) LIKE %[1]s ESCAPE '\')`, p))
	}
	if !f.From.IsZero() {
		where = append(where, "a.at >= "+arg(f.From.UTC()))
	}
	if !f.Until.IsZero() {
		where = append(where, "a.at < "+arg(f.Until.UTC()))
	}
	if f.Before > 0 {
		where = append(where, "a.id < "+arg(f.Before))
	}
	// The page is chosen first and only its events are joined to their actors' names, so a page of
	// a long trail reads a page of rows, whatever join the planner would pick for the whole table.
	page := `SELECT id, at, actor, request_id, action, entity, entity_id, before, after, prev_hash, hash
		FROM audit_events a`
	if len(where) > 0 {
		page += " WHERE " + strings.Join(where, " AND ")
	}
	page += " ORDER BY a.id DESC LIMIT " + arg(f.Limit)
	q := `SELECT a.id, a.at, a.actor, a.request_id, a.action, a.entity, a.entity_id, a.before, a.after,
		a.prev_hash, a.hash, COALESCE(u.name, c.name, '')
		FROM (` + page + `) a
		LEFT JOIN users u ON a.actor = 'user:' || CAST(u.id AS TEXT)
		LEFT JOIN api_clients c ON a.actor = 'apiclient:' || CAST(c.id AS TEXT)
		ORDER BY a.id DESC`
	rows, err := db.SQL.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, db.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var e ims.AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.Actor, &e.RequestID, &e.Action, &e.Entity, &e.EntityID,
			&e.Before, &e.After, &e.PrevHash, &e.Hash, &e.ActorName); err != nil {
			return nil, err
		}
		e.At = e.At.UTC()
		events = append(events, e)
	}
	return events, rows.Err()
}

// auditActors returns the actors a search by who means: an exact actor, the user and the API
// client of a bare id, or the users whose name or email and the API clients whose name contain who.
// They are found first, so that the trail is then read through its index on the actor.
func (db *DB) auditActors(ctx context.Context, who string) ([]string, error) {
	if who == "system" || strings.HasPrefix(who, "user:") || strings.HasPrefix(who, "apiclient:") {
		return []string{who}, nil
	}
	if id, err := strconv.ParseInt(who, 10, 64); err == nil && id > 0 {
		return []string{"user:" + who, "apiclient:" + who}, nil
	}
	rows, err := db.SQL.QueryContext(ctx, `SELECT 'user:' || CAST(id AS TEXT) FROM users
		WHERE lower(name) LIKE $1 ESCAPE '\' OR lower(email) LIKE $1 ESCAPE '\'
		UNION SELECT 'apiclient:' || CAST(id AS TEXT) FROM api_clients WHERE lower(name) LIKE $1 ESCAPE '\'`, likePattern(who))
	if err != nil {
		return nil, db.classify(err)
	}
	defer rows.Close()
	var actors []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, err
		}
		actors = append(actors, a)
	}
	return actors, rows.Err()
}

// likePattern matches s anywhere, in any case, with LIKE's wildcards in s taken literally.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(s)) + "%"
}
