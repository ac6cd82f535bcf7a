package api

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/ims-council/ims"
)

// maxBody caps request bodies of ordinary API calls; file uploads have their own limit.
const maxBody = 1 << 20

// decode reads a JSON request body into v, refusing unknown fields, trailing data, the wrong
// content type and oversized bodies with errors that say which.
func decode(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return ims.Errorf(ims.Invalid, "Send the body as application/json, not %s", ct)
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, maxBody+1))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.EOF):
			return ims.Errorf(ims.Invalid, "The request body is empty; send a JSON object")
		case errors.As(err, &syntax):
			return ims.Errorf(ims.Invalid, "The request body is not valid JSON (at byte %d)", syntax.Offset)
		case errors.As(err, &typ):
			return ims.FieldError(typ.Field, "%s must be a %s, not a JSON %s", typ.Field, typ.Type, typ.Value)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return ims.FieldError(field, "Unknown field %q", field)
		}
		return ims.Errorf(ims.Invalid, "The request body could not be read: %v", err)
	}
	if dec.More() {
		return ims.Errorf(ims.Invalid, "The request body has data after the JSON object")
	}
	if n, _ := io.Copy(io.Discard, dec.Buffered()); n > maxBody {
		return ims.Errorf(ims.Invalid, "The request body is larger than %d bytes", maxBody)
	}
	return nil
}
