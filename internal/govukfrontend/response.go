package govukfrontend

import (
	"bytes"
	"net/http"
)

// WritePage answers a request with the named page inside the layout, as HTML with the given status.
// The page is rendered in full before anything is written, so when rendering fails nothing has been
// sent and the caller can still answer with an error; that failure is the error returned. (A client
// that goes away while the page is being sent is not an error of the page's.)
func (r *Renderer) WritePage(w http.ResponseWriter, status int, page string, layout Layout, content any) error {
	var buf bytes.Buffer
	if err := r.Render(&buf, page, layout, content); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
	return nil
}
