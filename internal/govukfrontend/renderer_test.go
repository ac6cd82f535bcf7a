package govukfrontend

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// wellFormed parses markup as strict XML: the templates self-close void elements so that this
// catches unbalanced tags, unquoted attributes and unescaped text.
func wellFormed(t *testing.T, what string, markup []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(markup))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("%s is not well-formed: %v", what, err)
		}
	}
}

// forbidden are things no IMS page may contain: GOV.UK's typeface and crown branding (councils are
// not GOV.UK), and inline script or style (the Content-Security-Policy forbids them).
var forbidden = []*regexp.Regexp{
	regexp.MustCompile(`(?i)GDS Transport`),
	regexp.MustCompile(`(?i)crown`),
	regexp.MustCompile(`(?i)crest`),
	regexp.MustCompile(`(?i)open government licence`),
	regexp.MustCompile(`govuk-header__logo|govuk-logo`),
	regexp.MustCompile(`(?i)\sstyle=`),
	regexp.MustCompile(`(?i)<style`),
	regexp.MustCompile(`(?i)\son[a-z]+=`),
	regexp.MustCompile(`(?i)javascript:`),
}

// scriptElement matches a script element with its body.
var scriptElement = regexp.MustCompile(`(?s)<script\b([^>]*)>(.*?)</script>`)

func checkForbidden(t *testing.T, what string, markup []byte) {
	t.Helper()
	for _, re := range forbidden {
		if loc := re.FindIndex(markup); loc != nil {
			t.Errorf("%s contains %q", what, markup[loc[0]:loc[1]])
		}
	}
	if n, m := bytes.Count(markup, []byte("<script")), len(scriptElement.FindAll(markup, -1)); n != m {
		t.Errorf("%s has %d script tags but %d whole script elements", what, n, m)
	}
	for _, m := range scriptElement.FindAllSubmatch(markup, -1) {
		if !bytes.Contains(m[1], []byte(` src="`)) || len(bytes.TrimSpace(m[2])) > 0 {
			t.Errorf("%s has an inline script: %s", what, m[0])
		}
	}
}

func TestEveryPageIsWellFormedAndAccessible(t *testing.T) {
	r := newRenderer(t)
	for _, tc := range pageCases() {
		t.Run(tc.golden, func(t *testing.T) {
			var buf bytes.Buffer
			if err := r.Render(&buf, tc.page, tc.layout, tc.content); err != nil {
				t.Fatal(err)
			}
			page := buf.Bytes()
			wellFormed(t, tc.golden, page)
			checkForbidden(t, tc.golden, page)

			lang := tc.layout.Lang
			if lang == "" {
				lang = "en"
			}
			s := string(page)
			for _, want := range []string{
				`<!DOCTYPE html>`,
				`<html lang="` + lang + `"`,
				`<a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">`,
				`<main class="govuk-main-wrapper" id="main-content">`,
				`<link rel="stylesheet" href="/assets/ims.css?v=`,
				`<script type="module" src="/assets/init.js?v=`,
				`© ` + tc.layout.OrganisationName + `</div>`,
			} {
				if !strings.Contains(s, want) {
					t.Errorf("page lacks %s", want)
				}
			}
			if n := strings.Count(s, "<h1"); n != 1 {
				t.Errorf("page has %d h1 elements, want 1", n)
			}
		})
	}
}

func TestEveryComponentIsWellFormed(t *testing.T) {
	r := newRenderer(t)
	for _, tc := range componentCases() {
		var buf bytes.Buffer
		if err := r.RenderComponent(&buf, tc.lang, tc.name, tc.data); err != nil {
			t.Fatal(err)
		}
		wellFormed(t, tc.golden, []byte("<div>"+buf.String()+"</div>"))
		checkForbidden(t, tc.golden, buf.Bytes())
	}
}

func TestTextInputDescribedByHintThenError(t *testing.T) {
	r := newRenderer(t)
	var buf bytes.Buffer
	in := TextInput{Name: "amount", Label: "Amount", Hint: "In pounds", Error: "Enter an amount"}
	if err := r.RenderComponent(&buf, "en", "govuk/text-input", in); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	for _, want := range []string{
		`aria-describedby="amount-hint amount-error"`,
		`<div id="amount-hint" class="govuk-hint">In pounds</div>`,
		`<p id="amount-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> Enter an amount</p>`,
		`class="govuk-form-group govuk-form-group--error"`,
		`class="govuk-input govuk-input--error"`,
		`<label class="govuk-label" for="amount">`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("text input lacks %s in:\n%s", want, s)
		}
	}

	buf.Reset()
	if err := r.RenderComponent(&buf, "en", "govuk/text-input", TextInput{Name: "amount", Label: "Amount"}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "aria-describedby") || strings.Contains(buf.String(), "error") {
		t.Errorf("a valid input without a hint has a description or error markup:\n%s", buf.String())
	}
}

