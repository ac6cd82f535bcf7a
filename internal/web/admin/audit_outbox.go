package admin

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// auditOutboxPage is the content of the email outbox page.
type auditOutboxPage struct {
	Nav    []auditNavItem
	Emails []outboxRow
	Older  string
	Newest string
}

// outboxRow is one email as the outbox table shows it.
type outboxRow struct {
	Created, To, Purpose, Ref, State, StateClass, Attempts, LastError, Sent, NextAttempt string
}

// stateTags colours each state's tag.
var stateTags = map[ims.EmailState]string{
	ims.EmailQueued:  "govuk-tag--grey",
	ims.EmailSent:    "govuk-tag--green",
	ims.EmailFailed:  "govuk-tag--orange",
	ims.EmailGivenUp: "govuk-tag--red",
}

// auditOutbox shows the email outbox newest first, a page at a time (?before= the last id shown).
func (a *Admin) auditOutbox(w http.ResponseWriter, r *http.Request) {
	var before int64
	if s := r.URL.Query().Get("before"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			a.fail(w, r, ims.Errorf(ims.Invalid, "That is not a page of the outbox. Open the email outbox again."))
			return
		}
		before = n
	}
	result, err := a.Outbox.Emails(r.Context(), web.PrincipalFrom(r.Context()), before)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	page := auditOutboxPage{Nav: auditNav(auditOutboxPath)}
	for _, e := range result.Emails {
		row := outboxRow{Created: londonTime(e.CreatedAt), To: e.To, Purpose: e.Purpose, Ref: e.Ref,
			State: string(e.State()), StateClass: stateTags[e.State()], Attempts: strconv.Itoa(e.Attempts), LastError: e.LastError}
		if e.MaxAttempts > 0 {
			row.Attempts = fmt.Sprintf("%d of %d", e.Attempts, e.MaxAttempts)
		}
		if e.SentAt != nil {
			row.Sent = londonTime(*e.SentAt)
		}
		if e.NextAttempt != nil && e.State() == ims.EmailFailed {
			row.NextAttempt = londonTime(*e.NextAttempt)
		}
		page.Emails = append(page.Emails, row)
	}
	if result.Next != 0 {
		page.Older = auditOutboxPath + "?before=" + strconv.FormatInt(result.Next, 10)
	}
	if before != 0 {
		page.Newest = auditOutboxPath
	}
	a.render(w, r, http.StatusOK, "admin-audit-outbox", "Email outbox", page)
}
