package ims

import (
	"strconv"
	"strings"
	"time"
)

// AuditQuery is an Auditor's search of the audit trail. Every field narrows the search; the zero
// query finds every event. Results come newest first, a page at a time.
type AuditQuery struct {
	// Who acted: "system", an actor as the trail stores it ("user:12", "apiclient:3"), a bare id
	// (a user or an API client with that id), or part of a user's name or email or a client's name.
	Who      string
	Action   string // exactly, like "login" or "update"
	Entity   string // the type of record, exactly, like "user" or "fund"
	EntityID string // the record's id, exactly
	Text     string // part of the record before or after the change, in any case
	// From and To are business dates (Europe/London), both included; zero for no bound. They are
	// dates at midnight UTC, as BusinessDate gives them.
	From, To time.Time
	Before   int64 // the cursor: only events older than this id; 0 for the newest
	Limit    int   // events on a page; AuditPageSize when zero
}

// AuditPageSize is how many events one page of an audit search shows.
const AuditPageSize = 50

// AuditForm is an audit search as typed into the back office's form: dates as d/m/yyyy.
type AuditForm struct {
	Who, Action, Entity, EntityID, Text, From, To, Before string
}

// ParseAuditForm checks an audit search form and returns the query it asks for. A date that is not a
// real date, or a range that ends before it starts, is an Invalid error naming the field ("from",
// "to") so the form can say what to correct.
func ParseAuditForm(f AuditForm) (AuditQuery, error) {
	q := AuditQuery{
		Who: strings.TrimSpace(f.Who), Action: strings.TrimSpace(f.Action), Entity: strings.TrimSpace(f.Entity),
		EntityID: strings.TrimSpace(f.EntityID), Text: strings.TrimSpace(f.Text),
	}
	p := Problems{}
	var ok bool
	if q.From, ok = parseFormDate(f.From); !ok {
		p.Add("from", "The ‘from’ date must be a real date, like 27/3/2026")
	}
	if q.To, ok = parseFormDate(f.To); !ok {
		p.Add("to", "The ‘to’ date must be a real date, like 27/3/2026")
	}
	if len(p) == 0 && !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		p.Add("to", "The ‘to’ date must be the same as or after the ‘from’ date")
	}
	if b := strings.TrimSpace(f.Before); b != "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n <= 0 {
			p.Add("before", "The page to show is not a page of this search: start the search again")
		}
		q.Before = n
	}
	return q, p.Err("The search is not valid")
}

// parseFormDate reads a date typed as d/m/yyyy (the back office's format; dots, hyphens and spaces
// also separate) or yyyy-mm-dd. An empty field is no date and is fine; ok is false for anything that
// is not a real date.
func parseFormDate(s string) (d time.Time, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '.' || r == '-' || r == ' ' })
	if len(parts) != 3 {
		return time.Time{}, false
	}
	if len(parts[0]) == 4 { // yyyy-mm-dd
		parts[0], parts[2] = parts[2], parts[0]
	}
	var n [3]int
	for i, part := range parts {
		v, err := strconv.Atoi(part)
		if err != nil || v < 0 {
			return time.Time{}, false
		}
		n[i] = v
	}
	day, month, year := n[0], n[1], n[2]
	if len(parts[2]) != 4 || month < 1 || month > 12 || day < 1 {
		return time.Time{}, false
	}
	d = time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if d.Day() != day { // 31/4 rolls over to 1/5: not a real date
		return time.Time{}, false
	}
	return d, true
}

// AuditEntry is an audit event as an Auditor reads it: with the name of who acted.
type AuditEntry struct {
	AuditEvent
	ActorName string // the user's or API client's name today; "" for the system or one since removed
}

// Who returns who acted, for people: the name with the actor ("Ann Smith (user:12)"), or the actor
// alone when it has no name.
func (e AuditEntry) Who() string {
	if e.ActorName == "" {
		return e.Actor
	}
	return e.ActorName + " (" + e.Actor + ")"
}

// AuditPage is one page of an audit search, newest first.
type AuditPage struct {
	Events []AuditEntry
	Next   int64 // the cursor (AuditQuery.Before) of the next, older page; 0 when this is the last
}
