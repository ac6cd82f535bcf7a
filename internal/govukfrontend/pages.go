package govukfrontend

// StartPage is the content of the "start" page: the first page of a service, with a start button.
type StartPage struct {
	Heading    string
	Paragraphs []string
	StartHref  string
	// StartText is the button's text; "Start now" (Welsh: "Dechrau nawr") when empty, as for any
	// start Button without text.
	StartText string
	// OtherLanguage, when set, links to the same page in the other language (Welsh or English).
	OtherLanguage *LanguageLink
}

// LanguageLink is a link to the same page in another language; Lang is that language's code.
type LanguageLink struct {
	Href string
	Text string
	Lang string
}

// ErrorPage is the content of the "error" page, shown when something went wrong that the user cannot
// fix. Reference identifies the failure in the logs (the request id), so staff can find it when the
// user quotes it; the page never shows the error itself.
type ErrorPage struct {
	// Heading defaults to "Sorry, there is a problem with the service".
	Heading string
	// Message defaults to "Try again later."
	Message   string
	Reference string
}

// NotFoundPage is the content of the "not-found" page. Its text is fixed; HomeHref, when set, adds
// a link back to the service's first page. A nil content value is fine too.
type NotFoundPage struct {
	HomeHref string
}

// Button returns the page's start button.
func (p StartPage) Button() Button {
	return Button{Text: p.StartText, Href: p.StartHref, Start: true}
}
