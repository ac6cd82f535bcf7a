package portal

import (
	"strconv"
	"strings"

	"github.com/ims-council/ims/internal/govukfrontend"
)

// radios is a GOV.UK radios question whose legend is the page's heading. Rendered by the portal's
// "portal/radios" template (the govuk package has no radios component yet).
type radios struct {
	Name   string
	Legend string
	Hint   string
	Error  string
	Items  []radioItem
}

// radioItem is one choice; Hint is shown under its label.
type radioItem struct {
	Value   string
	Label   string
	Hint    string
	Checked bool
}

// ItemID returns the id of the i-th radio: the first has the question's name, so that the error
// summary's link to the question lands on it, as GOV.UK Frontend does.
func (rs radios) ItemID(i int) string {
	if i == 0 {
		return rs.Name
	}
	return rs.Name + "-" + strconv.Itoa(i+1)
}

// DescribedBy returns the fieldset's aria-describedby: its hint and its error message.
func (rs radios) DescribedBy() string {
	var ids []string
	if rs.Hint != "" {
		ids = append(ids, rs.Name+"-hint")
	}
	if rs.Error != "" {
		ids = append(ids, rs.Name+"-error")
	}
	return strings.Join(ids, " ")
}

// ErrorMessage returns the question's error message for "govuk/error-message".
func (rs radios) ErrorMessage() govukfrontend.ErrorMessage {
	return govukfrontend.ErrorMessage{ID: rs.Name + "-error", Text: rs.Error}
}
