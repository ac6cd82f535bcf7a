package ledger

import (
	"context"
	"strconv"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// SearchAudit returns a page of the audit events matching q, newest first, for an Auditor. The
// Auditor sees the whole trail, whatever their fund groups (ADR 20): an audit that hides rows is no
// audit. Dates are business dates, so a day runs from midnight to midnight in Europe/London.
func (s *Service) SearchAudit(ctx context.Context, p ims.Principal, q ims.AuditQuery) (page ims.AuditPage, err error) {
	defer ims.Wrap(&err, "SearchAudit")
	if err := p.Require(ims.Auditor); err != nil {
		return page, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = ims.AuditPageSize
	}
	f := sqldb.AuditSearch{Who: q.Who, Action: q.Action, Entity: q.Entity, EntityID: q.EntityID, Text: q.Text,
		Before: q.Before, Limit: limit + 1}
	if !q.From.IsZero() {
		f.From = s.midnight(q.From)
	}
	if !q.To.IsZero() {
		f.Until = s.midnight(q.To.AddDate(0, 0, 1))
	}
	events, err := s.DB.SearchAudit(ctx, f)
	if err != nil {
		return page, err
	}
	if len(events) > limit {
		events = events[:limit]
		page.Next = events[limit-1].ID
	}
	page.Events = events
	return page, nil
}

// AuditEvent returns the audit event id with the name of who acted, for an Auditor; NotFound when
// there is none.
func (s *Service) AuditEvent(ctx context.Context, p ims.Principal, id int64) (e ims.AuditEntry, err error) {
	defer ims.Wrap(&err, "AuditEvent(%d)", id)
	if err := p.Require(ims.Auditor); err != nil {
		return e, err
	}
	events, err := s.DB.SearchAudit(ctx, sqldb.AuditSearch{ID: id, Limit: 1})
	if err != nil {
		return e, err
	}
	if len(events) == 0 {
		return e, ims.Errorf(ims.NotFound, "There is no audit event %s", strconv.FormatInt(id, 10))
	}
	return events[0], nil
}

// midnight returns the instant a business date (a date at midnight UTC) starts in Europe/London.
func (s *Service) midnight(date time.Time) time.Time {
	y, m, d := date.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, s.DB.London)
}
