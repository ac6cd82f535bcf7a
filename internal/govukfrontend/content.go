package govukfrontend

import "html/template"

// The content components. As with the form components, a content template includes one by name
// with the value as data: {{template "govuk/table" .Payments}}.

// Table is a data table. Rendered by "govuk/table".
type Table struct {
	Caption string
	// CaptionSize is "s", "m", "l" or "xl" for a caption styled as a heading of that size; empty for
	// plain caption text.
	CaptionSize string
	Head        []TableHeader
	Rows        [][]TableCell
	// FirstCellIsHeader makes each row's first cell a row header (<th scope="row">).
	FirstCellIsHeader bool
}

// CaptionClass returns the class attribute of the table's caption.
func (t Table) CaptionClass() string {
	if t.CaptionSize == "" {
		return "govuk-table__caption"
	}
	return "govuk-table__caption govuk-table__caption--" + t.CaptionSize
}

// TableHeader is a column header. Numeric right-aligns it, to sit over numeric cells.
type TableHeader struct {
	Text    string
	Numeric bool
}

// TableCell is one cell: Text, or HTML when the cell holds markup such as a link or a tag. HTML is
// trusted as it is, so build it from a rendered component or escape what goes into it.
// Numeric right-aligns the cell with tabular digits, for amounts.
type TableCell struct {
	Text    string
	HTML    template.HTML
	Numeric bool
}

// SummaryList shows facts as key–value rows, each with optional actions such as "Change".
// Rendered by "govuk/summary-list".
type SummaryList struct {
	Rows []SummaryRow
	// NoBorder removes the row separators.
	NoBorder bool
}

// AnyActions reports whether any row has actions; rows without actions then need a class that
// keeps the columns aligned.
func (s SummaryList) AnyActions() bool {
	for _, r := range s.Rows {
		if len(r.Actions) > 0 {
			return true
		}
	}
	return false
}

// SummaryRow is one row of a SummaryList: a key and its value, as Text or trusted HTML.
type SummaryRow struct {
	Key       string
	Value     string
	ValueHTML template.HTML
	Actions   []SummaryAction
}

// SummaryAction is a link acting on a SummaryList row. VisuallyHiddenText completes the link text
// for screen readers, as in "Change" + " amount".
type SummaryAction struct {
	Text               string
	Href               string
	VisuallyHiddenText string
}

// Panel is the confirmation panel shown when a transaction is complete, such as a payment, with its
// reference made prominent. Rendered by "govuk/panel".
type Panel struct {
	Title string
	// Body is text under the title, such as "Your receipt number is".
	Body string
	// Reference, when set, follows the body in bold on its own line.
	Reference string
}

// NotificationBanner tells the user about something that is not related to the page's content, or
// (with Success) about the outcome of something they just did. Rendered by
// "govuk/notification-banner".
type NotificationBanner struct {
	// Title defaults to "Important", or "Success" for a success banner.
	Title string
	// TitleID is the title's element id; the default suits a page with one banner.
	TitleID string
	// Heading is the banner's main message, in bold; Text an optional paragraph after it.
	Heading string
	Text    string
	Success bool
}

// BannerTitleID returns the id of the banner's title element.
func (n NotificationBanner) BannerTitleID() string {
	if n.TitleID == "" {
		return "govuk-notification-banner-title"
	}
	return n.TitleID
}

// BackLink is a link to the previous page. Rendered by "govuk/back-link"; Text defaults to "Back".
type BackLink struct {
	Href string
	Text string
}

// TagColour is a GOV.UK tag colour class; the zero value is the default blue.
type TagColour string

// The tag colours GOV.UK Frontend provides.
const (
	TagBlue      TagColour = ""
	TagGrey      TagColour = "govuk-tag--grey"
	TagGreen     TagColour = "govuk-tag--green"
	TagTurquoise TagColour = "govuk-tag--turquoise"
	TagTeal      TagColour = "govuk-tag--teal"
	TagPurple    TagColour = "govuk-tag--purple"
	TagMagenta   TagColour = "govuk-tag--magenta"
	TagPink      TagColour = "govuk-tag--pink"
	TagRed       TagColour = "govuk-tag--red"
	TagOrange    TagColour = "govuk-tag--orange"
	TagYellow    TagColour = "govuk-tag--yellow"
)

// Tag shows a status, such as "Allocated" or "In suspense". Rendered by "govuk/tag".
type Tag struct {
	Text   string
	Colour TagColour
}

// Class returns the class attribute of the tag.
func (t Tag) Class() string {
	if t.Colour == "" {
		return "govuk-tag"
	}
	return "govuk-tag " + string(t.Colour)
}

// InsetText sets a quotation or an important aside apart from the text around it. Rendered by
// "govuk/inset-text".
type InsetText struct {
	Text string
}
