package govukfrontend

import (
	"bytes"
	"flag"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Run `go test ./internal/govukfrontend -update` to rewrite the golden files after a deliberate change
// to the markup, then read the diff before committing it.
var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// assetHash matches the content hash in asset URLs, which changes whenever the front end is rebuilt
// and so is left out of the golden files.
var assetHash = regexp.MustCompile(`\?v=[0-9a-f]{12}`)

// checkGolden compares got with testdata/name.html, or rewrites the file under -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	got = assetHash.ReplaceAll(got, []byte("?v=HASH"))
	file := filepath.Join("testdata", name+".html")
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gotLines, wantLines := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gotLines) || i < len(wantLines); i++ {
			var g, w string
			if i < len(gotLines) {
				g = gotLines[i]
			}
			if i < len(wantLines) {
				w = wantLines[i]
			}
			if g != w {
				t.Fatalf("%s differs at line %d (run with -update if the change is intended):\n got: %s\nwant: %s", file, i+1, g, w)
			}
		}
	}
}

func newRenderer(t *testing.T) *Renderer {
	t.Helper()
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// componentCase is one component rendered on its own.
type componentCase struct {
	golden, lang, name string
	data               any
}

func off() *bool { f := false; return &f }

func componentCases() []componentCase {
	return []componentCase{
		{"error-summary", "en", "govuk/error-summary", ErrorSummary{Errors: []ErrorLink{
			{Text: "Enter an amount", Href: "#amount"},
			{Text: "Enter your account reference", Href: "#reference"},
		}}},
		{"error-summary-cy", "cy", "govuk/error-summary", ErrorSummary{Errors: []ErrorLink{{Text: "Rhowch swm", Href: "#amount"}}}},
		{"error-summary-empty", "en", "govuk/error-summary", ErrorSummary{}},
		{"text-input", "en", "govuk/text-input", TextInput{Name: "reference", Label: "Account reference"}},
		{"text-input-hint-error", "en", "govuk/text-input", TextInput{
			ID: "amount", Name: "amount", Label: "Amount to pay", Hint: "For example, 125.50",
			Value: "12.345", Error: "Amount must be in pounds and pence, like 125.50",
			InputMode: "decimal", Autocomplete: "off", Spellcheck: off(), Width: WidthChars10, Prefix: "£",
		}},
		{"text-input-error-cy", "cy", "govuk/text-input", TextInput{Name: "amount", Label: "Swm", Error: "Rhowch swm"}},
		{"text-input-page-heading", "en", "govuk/text-input", TextInput{
			Name: "email", Label: "What is your email address?", LabelIsPageHeading: true, Type: "email",
			Autocomplete: "email", Spellcheck: off(), Width: WidthTwoThirds,
		}},
		{"button", "en", "govuk/button", Button{Text: "Continue", PreventDoubleClick: true}},
		{"button-secondary", "en", "govuk/button", Button{Text: "Add another payment", Variant: ButtonSecondary, Name: "action", Value: "add"}},
		{"button-warning", "en", "govuk/button", Button{Text: "Cancel payment", Variant: ButtonWarning, ID: "cancel"}},
		{"button-link-start", "en", "govuk/button", Button{Href: "/pay", Start: true}},
		{"button-link-start-cy", "cy", "govuk/button", Button{Href: "/pay", Start: true}},
		{"table", "en", "govuk/table", Table{
			Caption: "Payments", CaptionSize: "m",
			Head: []TableHeader{{Text: "Fund"}, {Text: "Reference"}, {Text: "Amount", Numeric: true}},
			Rows: [][]TableCell{
				{{Text: "Council Tax"}, {Text: "1234567890"}, {Text: "£125.50", Numeric: true}},
				{{Text: "Parking fine"}, {HTML: template.HTML(`<a class="govuk-link" href="/pcn/BJ99518409">BJ99518409</a>`)}, {Text: "£70.00", Numeric: true}},
			},
		}},
		{"table-row-headers", "en", "govuk/table", Table{
			FirstCellIsHeader: true,
			Rows:              [][]TableCell{{{Text: "Cash"}, {Text: "£10.00", Numeric: true}}},
		}},
		{"summary-list", "en", "govuk/summary-list", SummaryList{Rows: []SummaryRow{
			{Key: "Fund", Value: "Council Tax", Actions: []SummaryAction{{Text: "Change", Href: "/basket/1/fund", VisuallyHiddenText: "fund"}}},
			{Key: "Amount", ValueHTML: template.HTML(`<span class="ims-amount">£125.50</span>`), Actions: []SummaryAction{
				{Text: "Change", Href: "/basket/1/amount", VisuallyHiddenText: "amount"},
				{Text: "Remove", Href: "/basket/1/remove", VisuallyHiddenText: "payment"},
			}},
			{Key: "Receipt", Value: "Email"},
		}}},
		{"summary-list-no-border", "en", "govuk/summary-list", SummaryList{NoBorder: true, Rows: []SummaryRow{{Key: "Name", Value: "A Person"}}}},
		{"panel", "en", "govuk/panel", Panel{Title: "Payment complete", Body: "Your receipt number is", Reference: "7KD4X9QF2M"}},
		{"notification-banner", "en", "govuk/notification-banner", NotificationBanner{Heading: "You have 2 payments in your basket"}},
		{"notification-banner-success", "en", "govuk/notification-banner", NotificationBanner{
			Success: true, Heading: "Import complete", Text: "1,204 transactions were allocated.", TitleID: "import-banner-title",
		}},
		{"notification-banner-success-cy", "cy", "govuk/notification-banner", NotificationBanner{Success: true, Heading: "Taliad wedi'i gwblhau"}},
		{"back-link", "en", "govuk/back-link", BackLink{Href: "/basket"}},
		{"back-link-cy", "cy", "govuk/back-link", BackLink{Href: "/basket"}},
		{"tag", "en", "govuk/tag", Tag{Text: "Allocated"}},
		{"tag-red", "en", "govuk/tag", Tag{Text: "In suspense", Colour: TagRed}},
		{"inset-text", "en", "govuk/inset-text", InsetText{Text: "Payments made after 8pm are processed the next working day."}},
	}
}

func TestComponentsGolden(t *testing.T) {
	r := newRenderer(t)
	for _, tc := range componentCases() {
		t.Run(tc.golden, func(t *testing.T) {
			var buf bytes.Buffer
			if err := r.RenderComponent(&buf, tc.lang, tc.name, tc.data); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, "components/"+tc.golden, buf.Bytes())
		})
	}
}

