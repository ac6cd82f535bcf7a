package portal

import "github.com/ims-council/ims/internal/govukfrontend"

// formErrors collects a form's errors in the order of the fields on the page, for the error
// summary at the top and the message beside each field.
type formErrors struct {
	links   []govukfrontend.ErrorLink
	byField map[string]string
}

// add records an error about the field with element id field, keeping the first error of each
// field; an empty field makes an error that links nowhere.
func (e *formErrors) add(field, message string) {
	if e.byField == nil {
		e.byField = make(map[string]string)
	}
	if field != "" {
		if _, done := e.byField[field]; done {
			return
		}
		e.byField[field] = message
		e.links = append(e.links, govukfrontend.ErrorLink{Text: message, Href: "#" + field})
		return
	}
	e.links = append(e.links, govukfrontend.ErrorLink{Text: message})
}

// any reports whether there is an error.
func (e *formErrors) any() bool { return len(e.links) > 0 }

// of returns the error about a field, or "".
func (e *formErrors) of(field string) string { return e.byField[field] }

// summary returns the error summary.
func (e *formErrors) summary() govukfrontend.ErrorSummary {
	return govukfrontend.ErrorSummary{Errors: e.links}
}
