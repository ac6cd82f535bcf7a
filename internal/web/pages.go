package web

import (
	"net/http"

	"github.com/ims-council/ims/internal/govukfrontend"
)

// layout returns the page frame with the council's name, in the language the request asks for.
func (s *Server) layout(r *http.Request, title string) govukfrontend.Layout {
	org, err := s.DB.Organisation(r.Context())
	if err != nil {
		s.Log.ErrorContext(r.Context(), "reading organisation", "err", err)
	}
	name := org.Name
	if name == "" {
		name = "Income Management System"
	}
	lang := "en"
	if r.URL.Query().Get("lang") == "cy" {
		lang = "cy"
	}
	return govukfrontend.Layout{Lang: lang, Title: title, OrganisationName: name, ServiceName: govukfrontend.Translate(lang, "Pay the council"), ServiceURL: "/"}
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, l govukfrontend.Layout, content any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if err := s.Renderer.Render(w, page, l, content); err != nil {
		s.Log.ErrorContext(r.Context(), "rendering page", "page", page, "err", err)
	}
}

func (s *Server) start(w http.ResponseWriter, r *http.Request) {
	l := s.layout(r, "")
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
	s.render(w, r, http.StatusOK, "start", l, page)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusNotFound, "not-found", s.layout(r, "Page not found"), govukfrontend.NotFoundPage{HomeHref: "/"})
}

func errorPage(message, reference string) govukfrontend.ErrorPage {
	return govukfrontend.ErrorPage{Message: message, Reference: reference}
}