// pageCase is one whole page: a content template inside the layout.
type pageCase struct {
	golden, page string
	layout       Layout
	content      any
}

func fullLayout() Layout {
	return Layout{
		Title:            "Pay a bill",
		OrganisationName: "Anytown Borough Council",
		OrganisationURL:  "https://www.anytown.example",
		ServiceName:      "Pay Anytown Council",
		ServiceURL:       "/",
		Nav: []NavItem{
			{Text: "Pay", Href: "/", Current: true},
			{Text: "Your basket", Href: "/basket"},
			{Text: "Help", Href: "/help"},
		},
		Banner:      &Banner{Kind: BannerWarning, Text: "Card payments will be unavailable from 10pm to midnight on Sunday."},
		PhaseTag:    "Beta",
		FooterLinks: []Link{{Text: "Accessibility statement", Href: "/accessibility"}, {Text: "Privacy", Href: "/privacy"}},
	}
}

func pageCases() []pageCase {
	cy := fullLayout()
	cy.Lang = "cy"
	cy.Title = "Talu bil"
	cy.Banner = &Banner{Kind: BannerInfo, Text: "Neges"}

	staff := Layout{
		Title: "Error: Take a payment", OrganisationName: "Anytown Borough Council",
		ServiceName: "Income management", Nav: []NavItem{{Text: "Payments", Href: "/admin/payments", Active: true}},
		Banner:   &Banner{Kind: BannerError, Text: "The card payment provider is not responding."},
		BackLink: &BackLink{Href: "/admin"},
	}
	minimal := Layout{Title: "Page not found", OrganisationName: "Anytown Borough Council"}

	start := StartPage{
		Heading:    "Pay Anytown Council",
		Paragraphs: []string{"Use this service to pay council tax, business rates, parking fines and invoices.", "You need your account reference."},
		StartHref:  "/pay/fund",
	}
	return []pageCase{
		{"start", "start", fullLayout(), start},
		{"start-cy", "start", cy, StartPage{Heading: "Talu Cyngor Anytown", Paragraphs: []string{"Defnyddiwch y gwasanaeth hwn i dalu."}, StartHref: "/pay/fund"}},
		{"error", "error", staff, ErrorPage{Reference: "01JD4V9Q2W"}},
		{"error-custom", "error", minimal, ErrorPage{Heading: "You cannot pay this account online", Message: "Call 01234 567890 to pay."}},
		{"not-found", "not-found", minimal, NotFoundPage{HomeHref: "/"}},
		{"not-found-nil", "not-found", minimal, nil},
	}
}

func TestPagesGolden(t *testing.T) {
	r := newRenderer(t)
	for _, tc := range pageCases() {
		t.Run(tc.golden, func(t *testing.T) {
			var buf bytes.Buffer
			if err := r.Render(&buf, tc.page, tc.layout, tc.content); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, "pages/"+tc.golden, buf.Bytes())
		})
	}
}
