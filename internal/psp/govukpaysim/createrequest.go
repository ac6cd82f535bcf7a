package govukpaysim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"unicode/utf8"
)

// createRequest is the body of POST /v1/payments (CreateCardPaymentRequest) once checked.
type createRequest struct {
	Amount      int64          `json:"amount"`
	Reference   string         `json:"reference"`
	Description string         `json:"description"`
	ReturnURL   string         `json:"return_url"`
	Language    string         `json:"language"`
	Email       string         `json:"email,omitempty"`
	Moto        bool           `json:"moto"`
	Metadata    map[string]any `json:"metadata,omitempty"`
}

// A requestError is GOV.UK Pay's answer to a request it refuses.
type requestError struct {
	status int
	body   errorJSON
}

// Limits of GOV.UK Pay's create payment request.
const (
	maxAmount        = 10_000_000 // £100,000
	maxReference     = 255
	maxDescription   = 255
	maxReturnURL     = 2000
	maxEmail         = 254
	maxMetadataKeys  = 10
	maxMetadataKey   = 30
	maxMetadataValue = 100
)

// parseCreateRequest checks a create payment body as GOV.UK Pay does: 400 P0197 when it is not a
// JSON object, 400 P0101 when a required field is missing, 422 P0102 when a value is invalid,
// naming the field.
func parseCreateRequest(body []byte) (createRequest, *requestError) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil || fields == nil {
		return createRequest{}, &requestError{http.StatusBadRequest, errorJSON{Code: "P0197", Description: "Unable to parse JSON"}}
	}
	for _, name := range []string{"amount", "description", "reference", "return_url"} {
		if v, ok := fields[name]; !ok || string(v) == "null" {
			return createRequest{}, &requestError{http.StatusBadRequest, errorJSON{
				Code: "P0101", Field: name, Description: "Missing mandatory attribute: " + name}}
		}
	}
	invalid := func(field, must string) *requestError {
		return &requestError{http.StatusUnprocessableEntity, errorJSON{
			Code: "P0102", Field: field, Description: fmt.Sprintf("Invalid attribute value: %s. %s", field, must)}}
	}
	req := createRequest{Language: "en"}

	// A quoted number would decode into json.Number too; GOV.UK Pay wants a JSON number.
	var amount json.Number
	if raw := fields["amount"]; raw[0] == '"' || strictDecode(raw, &amount) != nil {
		return req, invalid("amount", "Must be a valid numeric format")
	}
	n, err := amount.Int64()
	switch {
	case err != nil:
		return req, invalid("amount", "Must be a valid numeric format")
	case n < 1:
		return req, invalid("amount", "Must be greater than or equal to 1")
	case n > maxAmount:
		return req, invalid("amount", fmt.Sprintf("Must be less than or equal to %d", maxAmount))
	}
	req.Amount = n

	text := []struct {
		name string
		dst  *string
		max  int
	}{
		{"reference", &req.Reference, maxReference},
		{"description", &req.Description, maxDescription},
		{"return_url", &req.ReturnURL, maxReturnURL},
		{"email", &req.Email, maxEmail},
		{"language", &req.Language, 2},
	}
	for _, f := range text {
		raw, ok := fields[f.name]
		if !ok {
			continue
		}
		if err := strictDecode(raw, f.dst); err != nil {
			return req, invalid(f.name, "Must be of type String")
		}
		if utf8.RuneCountInString(*f.dst) > f.max {
			return req, invalid(f.name, fmt.Sprintf("Must be less than or equal to %d characters length", f.max))
		}
	}
	if u, err := url.Parse(req.ReturnURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return req, invalid("return_url", "Must be a valid URL format")
	}
	if req.Language != "en" && req.Language != "cy" {
		return req, invalid("language", `Must be "cy" or "en"`)
	}

	var delayed bool
	for name, dst := range map[string]*bool{"moto": &req.Moto, "delayed_capture": &delayed} {
		if raw, ok := fields[name]; ok {
			if err := strictDecode(raw, dst); err != nil {
				return req, invalid(name, "Must be true or false")
			}
		}
	}
	if delayed {
		return req, invalid("delayed_capture", "The simulator takes every payment at once, so it must be false")
	}
	if raw, ok := fields["authorisation_mode"]; ok {
		var mode string
		if err := strictDecode(raw, &mode); err != nil || mode != "web" {
			return req, invalid("authorisation_mode", `The simulator supports only "web"`)
		}
	}
	if raw, ok := fields["metadata"]; ok {
		md, problem := parseMetadata(raw)
		if problem != "" {
			return req, invalid("metadata", problem)
		}
		req.Metadata = md
	}
	return req, nil
}

// parseMetadata checks custom metadata as GOV.UK Pay does: 1 to 10 keys of up to 30 characters,
// with string values of up to 100 characters, numbers or booleans. It returns the metadata or
// what is wrong.
func parseMetadata(raw json.RawMessage) (map[string]any, string) {
	var md map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // keep numbers exactly as sent
	if err := dec.Decode(&md); err != nil || md == nil {
		return nil, "Must be an object of JSON"
	}
	if len(md) < 1 || len(md) > maxMetadataKeys {
		return nil, fmt.Sprintf("Cannot have more than %d key-value pairs, or none", maxMetadataKeys)
	}
	for k, v := range md {
		if k == "" || utf8.RuneCountInString(k) > maxMetadataKey {
			return nil, fmt.Sprintf("Keys must be between 1 and %d characters long", maxMetadataKey)
		}
		switch v := v.(type) {
		case string:
			if utf8.RuneCountInString(v) > maxMetadataValue {
				return nil, fmt.Sprintf("Values must be no greater than %d characters long", maxMetadataValue)
			}
		case json.Number, bool:
		default:
			return nil, "Values must be of type String, Boolean or Number"
		}
	}
	return md, ""
}

// strictDecode decodes one JSON value into v, refusing null, which GOV.UK Pay treats as a wrong
// type rather than as absent for optional fields.
func strictDecode(raw json.RawMessage, v any) error {
	if string(raw) == "null" {
		return fmt.Errorf("null")
	}
	return json.Unmarshal(raw, v)
}
