package admin

import (
	"context"
	"strconv"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/refdata"
)

// messageKind is the system messages' pages: banners on staff pages, and on the portal when public,
// between their start and end.
func messageKind() kind[ims.SystemMessage] {
	return kind[ims.SystemMessage]{
		slug: "system-messages", plural: "System messages", one: "system message",
		intro:   "Banners shown on every staff page, and on the payment portal when public, from their start to their end (UK time).",
		records: func(s ReferenceData) refdata.Records[ims.SystemMessage] { return s.SystemMessages() },
		key:     func(m ims.SystemMessage) string { return strconv.FormatInt(m.ID, 10) },
		head:    []string{"Number", "Severity", "Message", "Public", "Starts", "Ends"},
		row: func(m ims.SystemMessage) []string {
			return []string{strconv.FormatInt(m.ID, 10), m.Severity, m.Text, yesNo(m.Public), showTime(m.Starts), showTime(m.Ends)}
		},
		fields: func(_ context.Context, _ *Admin, _ ims.Principal, m ims.SystemMessage, creating bool) ([]field, error) {
			var fs []field
			if creating {
				fs = append(fs, field{Name: "id", Label: "Number", Hint: "A number of your choice, so that reloading the configuration replaces the same message", Kind: textField, Value: showInt(int(m.ID)), Width: "govuk-input--width-5"})
			}
			return append(fs,
				field{Name: "severity", Label: "Severity", Kind: selectField, Options: choices(m.Severity, false,
					[]string{"info", "warning", "error"}, []string{"Important", "Warning", "Service problem"})},
				field{Name: "text", Label: "Message", Kind: areaField, Value: m.Text},
				field{Name: "public", Label: "Show it to payers on the payment portal too", Kind: checkboxField, Checked: m.Public},
				field{Name: "starts", Label: "Starts", Hint: "UK time, like 2026-12-24 18:00", Kind: textField, Value: showTime(m.Starts), Width: "govuk-input--width-10"},
				field{Name: "ends", Label: "Ends (optional)", Hint: "UK time; blank to show it until it is deleted", Kind: textField, Value: showTime(m.Ends), Width: "govuk-input--width-10"},
			), nil
		},
		parse: func(f *form, key string) ims.SystemMessage {
			if key == "" {
				key = f.text("id")
			}
			id, err := strconv.ParseInt(key, 10, 64)
			if err != nil || id <= 0 {
				f.problems.Add("id", "Number must be a whole number from 1")
			}
			m := ims.SystemMessage{ID: id, Severity: f.text("severity"), Text: f.text("text"), Public: f.check("public"),
				Starts: f.time("starts", "Starts"), Ends: f.time("ends", "Ends")}
			if m.Starts.IsZero() {
				f.problems.Add("starts", "Enter when the message starts")
			}
			return m
		},
	}
}
