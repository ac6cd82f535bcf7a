package admin

import (
	"context"
	"crypto/rand"
	"strconv"
	"strings"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
	"github.com/ims-council/ims/money"
)

// Suspense is the suspense service (internal/suspense) as the back office's pages use it. It checks
// the Finance role and the fund groups itself.
type Suspense interface {
	Create(ctx context.Context, p ims.Principal, n ims.NewSuspenseItem) (ims.SuspenseItem, bool, error)
	List(ctx context.Context, p ims.Principal, f ims.SuspenseFilter) (ims.SuspensePage, error)
	Get(ctx context.Context, p ims.Principal, id int64) (ims.SuspenseItem, error)
	AddNote(ctx context.Context, p ims.Principal, id int64, text string) error
	Allocate(ctx context.Context, p ims.Principal, req ims.SuspenseAllocationRequest) (ims.AllocationResult, bool, error)
	Ageing(ctx context.Context, p ims.Principal) (ims.SuspenseAgeing, error)
	Choices(ctx context.Context, p ims.Principal) (ims.SuspenseChoices, error)
	ActorNames(ctx context.Context, p ims.Principal, actors []string) (map[string]string, error)
}

// suspenseRoutes are the suspense pages (SPEC §8), for finance officers: the list, an item and its
// notes, an item recorded by hand, the allocation of chosen items and the ageing report.
func (a *Admin) suspenseRoutes() []web.Route {
	return []web.Route{
		a.page("/admin/suspense", a.suspenseList, ims.Finance),
		a.page("/admin/suspense/new", a.suspenseNew, ims.Finance),
		a.action("/admin/suspense/new", a.suspenseCreate, ims.Finance),
		a.page("/admin/suspense/items/{id}", a.suspenseDetail, ims.Finance),
		a.action("/admin/suspense/items/{id}/notes", a.suspenseAddNote, ims.Finance),
		a.page("/admin/suspense/allocate", a.suspenseAllocateForm, ims.Finance),
		a.action("/admin/suspense/allocate", a.suspenseAllocate, ims.Finance),
		a.page("/admin/suspense/ageing", a.suspenseAgeing, ims.Finance),
	}
}

// suspenseItemPath is the address of an item's page.
func suspenseItemPath(id int64) string { return "/admin/suspense/items/" + strconv.FormatInt(id, 10) }

// ukDate writes a date as staff in the UK read it: "3 December 2026".
func ukDate(t time.Time) string { return t.Format("2 January 2006") }

// parseUKDate reads a date written day/month/year ("3/12/2026"); blank is the zero time.
func parseUKDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	t, err := time.Parse("2/1/2006", s)
	return t, err == nil
}

// parsePounds reads an amount of money as people write it ("12.50", "£1,250"); blank is 0.
func parsePounds(s string) (money.Pence, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	p, err := money.Parse(s)
	return p, err == nil
}

// statusTag is how an item's status reads, and the colour of its tag.
func statusTag(s ims.SuspenseStatus) (text, class string) {
	switch s {
	case ims.SuspenseAllocated:
		return "Allocated", "govuk-tag--green"
	case ims.SuspensePart:
		return "Part allocated", "govuk-tag--yellow"
	}
	return "Unallocated", "govuk-tag--red"
}

// itemNumber writes an item's id.
func itemNumber(id int64) string { return strconv.FormatInt(id, 10) }

// newFormKey returns a random key for a form that changes money: the service remembers it, so the
// same form sent twice (a double press, a resent page) records once.
func newFormKey() string { return rand.Text() }