func TestWelshErrorPrefix(t *testing.T) {
	r := newRenderer(t)
	var buf bytes.Buffer
	if err := r.RenderComponent(&buf, "cy", "govuk/text-input", TextInput{Name: "swm", Label: "Swm", Error: "Rhowch swm"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `<span class="govuk-visually-hidden">Gwall:</span> Rhowch swm`) {
		t.Errorf("Welsh error message lacks the Gwall: prefix:\n%s", buf.String())
	}
}

// Every fixed text a template passes to t must have a Welsh translation.
func TestEveryTranslatedTextHasWelsh(t *testing.T) {
	call := regexp.MustCompile(`\bt "([^"]+)"`)
	found := 0
	err := fs.WalkDir(templateFiles, "templates", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		text, err := fs.ReadFile(templateFiles, name)
		if err != nil {
			return err
		}
		for _, m := range call.FindAllStringSubmatch(string(text), -1) {
			found++
			if _, ok := welsh(m[1]); !ok {
				t.Errorf("%s: no Welsh for %q", name, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 10 {
		t.Errorf("found only %d translated texts; is the pattern still right?", found)
	}
}

func TestUserTextIsEscaped(t *testing.T) {
	r := newRenderer(t)
	var buf bytes.Buffer
	evil := `<script>alert(1)</script>`
	layout := Layout{Title: evil, OrganisationName: evil, ServiceName: evil, Nav: []NavItem{{Text: evil, Href: "javascript:alert(1)"}}}
	if err := r.Render(&buf, "start", layout, StartPage{Heading: evil, Paragraphs: []string{evil}, StartHref: "/"}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), evil) || strings.Contains(buf.String(), "javascript:") {
		t.Errorf("user text reached the page unescaped:\n%s", buf.String())
	}
}

func TestRenderErrorsWriteNothing(t *testing.T) {
	r := newRenderer(t)
	for name, render := range map[string]func(io.Writer) error{
		"unknown page":      func(w io.Writer) error { return r.Render(w, "nope", Layout{}, nil) },
		"component as page": func(w io.Writer) error { return r.Render(w, "govuk/button", Layout{}, Button{}) },
		"unknown language":  func(w io.Writer) error { return r.Render(w, "start", Layout{Lang: "fr"}, StartPage{}) },
		"wrong content":     func(w io.Writer) error { return r.Render(w, "start", Layout{}, ErrorPage{}) },
		"unknown component": func(w io.Writer) error { return r.RenderComponent(w, "en", "govuk/nope", nil) },
		"page as component": func(w io.Writer) error { return r.RenderComponent(w, "en", "start", StartPage{}) },
	} {
		var buf bytes.Buffer
		if err := render(&buf); err == nil {
			t.Errorf("%s: no error", name)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: wrote %d bytes before failing", name, buf.Len())
		}
	}
}

func TestExtraPages(t *testing.T) {
	pages := fstest.MapFS{
		"receipt.tmpl": {Data: []byte(`<h1 class="govuk-heading-l">{{.}}</h1>{{template "govuk/tag" (tag)}}`)},
	}
	if _, err := New(pages); err == nil {
		t.Error("New accepted a page calling an undefined function")
	}

	pages["receipt.tmpl"] = &fstest.MapFile{Data: []byte(`{{template "govuk/panel" .}}`)}
	r, err := New(pages)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.Render(&buf, "receipt", Layout{Lang: "cy"}, Panel{Title: "Taliad wedi'i gwblhau"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `<h1 class="govuk-panel__title">Taliad wedi&#39;i gwblhau</h1>`) {
		t.Errorf("extra page not rendered:\n%s", buf.String())
	}

	for _, clash := range []string{"start.tmpl", "layout.tmpl"} {
		if _, err := New(fstest.MapFS{clash: {Data: []byte(`x`)}}); err == nil {
			t.Errorf("New accepted a second template named %s", clash)
		}
	}
}

func TestDocumentTitle(t *testing.T) {
	for _, tc := range []struct {
		layout Layout
		want   string
	}{
		{Layout{Title: "Pay", ServiceName: "Pay the council", OrganisationName: "Anytown Council"}, "Pay – Pay the council – Anytown Council"},
		{Layout{Title: "Pay", OrganisationName: "Anytown Council"}, "Pay – Anytown Council"},
		{Layout{Title: "Anytown Council", OrganisationName: "Anytown Council"}, "Anytown Council"},
		{Layout{}, ""},
	} {
		if got := tc.layout.DocumentTitle(); got != tc.want {
			t.Errorf("DocumentTitle() = %q, want %q", got, tc.want)
		}
	}
}
