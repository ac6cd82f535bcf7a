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

// paymentRoutes are the routes the payment provider calls or sends the payer to.
func (s *Server) paymentRoutes() []Route {
	if s.Payments == nil {
		return nil
	}
	return []Route{
		{"GET /payments/{id}/return", Access{Public: true}, http.HandlerFunc(s.paymentReturn)},
		{"POST /webhooks/govukpay/{account}", Access{Public: true}, http.HandlerFunc(s.webhook)},
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

// webhook receives the provider's signed notifications. A bad signature or body is a 400 and
// changes nothing; a notification about a payment IMS does not know is acknowledged (the account may
// be shared with another service) and logged; a failure on our side is a 503 so the provider retries.
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
		s.Log.WarnContext(r.Context(), "webhook about an unknown payment", "account", r.PathValue("account"), "err", err)
		w.WriteHeader(http.StatusOK)
	default:
		s.Log.ErrorContext(r.Context(), "webhook failed", "request_id", RequestID(r.Context()), "err", err)
		http.Error(w, "try again later", http.StatusServiceUnavailable)
	}
}

// serverError shows the error page with the request id to quote; the error itself is only logged.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusInternalServerError
	message := ""
	if ims.ErrorCode(err) == ims.Unavailable {
		status, message = http.StatusServiceUnavailable, ims.ErrorMessage(err)
	}
	s.Log.ErrorContext(r.Context(), "request failed", "request_id", RequestID(r.Context()), "err", err)
	s.render(w, r, status, "error", s.layout(r, "Sorry, there is a problem"), errorPage(message, RequestID(r.Context())))
}
