package admin

import (
	"context"
	"net/http"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
)

// ServiceName heads every back-office page.
const ServiceName = "Income management"

// render answers with a back-office page in the staff layout.
func (a *Admin) render(w http.ResponseWriter, r *http.Request, status int, page, title string, data any) {
	a.pages.Render(w, r, status, page, a.pages.Layout(r, title), data)
}

// fail answers err with the back office's error page and the status its code gives (403, 404,
// 422…); internal errors are logged with the request id and their details not shown.
func (a *Admin) fail(w http.ResponseWriter, r *http.Request, err error) {
	a.pages.ErrorPage(w, r, err)
}

// ErrorPage answers err with the back office's error page, for the server's role check.
func (a *Admin) ErrorPage(w http.ResponseWriter, r *http.Request, err error) { a.fail(w, r, err) }

// flash keeps a message to show as a success banner on the next page the user sees, after a
// redirect.
func (a *Admin) flash(r *http.Request, message string) {
	a.sessions.Put(r.Context(), keyFlash, message)
}

// frame makes a layout a back-office one: English, the service's name, the system message, and —
// when someone is signed in — their name, the sign-out button, the sections their roles open and
// any success message waiting for them.
func (a *Admin) frame(r *http.Request, l govukfrontend.Layout) govukfrontend.Layout {
	l.Lang, l.ServiceName, l.ServiceURL = "en", ServiceName, Home
	l.Staff = &govukfrontend.StaffFrame{SignOutAction: "/admin/sign-out"}
	if a.Messages != nil {
		if m, ok, err := a.Messages.CurrentMessage(r.Context(), false); err != nil {
			a.Log.ErrorContext(r.Context(), "reading the system message", "request_id", web.RequestID(r.Context()), "err", err)
		} else if ok {
			l.Banner = &govukfrontend.Banner{Kind: govukfrontend.BannerKind(m.Severity), Text: m.Text}
		}
	}
	p := web.PrincipalFrom(r.Context())
	if p.UserID == 0 {
		return l
	}
	l.Staff.UserName = p.Name
	l.Staff.Nav = navigation(p, r.URL.Path)
	if a.sessions.Exists(r.Context(), keyFlash) {
		l.Staff.Success = a.sessions.PopString(r.Context(), keyFlash)
	}
	return l
}

// SystemMessages gives the system message running now: any for staff pages, only public ones for
// the portal.
type SystemMessages interface {
	CurrentMessage(ctx context.Context, publicOnly bool) (m ims.SystemMessage, ok bool, err error)
}
