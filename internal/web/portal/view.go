package portal

import (
	"net/http"
	"net/url"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
)

// view is one request being answered: the visitor's state from their session and the language of
// the pages they see.
type view struct {
	p    *Portal
	w    http.ResponseWriter
	r    *http.Request
	st   state
	lang string
}

// newView loads the visitor's state. ?lang=cy or ?lang=en on any page switches the language, and
// the language cookie remembers the choice for the pages after it.
func (p *Portal) newView(w http.ResponseWriter, r *http.Request) *view {
	v := &view{p: p, w: w, r: r, st: p.load(r.Context()), lang: web.Lang(r)}
	if l := r.URL.Query().Get("lang"); l == "en" || l == "cy" {
		if c, err := r.Cookie(web.LangCookie); err != nil || c.Value != l {
			http.SetCookie(w, &http.Cookie{Name: web.LangCookie, Value: l, Path: "/", HttpOnly: true,
				SameSite: http.SameSiteLaxMode, Secure: p.sessions.Cookie.Secure})
		}
	}
	return v
}

// t translates a fixed English text into the page's language.
func (v *view) t(english string) string { return govukfrontend.Translate(v.lang, english) }

// save stores the visitor's state in the session.
func (v *view) save() { v.p.save(v.r.Context(), v.st) }

// base is what the content of every portal page carries.
type base struct {
	// Switch is the link to the same page in the other language.
	Switch langSwitch
}

// langSwitch is a link to the page in the other language, labelled in that language.
type langSwitch struct {
	Href string
	Text string
	Lang string
}

// base returns the content every page carries.
func (v *view) base() base {
	q := url.Values{}
	for k, vals := range v.r.URL.Query() {
		q[k] = vals
	}
	s := langSwitch{Text: "Cymraeg", Lang: "cy"}
	if v.lang == "cy" {
		s = langSwitch{Text: "English", Lang: "en"}
	}
	q.Set("lang", s.Lang)
	s.Href = v.r.URL.Path + "?" + q.Encode()
	return base{Switch: s}
}

// pages returns the portal's Pages: the site's layout and error pages, with the portal's first page
// as the service's.
func (p *Portal) pages() *web.Pages {
	return &web.Pages{Renderer: p.renderer, DB: p.db, Log: p.log, ServiceURL: "/pay", Frame: p.withSystemMessage}
}

// layout returns the page frame with the page's title, already in the page's language; failed is
// set on a page showing validation errors, whose title then starts "Error:".
func (v *view) layout(title string, failed bool) govukfrontend.Layout {
	if failed {
		title = v.t("Error") + ": " + title
	}
	return v.p.pages().Layout(v.r, title)
}

// render writes a page. Portal pages are never cached: they show a payer's basket and details.
func (v *view) render(status int, page string, l govukfrontend.Layout, content any) {
	v.w.Header().Set("Cache-Control", "no-store")
	v.p.pages().Render(v.w, v.r, status, page, l, content)
}

// errorPage answers with the site's error page for status (see web.Pages.Error), not cached.
func (v *view) errorPage(status int, message string) {
	v.w.Header().Set("Cache-Control", "no-store")
	v.p.pages().Error(v.w, v.r, status, message)
}

// redirect sends the browser to another page after a form, with 303 so that it follows with a GET.
func (v *view) redirect(to string) { http.Redirect(v.w, v.r, to, http.StatusSeeOther) }

// notFound answers 404 with the "Page not found" page.
func (v *view) notFound() {
	v.errorPage(http.StatusNotFound, "")
}

// serverError answers err with the error page and the status the one table (web.Status) gives its
// code, an internal error logged with the request id the page shows; an Unavailable error shows the
// portal's "try again later" page instead, which keeps the basket.
func (v *view) serverError(err error) {
	if ims.ErrorCode(err) == ims.Unavailable {
		v.unavailable(err)
		return
	}
	v.w.Header().Set("Cache-Control", "no-store")
	v.p.pages().ErrorPage(v.w, v.r, err)
}
