package web

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
)

// OrganisationSource is what page layouts need of the store: the council, whose name heads every page.
type OrganisationSource interface {
	Organisation(ctx context.Context) (ims.Organisation, error)
}

// Pages renders HTML pages in the GOV.UK layout headed by the council's name. It is the one place a
// page meets its layout, and the one place the GOV.UK error pages are made, for the site's own pages
// and the portal's alike: each area has its own Pages only to name its first page (ServiceURL).
type Pages struct {
	Renderer *govukfrontend.Renderer
	DB       OrganisationSource
	Log      *slog.Logger
	// ServiceURL is the area's first page: the service name in the header and the "Page not found"
	// page link there ("/" for the site, "/pay" for the portal).
	ServiceURL string
	// Frame, when set, finishes every layout of the area (the back office's names itself, shows
	// who is signed in and its navigation), error pages included.
	Frame func(r *http.Request, l govukfrontend.Layout) govukfrontend.Layout
}

// LangCookie names the cookie that remembers the payer's language (the portal sets it when a page is
// asked for with ?lang=). It is a cookie of its own rather than part of a session so that choosing a
// language stores nothing on the server.
const LangCookie = "ims_lang"

// Lang returns the language of the pages a request should get: the one its address asks for
// (?lang=cy or ?lang=en), else the one its language cookie remembers, else English.
func Lang(r *http.Request) string {
	l := r.URL.Query().Get("lang")
	if l != "en" && l != "cy" {
		if c, err := r.Cookie(LangCookie); err == nil {
			l = c.Value
		}
	}
	if l == "cy" {
		return "cy"
	}
	return "en"
}

// Layout returns the page frame for a request: its language, the council's name and the service's,
// and title, which the caller gives already in the page's language.
func (p *Pages) Layout(r *http.Request, title string) govukfrontend.Layout {
	org, err := p.DB.Organisation(r.Context())
	if err != nil {
		p.Log.ErrorContext(r.Context(), "reading organisation", "request_id", RequestID(r.Context()), "err", err)
	}
	name := org.Name
	if name == "" {
		name = "Income Management System"
	}
	lang := Lang(r)
	l := govukfrontend.Layout{Lang: lang, Title: title, OrganisationName: name,
		ServiceName: govukfrontend.Translate(lang, "Pay the council"), ServiceURL: p.ServiceURL}
	if p.Frame != nil {
		l = p.Frame(r, l)
	}
	return l
}

// Render answers with a page inside its layout. A page that does not render is logged and answered
// with a plain 500 naming the request id, since nothing of it has been sent.
func (p *Pages) Render(w http.ResponseWriter, r *http.Request, status int, page string, l govukfrontend.Layout, content any) {
	if err := p.Renderer.WritePage(w, status, page, l, content); err != nil {
		id := RequestID(r.Context())
		p.Log.ErrorContext(r.Context(), "rendering page", "page", page, "request_id", id, "err", err)
		http.Error(w, "Internal error. Reference: "+id, http.StatusInternalServerError)
	}
}

// Error answers with the GOV.UK error page for status, in the request's language: "Page not found"
// (linking to ServiceURL) for 404; otherwise "Sorry, there is a problem with the service" with
// message, or "Try again later." when message is empty, and the request id for the user to quote.
// It logs nothing: the caller knows whether the failure is worth a log line.
func (p *Pages) Error(w http.ResponseWriter, r *http.Request, status int, message string) {
	t := func(english string) string { return govukfrontend.Translate(Lang(r), english) }
	if status == http.StatusNotFound {
		p.Render(w, r, status, "not-found", p.Layout(r, t("Page not found")), govukfrontend.NotFoundPage{HomeHref: p.ServiceURL})
		return
	}
	p.Render(w, r, status, "error", p.Layout(r, t("Sorry, there is a problem with the service")),
		govukfrontend.ErrorPage{Message: message, Reference: RequestID(r.Context())})
}

// pages returns the Pages of the site's own routes.
func (s *Server) pages() *Pages {
	return &Pages{Renderer: s.Renderer, DB: s.DB, Log: s.Log, ServiceURL: "/"}
}

// start answers with the site's first page, which sends payers to the portal.
func (s *Server) start(w http.ResponseWriter, r *http.Request) {
	p := s.pages()
	l := p.Layout(r, "")
	t := func(english string) string { return govukfrontend.Translate(l.Lang, english) }
	page := govukfrontend.StartPage{
		Heading: t("Pay") + " " + l.OrganisationName,
		Paragraphs: []string{
			t("Use this service to pay council tax, business rates, rent, parking fines, invoices and other bills."),
			t("You will need the reference printed on your bill and a debit or credit card."),
		},
		StartHref:     "/pay",
		OtherLanguage: &govukfrontend.LanguageLink{Href: "/?lang=cy", Text: "Cymraeg", Lang: "cy"},
	}
	if l.Lang == "cy" {
		page.StartHref = "/pay?lang=cy"
		page.OtherLanguage = &govukfrontend.LanguageLink{Href: "/?lang=en", Text: "English", Lang: "en"}
	}
	p.Render(w, r, http.StatusOK, "start", l, page)
}

// notFound answers with the "Page not found" page.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.pages().Error(w, r, http.StatusNotFound, "")
}
