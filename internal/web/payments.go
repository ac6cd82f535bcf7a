package web

import (
	"context"
	"io"
	"net/http"
	"net/url"

	"github.com/ims-council/ims"
)

// PaymentOutcomes is what the provider-facing routes need of the payments service.
type PaymentOutcomes interface {
	// Return finds the payment a return link names, checks its token and refreshes it from the provider.
	Return(ctx context.Context, id, token string) (ims.PendingPayment, error)
	HandleWebhook(ctx context.Context, account string, body []byte, signature string) error
}

// PaymentRoutes are the routes the payment provider calls or sends the payer to; they need
// Payments.
func (s *Server) PaymentRoutes() []Route {
	return []Route{
		{"GET /payments/{id}/return", Public(), http.HandlerFunc(s.paymentReturn)},
		{"POST /webhooks/govukpay/{account}", Public(), http.HandlerFunc(s.webhook)},
	}
}

// paymentReturn is where the provider sends the payer back. IMS asks the provider for the outcome
// (never trusting the browser), then sends the payer on: an API caller's payer to the caller's
// return URL with the payment id, a portal payer to the portal's outcome page.
func (s *Server) paymentReturn(w http.ResponseWriter, r *http.Request) {
	pp, err := s.Payments.Return(r.Context(), r.PathValue("id"), r.URL.Query().Get("token"))
	if ims.ErrorCode(err) == ims.NotFound {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if pp.ReturnURL != "" {
		u, err := url.Parse(pp.ReturnURL)
		if err == nil {
			q := u.Query()
			q.Set("payment_id", pp.ID)
			u.RawQuery = q.Encode()
			http.Redirect(w, r, u.String(), http.StatusSeeOther)
			return
		}
	}
	http.Redirect(w, r, "/pay/outcome/"+url.PathEscape(pp.ID), http.StatusSeeOther)
}

// webhook receives the provider's signed notifications. One sent to a provider account IMS does not
// have is a 404 (a wrong webhook address, which the provider then shows as failing) and is logged; a
// bad signature or body is a 400 and changes nothing; a failure on our side is a 503 so the provider
// retries. The service acknowledges a notification about a payment IMS does not know.
func (s *Server) webhook(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, "could not read the body", http.StatusBadRequest)
		return
	}
	err = s.Payments.HandleWebhook(r.Context(), r.PathValue("account"), body, r.Header.Get("Pay-Signature"))
	switch ims.ErrorCode(err) {
	case "":
		w.WriteHeader(http.StatusOK)
	case ims.Invalid:
		s.Log.WarnContext(r.Context(), "webhook refused", "account", r.PathValue("account"), "err", err)
		http.Error(w, ims.ErrorMessage(err), http.StatusBadRequest)
	case ims.NotFound:
		s.Log.WarnContext(r.Context(), "webhook for an unknown provider account", "account", r.PathValue("account"), "err", err)
		http.Error(w, ims.ErrorMessage(err), http.StatusNotFound)
	default:
		s.Log.ErrorContext(r.Context(), "webhook failed", "request_id", RequestID(r.Context()), "err", err)
		http.Error(w, "try again later", http.StatusServiceUnavailable)
	}
}

// serverError shows the error page for err with the request id to quote (see ErrorPage).
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.ErrorPage(w, r, err)
}
