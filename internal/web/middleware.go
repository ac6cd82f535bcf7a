package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/ims-council/ims"
)

// RequestID returns the id of the request being served, as logged and shown to users on errors.
func RequestID(ctx context.Context) string { return ims.RequestIDFrom(ctx) }

// withRequestID gives every request an id, echoed in the X-Request-Id response header. An id sent by
// a trusted proxy is not reused: ids must be unique to find one request in the logs.
func (s *Server) withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b [8]byte
		rand.Read(b[:])
		id := hex.EncodeToString(b[:])
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(ims.WithRequestID(r.Context(), id)))
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusRecorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// withAccessLog writes one JSON log line per request. Query strings are left out: they can carry
// tokens (return URLs) that must not reach logs. remote is the client (ClientIP); proxy, when the
// request came through a trusted proxy, is the connection's address.
func (s *Server) withAccessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		attrs := []slog.Attr{
			slog.String("request_id", RequestID(r.Context())),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.status),
			slog.Int("bytes", rec.bytes),
			slog.Duration("duration", time.Since(start)),
			slog.String("remote", ClientIP(r)),
		}
		if ClientIP(r) != hostOf(r.RemoteAddr) {
			attrs = append(attrs, slog.String("proxy", r.RemoteAddr))
		}
		s.Log.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs...)
		if s.Requests != nil {
			// ServeMux sets r.Pattern on this very request: no middleware below copies it.
			s.Requests.ObserveRequest(r.Pattern, rec.status, time.Since(start))
		}
	})
}

// securityHeaders sets the headers every response carries. The CSP allows no inline script or
// style: the templates have none. Strict-Transport-Security goes with every response of a site
// whose public address is https: TLS usually ends at a proxy in front of IMS, so the request IMS
// sees is plain HTTP even then.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	https := strings.HasPrefix(strings.ToLower(s.BaseURL), "https://")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		if https || r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// recoverPanics turns a panic into a logged internal error and a 500 page naming the request id,
// never a stack trace in the response.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Log.ErrorContext(r.Context(), "panic", "request_id", RequestID(r.Context()), "panic", v, "stack", string(debug.Stack()))
				http.Error(w, "Internal error. Reference: "+RequestID(r.Context()), http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// AllowFormsToLeave relaxes a page's Content-Security-Policy so its forms may end on another site.
// Browsers apply form-action to the redirects that follow a form, so a form whose answer redirects
// the payer on (the portal's "Pay" to the provider's card page; the card page's answer to an API
// caller's return page) would otherwise be blocked. Any https origin is allowed, and http only on
// this machine, as the payments API allows for return URLs; pages calling this show no
// user-supplied markup that an injected form could abuse it with.
func AllowFormsToLeave(w http.ResponseWriter) {
	csp := w.Header().Get("Content-Security-Policy")
	w.Header().Set("Content-Security-Policy", strings.Replace(csp, "form-action 'self'",
		"form-action 'self' https: http://localhost:* http://127.0.0.1:* http://[::1]:*", 1))
}
