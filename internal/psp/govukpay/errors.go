package govukpay

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/ims-council/ims"
)

// requestError is GOV.UK Pay's error body (RequestError, and ErrorResponse without field/header).
type requestError struct {
	Code        string `json:"code"`
	Description string `json:"description"`
	Field       string `json:"field"`
	Header      string `json:"header"`
}

// statusError turns an answer that is not a success into an *ims.Error. what names the thing
// asked for ("payment abc"), for the not-found message.
func statusError(res response, what string) error {
	var re requestError
	_ = json.Unmarshal(res.body, &re) // many of these answers have no body; the status says enough
	detail := re.detail()
	switch s := res.status; {
	case s == http.StatusBadRequest || s == http.StatusUnprocessableEntity:
		e := &ims.Error{Code: ims.Invalid, Message: "GOV.UK Pay refused the request: " + orText(detail, http.StatusText(s))}
		if name := orText(re.Field, re.Header); name != "" {
			e.Fields = map[string]string{name: clip(orText(re.Description, re.Code))}
		}
		return e
	case s == http.StatusUnauthorized || s == http.StatusForbidden:
		// The payer can do nothing about this: the account is misconfigured or the key revoked.
		return &ims.Error{Code: ims.Internal, Message: "the GOV.UK Pay API key was refused",
			Err: fmt.Errorf("HTTP %d", s)}
	case s == http.StatusNotFound:
		return &ims.Error{Code: ims.NotFound, Message: "GOV.UK Pay has no " + what}
	case s == http.StatusConflict:
		return &ims.Error{Code: ims.Conflict, Message: "GOV.UK Pay refused the request as it conflicts with the state of " + what +
			suffix(detail)}
	case s == http.StatusTooManyRequests:
		return &ims.Error{Code: ims.Unavailable, Message: "GOV.UK Pay is refusing requests because too many were sent; try again shortly"}
	case s >= 500:
		return &ims.Error{Code: ims.Unavailable, Message: "GOV.UK Pay is not working at the moment; try again later" + suffix(detail),
			Err: fmt.Errorf("HTTP %d", s)}
	default:
		return &ims.Error{Code: ims.Unavailable, Message: fmt.Sprintf("GOV.UK Pay answered with an unexpected HTTP status %d", s)}
	}
}

// unreadable is the error for an answer that claims success but cannot be made sense of.
func unreadable(format string, args ...any) error {
	return &ims.Error{Code: ims.Unavailable, Message: "GOV.UK Pay answered with something unreadable: " + fmt.Sprintf(format, args...)}
}

// detail is GOV.UK Pay's code and description, clipped: it ends up in messages people read.
func (re requestError) detail() string {
	d := strings.Join(nonEmpty(re.Code, re.Description), " ")
	if r := []rune(d); len(r) > 300 {
		d = string(r[:300]) + "…"
	}
	return d
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func orText(s, alt string) string {
	if s != "" {
		return s
	}
	return alt
}

func suffix(detail string) string {
	if detail == "" {
		return ""
	}
	return " (" + detail + ")"
}
