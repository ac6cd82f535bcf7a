// Package govukfrontend renders IMS's server-side HTML with GOV.UK Frontend's markup: a page layout and
// typed components, built on html/template. It is a leaf: the web server and the payment provider
// simulator both use it, and it imports neither.
//
// A page is a content template rendered inside the layout:
//
//	r, err := govukfrontend.New()
//	err = r.Render(w, "start", govukfrontend.Layout{Title: "Pay a bill", …}, govukfrontend.StartPage{…})
//
// The built-in pages are "start" (StartPage), "error" (ErrorPage) and "not-found" (NotFoundPage).
// Other packages add pages by passing folders of *.tmpl files to New; a file's name without .tmpl
// is the page's name and the file's body its content. Content templates include components by name,
// with the typed value as data:
//
//	govuk/error-summary       ErrorSummary
//	govuk/text-input          TextInput (with its form group, label, hint and error message)
//	govuk/button              Button
//	govuk/table               Table
//	govuk/summary-list        SummaryList
//	govuk/panel               Panel
//	govuk/notification-banner NotificationBanner
//	govuk/back-link           BackLink
//	govuk/tag                 Tag
//	govuk/inset-text          InsetText
//
// Templates use the function t for fixed text, which gives the Welsh when the layout's Lang is "cy",
// and asset for links to static files (package assets, whose files the site serves under /assets/).
// The markup has no inline scripts or style attributes, so a strict Content-Security-Policy holds.
package govukfrontend

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/ims-council/ims/internal/govukfrontend/assets"
)

//go:embed templates
var templateFiles embed.FS

// defaultLang is the language of a Layout whose Lang is empty.
const defaultLang = "en"

// languages returns the values Layout.Lang may take.
func languages() []string { return []string{defaultLang, "cy"} }

// Renderer renders pages. It is safe for concurrent use.
type Renderer struct {
	// sets holds one parsed template set per language, each with its own t function, so components
	// nested anywhere translate their fixed text without being told the language.
	sets  map[string]*template.Template
	pages map[string]bool
}

// New parses the layout, the components and the built-in pages, plus every *.tmpl file at the root
// of each of pages, and returns a Renderer. It returns an error when a template does not parse or
// two pages share a name.
func New(pages ...fs.FS) (*Renderer, error) {
	sources := []fs.FS{mustSub(templateFiles, "templates/pages")}
	sources = append(sources, pages...)

	r := &Renderer{sets: make(map[string]*template.Template), pages: make(map[string]bool)}
	for i, lang := range languages() {
		set := template.New("").Funcs(template.FuncMap{
			"t":     translator(lang),
			"asset": assets.Path,
		})
		for _, pattern := range []string{"templates/*.tmpl", "templates/components/*.tmpl"} {
			if _, err := set.ParseFS(templateFiles, pattern); err != nil {
				return nil, fmt.Errorf("govukfrontend: parsing %s: %w", pattern, err)
			}
		}
		for _, src := range sources {
			names, err := fs.Glob(src, "*.tmpl")
			if err != nil {
				return nil, fmt.Errorf("govukfrontend: listing pages: %w", err)
			}
			for _, file := range names {
				name := strings.TrimSuffix(path.Base(file), ".tmpl")
				if i == 0 {
					if r.pages[name] || set.Lookup(name) != nil {
						return nil, fmt.Errorf("govukfrontend: page %q is defined twice", name)
					}
					r.pages[name] = true
				}
				text, err := fs.ReadFile(src, file)
				if err != nil {
					return nil, fmt.Errorf("govukfrontend: reading page %s: %w", file, err)
				}
				if _, err := set.New(name).Parse(string(text)); err != nil {
					return nil, fmt.Errorf("govukfrontend: parsing page %s: %w", file, err)
				}
			}
		}
		r.sets[lang] = set
	}
	return r, nil
}

// mustSub returns the subtree of an embedded folder that is known to exist.
func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

// layoutData is what the layout template sees: the Layout and the page's rendered content.
type layoutData struct {
	Layout
	Content template.HTML
}

// Render writes the named page, with content as its data, inside the layout. Nothing is written
// when rendering fails, so the caller can still send an error page instead.
func (r *Renderer) Render(w io.Writer, page string, layout Layout, content any) error {
	if layout.Lang == "" {
		layout.Lang = defaultLang
	}
	set, ok := r.sets[layout.Lang]
	if !ok {
		return fmt.Errorf("govukfrontend: unsupported language %q", layout.Lang)
	}
	if !r.pages[page] {
		return fmt.Errorf("govukfrontend: no page %q", page)
	}

	// The content is rendered first, on its own, so that a failure leaves w untouched; html/template
	// has already escaped it, which makes it safe to insert as template.HTML.
	var body bytes.Buffer
	if err := set.ExecuteTemplate(&body, page, content); err != nil {
		return fmt.Errorf("govukfrontend: rendering page %q: %w", page, err)
	}
	var doc bytes.Buffer
	if err := set.ExecuteTemplate(&doc, "layout", layoutData{Layout: layout, Content: template.HTML(strings.TrimSpace(body.String()))}); err != nil {
		return fmt.Errorf("govukfrontend: rendering layout for %q: %w", page, err)
	}
	_, err := doc.WriteTo(w)
	return err
}

// RenderComponent writes one component on its own, such as "govuk/button" with a Button, in the
// given language. It serves handlers that return a fragment, and the package's golden tests.
func (r *Renderer) RenderComponent(w io.Writer, lang, name string, data any) error {
	if lang == "" {
		lang = defaultLang
	}
	set, ok := r.sets[lang]
	if !ok {
		return fmt.Errorf("govukfrontend: unsupported language %q", lang)
	}
	if !strings.HasPrefix(name, "govuk/") || set.Lookup(name) == nil {
		return fmt.Errorf("govukfrontend: no component %q", name)
	}
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, name, data); err != nil {
		return fmt.Errorf("govukfrontend: rendering %q: %w", name, err)
	}
	_, err := buf.WriteTo(w)
	return err
}
