package govukfrontend

import "strings"

// The form components. Content templates include them by name with the value as data, for example
// {{template "govuk/text-input" .Amount}}; every component template is listed in the package doc.

// ErrorSummary lists a form's errors at the top of the page, each linking to its field.
// Rendered by "govuk/error-summary"; nothing is rendered when Errors is empty.
type ErrorSummary struct {
	// Title defaults to "There is a problem" (Welsh: "Mae problem wedi codi").
	Title  string
	Errors []ErrorLink
}

// ErrorLink is one error in an ErrorSummary: the message and the fragment of the field it is about,
// such as "#amount".
type ErrorLink struct {
	Text string
	Href string
}

// InputWidth is a GOV.UK Frontend width class for a text input: fixed widths fit the expected number
// of characters, fluid widths a fraction of the container.
type InputWidth string

// The widths GOV.UK Frontend provides.
const (
	WidthChars2        InputWidth = "govuk-input--width-2"
	WidthChars3        InputWidth = "govuk-input--width-3"
	WidthChars4        InputWidth = "govuk-input--width-4"
	WidthChars5        InputWidth = "govuk-input--width-5"
	WidthChars10       InputWidth = "govuk-input--width-10"
	WidthChars20       InputWidth = "govuk-input--width-20"
	WidthChars30       InputWidth = "govuk-input--width-30"
	WidthFull          InputWidth = "govuk-!-width-full"
	WidthThreeQuarters InputWidth = "govuk-!-width-three-quarters"
	WidthTwoThirds     InputWidth = "govuk-!-width-two-thirds"
	WidthOneHalf       InputWidth = "govuk-!-width-one-half"
	WidthOneThird      InputWidth = "govuk-!-width-one-third"
	WidthOneQuarter    InputWidth = "govuk-!-width-one-quarter"
)

// TextInput is a single-line text field in its form group, with its label, optional hint and
// optional error message. Rendered by "govuk/text-input".
type TextInput struct {
	// ID is the input's id (the error summary links to it); Name its form name. ID defaults to Name.
	ID   string
	Name string

	Label string
	// LabelIsPageHeading wraps the label in the page's h1, for a page that asks one question.
	LabelIsPageHeading bool

	Hint  string
	Value string
	// Error is the error message; empty when the field is valid.
	Error string

	// Type is the input type; "text" when empty. Use "email", "tel" or "password" where they fit.
	Type string
	// InputMode is the inputmode attribute, such as "numeric" or "decimal"; omitted when empty.
	InputMode string
	// Autocomplete is the autocomplete attribute, such as "postal-code" or "off"; omitted when empty.
	Autocomplete string
	// Spellcheck, when false, turns spell checking off (for references and codes); nil leaves the
	// browser's default.
	Spellcheck *bool
	Width      InputWidth

	// Prefix and Suffix are short texts shown beside the field, such as "£"; hidden from screen
	// readers, so the label must say the same.
	Prefix string
	Suffix string
}

// InputID returns the id of the input element: ID, or Name when ID is empty.
func (in TextInput) InputID() string {
	if in.ID != "" {
		return in.ID
	}
	return in.Name
}

// HintID returns the id of the hint element.
func (in TextInput) HintID() string { return in.InputID() + "-hint" }

// ErrorID returns the id of the error message element.
func (in TextInput) ErrorID() string { return in.InputID() + "-error" }

// DescribedBy returns the aria-describedby value linking the input to its hint and error message,
// in that order, or "" when it has neither.
func (in TextInput) DescribedBy() string {
	var ids []string
	if in.Hint != "" {
		ids = append(ids, in.HintID())
	}
	if in.Error != "" {
		ids = append(ids, in.ErrorID())
	}
	return strings.Join(ids, " ")
}

// InputType returns the input's type attribute: Type, or "text".
func (in TextInput) InputType() string {
	if in.Type == "" {
		return "text"
	}
	return in.Type
}

// InputClass returns the class attribute of the input element.
func (in TextInput) InputClass() string {
	class := "govuk-input"
	if in.Width != "" {
		class += " " + string(in.Width)
	}
	if in.Error != "" {
		class += " govuk-input--error"
	}
	return class
}

// SpellcheckAttr returns the spellcheck attribute's value, "true" or "false", or "" to omit it.
func (in TextInput) SpellcheckAttr() string {
	if in.Spellcheck == nil {
		return ""
	}
	if *in.Spellcheck {
		return "true"
	}
	return "false"
}

// ButtonVariant is a GOV.UK button style.
type ButtonVariant string

// The button styles. Primary (the zero value) is the green action button; use one per page.
const (
	ButtonPrimary   ButtonVariant = ""
	ButtonSecondary ButtonVariant = "govuk-button--secondary"
	ButtonWarning   ButtonVariant = "govuk-button--warning"
	ButtonInverse   ButtonVariant = "govuk-button--inverse"
)

// Button is a form button, or a link styled as one when Href is set. Rendered by "govuk/button".
type Button struct {
	Text    string
	Variant ButtonVariant
	// Start makes it a start button, with the arrow icon (normally a link: set Href).
	Start bool
	// Href turns the button into a link styled as a button.
	Href string

	// ID, Name, Value and Type apply to a <button>; Type is "submit" when empty.
	ID    string
	Name  string
	Value string
	Type  string
	// Disabled renders a disabled button (avoid: explain instead why the action is unavailable).
	Disabled bool
	// PreventDoubleClick makes GOV.UK Frontend's script ignore a second click within a second, so a
	// payment form is not submitted twice.
	PreventDoubleClick bool
}

// Class returns the class attribute of the button or link.
func (b Button) Class() string {
	class := "govuk-button"
	if b.Variant != "" {
		class += " " + string(b.Variant)
	}
	if b.Start {
		class += " govuk-button--start"
	}
	return class
}

// ButtonType returns the button's type attribute: Type, or "submit".
func (b Button) ButtonType() string {
	if b.Type == "" {
		return "submit"
	}
	return b.Type
}

// ErrorMessage is a form field's error message with its element id, which the field's
// aria-describedby refers to. Rendered by "govuk/error-message", with a visually hidden "Error:"
// prefix in the page's language.
type ErrorMessage struct {
	ID   string
	Text string
}

// ErrorMessage returns the input's error message for "govuk/error-message".
func (in TextInput) ErrorMessage() ErrorMessage {
	return ErrorMessage{ID: in.ErrorID(), Text: in.Error}
}
