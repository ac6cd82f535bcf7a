package portal

import (
	"net/http"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// unavailablePage is the content of the "try again later" page shown when card payments cannot be
// taken: the provider is down, or card payments are not configured.
type unavailablePage struct {
	base
	HasBasket bool
}

// unavailable answers 503 with the "try again later" page. The basket stays in the session, so the
// payer can try again without entering it again.
func (v *view) unavailable(err error) {
	v.p.log.WarnContext(v.r.Context(), "portal: card payments unavailable", "request_id", web.RequestID(v.r.Context()), "err", err)
	v.w.Header().Set("Retry-After", "300")
	v.render(http.StatusServiceUnavailable, "portal-unavailable", v.layout(v.t("Sorry, you cannot pay online at the moment"), false),
		unavailablePage{base: v.base(), HasBasket: len(v.st.Lines) > 0})
}

// crossOrigin answers a form posted from another site (a cross-site request forgery attempt, or a
// page the browser kept across a change of address) with 403.
func (p *Portal) crossOrigin(w http.ResponseWriter, r *http.Request) {
	p.log.WarnContext(r.Context(), "portal: cross-origin form refused", "path", r.URL.Path)
	v := &view{p: p, w: w, r: r, lang: web.Lang(r)}
	v.errorPage(http.StatusForbidden, v.t("Go back to the page you came from, refresh it and try again."))
}

// sessionError answers a request whose session could not be read or written (the database is
// unreachable) with the error page, instead of scs's plain-text default.
func (p *Portal) sessionError(w http.ResponseWriter, r *http.Request, err error) {
	v := &view{p: p, w: w, r: r, lang: web.Lang(r)}
	v.serverError(&ims.Error{Code: ims.Internal, Op: "portal session", Err: err})
}
