package govukfrontend

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestWritePageAnswersWithTheStatusAndTheWholePage(t *testing.T) {
	r := newRenderer(t)
	w := httptest.NewRecorder()
	if err := r.WritePage(w, http.StatusNotFound, "not-found", Layout{Title: "Page not found"}, nil); err != nil {
		t.Fatal(err)
	}
	if w.Code != http.StatusNotFound {
		t.Errorf("status %d, want 404", w.Code)
	}
	if ct := w.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if body := w.Body.String(); !strings.HasPrefix(body, "<!DOCTYPE html>") || !strings.Contains(body, "Page not found") ||
		!strings.HasSuffix(strings.TrimSpace(body), "</html>") {
		t.Errorf("not the whole page:\n%s", body)
	}
}

func TestWritePageThatFailsWritesNothing(t *testing.T) {
	r := newRenderer(t)
	w := httptest.NewRecorder()
	// A page that does not exist, and a language that does not, both fail before anything is sent.
	for _, call := range []func() error{
		func() error { return r.WritePage(w, http.StatusOK, "no-such-page", Layout{}, nil) },
		func() error { return r.WritePage(w, http.StatusOK, "start", Layout{Lang: "fr"}, StartPage{}) },
	} {
		if err := call(); err == nil {
			t.Error("WritePage did not fail")
		}
	}
	if w.Body.Len() != 0 || len(w.Header()) != 0 || w.Flushed {
		t.Errorf("a failed page wrote something: headers %v, body %q", w.Header(), w.Body)
	}
	// The caller can still answer with an error.
	http.Error(w, "Internal error", http.StatusInternalServerError)
	if w.Code != http.StatusInternalServerError {
		t.Errorf("status %d after the failure, want the caller's 500", w.Code)
	}
}
