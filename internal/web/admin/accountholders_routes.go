package admin

import (
	"context"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// AccountHolders is the account holder service (internal/accountholders) as the back office's
// pages use it. It checks roles and fund groups itself: a holder of a fund the user cannot see is
// not found.
type AccountHolders interface {
	VisibleFunds(ctx context.Context, p ims.Principal) ([]ims.Fund, error)
	Search(ctx context.Context, p ims.Principal, q ims.AccountHolderSearch) (ims.AccountHolderPage, error)
	Get(ctx context.Context, p ims.Principal, fund, reference string) (ims.AccountHolderDetail, error)
	SetStopMessage(ctx context.Context, p ims.Principal, fund, reference, code string) error
	StartImport(ctx context.Context, p ims.Principal, fileName string, r io.Reader) (ims.AccountHolderImport, error)
	Import(ctx context.Context, p ims.Principal, id int64) (ims.AccountHolderImport, error)
	Imports(ctx context.Context, p ims.Principal, limit int) ([]ims.AccountHolderImport, error)
	ImportLines(ctx context.Context, p ims.Principal, id int64, offset, limit int) ([]ims.AccountHolderImportLine, error)
}

// Who may look account holders up, and who may change them: the service checks the same.
var (
	holderReaders  = []ims.Role{ims.TransactionList, ims.TransactionDetails, ims.Finance, ims.Payments, ims.SystemAdmin}
	holderChangers = []ims.Role{ims.Finance, ims.SystemAdmin}
)

// accountHoldersRoutes are the account holder pages: search, one holder, its stop message, and
// imports. A reference may hold "/" ("SI/26/00412"), so it ends the address.
func (a *Admin) accountHoldersRoutes() []web.Route {
	return []web.Route{
		a.page("/admin/account-holders", a.holdersSearch, holderReaders...),
		a.page("/admin/account-holders/holder/{fund}/{reference...}", a.holderDetail, holderReaders...),
		a.page("/admin/account-holders/stop-message/{fund}/{reference...}", a.holderStopMessage, holderChangers...),
		a.action("/admin/account-holders/stop-message/{fund}/{reference...}", a.holderSetStopMessage, holderChangers...),
		a.page("/admin/account-holders/imports", a.holderImports, holderChangers...),
		a.action("/admin/account-holders/imports", a.holderImportUpload, holderChangers...),
		a.page("/admin/account-holders/imports/{id}", a.holderImport, holderChangers...),
	}
}

// holderPath is the address of an account holder's page (what is "holder" or "stop-message").
func holderPath(what, fund, reference string) string {
	return "/admin/account-holders/" + what + "/" + url.PathEscape(fund) + "/" + escapeReference(reference)
}

// escapeReference escapes a reference for the end of an address, keeping its "/" as they are, so
// the address reads as the reference does.
func escapeReference(ref string) string {
	parts := strings.Split(ref, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

// canChangeHolders reports whether p may import account holders and set stop messages.
func canChangeHolders(p ims.Principal) bool {
	for _, r := range holderChangers {
		if p.HasRole(r) {
			return true
		}
	}
	return false
}

// ukTime writes a time as staff in the UK read it, in UK time: "3 December 2026 at 14:05".
func ukTime(t time.Time) string {
	if london, err := ims.LondonLocation(); err == nil {
		t = t.In(london)
	}
	return t.Format("2 January 2006 at 15:04")
}
