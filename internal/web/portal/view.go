package portal

import (
	"bytes"
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
	v := &view{p: p, w: w, r: r, st: p.load(r.Context()), lang: requestLang(r)}
	if l := r.URL.Query().Get("lang"); l == "en" || l == "cy" {
		if c, err := r.Cookie(langCookie); err != nil || c.Value != l {
			http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: "/", HttpOnly: true,
				SameSite: http.SameSiteLaxMode, Secure: p.sessions.Cookie.Secure})
		}
	}
	return v
}

// langCookie names the cookie that remembers the payer's language. It is a cookie of its own rather
// than part of the session so that choosing a language stores nothing on the server: a session
// (a database row) starts only when the payer puts something in their basket, not for every visit.
// Like the session cookie it lasts while the browser is open.
const langCookie = "ims_lang"

// requestLang returns the language of the pages a request should get: the one its address asks for
// (?lang=cy or ?lang=en), else the one its language cookie remembers, else English.
func requestLang(r *http.Request) string {
	l := r.URL.Query().Get("lang")
	if l != "en" && l != "cy" {
		if c, err := r.Cookie(langCookie); err == nil {
			l = c.Value
		}
	}
	if l == "cy" {
		return "cy"
	}
	return "en"
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

// layout returns the page frame with the council's name and the page's title, already in the
// page's language; failed is set on a page showing validation errors, whose title then starts
// "Error:".
func (v *view) layout(title string, failed bool) govukfrontend.Layout {
	org, err := v.p.db.Organisation(v.r.Context())
	if err != nil {
		v.p.log.ErrorContext(v.r.Context(), "portal: reading organisation", "err", err)
	}
	name := org.Name
	if name == "" {
		name = "Income Management System"
	}
	if failed {
		title = v.t("Error") + ": " + title
	}
	return govukfrontend.Layout{Lang: v.lang, Title: title, OrganisationName: name, ServiceName: v.t("Pay the council"),
		ServiceURL: "/pay"}
}

// render writes a page. Rendering happens before anything is written, so a template failure still
// gets a proper error page.
func (v *view) render(status int, page string, l govukfrontend.Layout, content any) {
	v.w.Header().Set("Content-Type", "text/html; charset=utf-8")
	v.w.Header().Set("Cache-Control", "no-store") // pages show a payer's basket and details
	var buf bytes.Buffer
	if err := v.p.renderer.Render(&buf, page, l, content); err != nil {
		v.p.log.ErrorContext(v.r.Context(), "portal: rendering page", "page", page, "err", err)
		http.Error(v.w, "Internal error. Reference: "+web.RequestID(v.r.Context()), http.StatusInternalServerError)
		return
	}
	v.w.WriteHeader(status)
	v.w.Write(buf.Bytes())
}

// redirect sends the browser to another page after a form, with 303 so that it follows with a GET.
func (v *view) redirect(to string) { http.Redirect(v.w, v.r, to, http.StatusSeeOther) }

// notFound answers 404 with the "Page not found" page.
func (v *view) notFound() {
	v.render(http.StatusNotFound, "not-found", v.layout(v.t("Page not found"), false), govukfrontend.NotFoundPage{HomeHref: "/pay"})
}

// serverError logs err with the request id and shows the error page with that id to quote; an
// Unavailable error shows the "try again later" page instead.
func (v *view) serverError(err error) {
	if ims.ErrorCode(err) == ims.Unavailable {
		v.unavailable(err)
		return
	}
	ref := web.RequestID(v.r.Context())
	v.p.log.ErrorContext(v.r.Context(), "portal: request failed", "request_id", ref, "err", err)
	v.render(http.StatusInternalServerError, "error", v.layout(v.t("Sorry, there is a problem with the service"), false),
		govukfrontend.ErrorPage{Reference: ref})
}
