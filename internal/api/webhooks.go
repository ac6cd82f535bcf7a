package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// WebhookService is the outgoing webhooks service (internal/webhooks) as the API uses it; it
// checks the webhooks scope itself.
type WebhookService interface {
	Subscribers(ctx context.Context, p ims.Principal) ([]ims.WebhookSubscriber, error)
	Subscriber(ctx context.Context, p ims.Principal, id int64) (ims.WebhookSubscriber, error)
	Create(ctx context.Context, p ims.Principal, s ims.WebhookSubscriber) (ims.WebhookSubscriber, string, error)
	Update(ctx context.Context, p ims.Principal, s ims.WebhookSubscriber) (ims.WebhookSubscriber, error)
	RotateSecret(ctx context.Context, p ims.Principal, id int64) (string, error)
	Deliveries(ctx context.Context, p ims.Principal, subscriberID int64, limit int) ([]ims.WebhookDelivery, error)
	Delivery(ctx context.Context, p ims.Principal, id int64) (ims.WebhookDelivery, []ims.WebhookAttempt, error)
	Resend(ctx context.Context, p ims.Principal, id int64) error
}

// webhookRoutes are the routes of the webhooks scope.
func (a *API) webhookRoutes() []web.Route {
	scope := web.APIScope(ims.ScopeWebhooks)
	return []web.Route{
		{Pattern: "GET /api/v1/webhooks", Access: scope, Handler: http.HandlerFunc(a.listWebhooks)},
		{Pattern: "POST /api/v1/webhooks", Access: scope, Handler: http.HandlerFunc(a.createWebhook)},
		{Pattern: "GET /api/v1/webhooks/{id}", Access: scope, Handler: http.HandlerFunc(a.getWebhook)},
		{Pattern: "PUT /api/v1/webhooks/{id}", Access: scope, Handler: http.HandlerFunc(a.updateWebhook)},
		{Pattern: "POST /api/v1/webhooks/{id}/secret", Access: scope, Handler: http.HandlerFunc(a.rotateWebhookSecret)},
		{Pattern: "GET /api/v1/webhooks/{id}/deliveries", Access: scope, Handler: http.HandlerFunc(a.listWebhookDeliveries)},
		{Pattern: "GET /api/v1/webhook-deliveries/{id}", Access: scope, Handler: http.HandlerFunc(a.getWebhookDelivery)},
		{Pattern: "POST /api/v1/webhook-deliveries/{id}/resend", Access: scope, Handler: http.HandlerFunc(a.resendWebhookDelivery)},
	}
}

// webhookIn is the body that creates or replaces a subscriber.
type webhookIn struct {
	Name    string                 `json:"name"`
	URL     string                 `json:"url"`
	Events  []ims.WebhookEventType `json:"events"`
	Enabled *bool                  `json:"enabled"`
}

func (in webhookIn) subscriber(id int64) ims.WebhookSubscriber {
	s := ims.WebhookSubscriber{ID: id, Name: in.Name, URL: in.URL, Events: in.Events, Enabled: in.Enabled == nil || *in.Enabled}
	return s
}

// webhookCreated is a new subscriber with its secret, shown this once.
type webhookCreated struct {
	ims.WebhookSubscriber
	Secret string `json:"secret"`
}

// webhookDeliveryJSON is a delivery with its log.
type webhookDeliveryJSON struct {
	ims.WebhookDelivery
	Log []attemptJSON `json:"log"`
}

type attemptJSON struct {
	ims.WebhookAttempt
	DurationMS int64 `json:"duration_ms"`
}

func webhookPathID(r *http.Request, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, ims.Errorf(ims.NotFound, "There is no %s %q", what, r.PathValue("id"))
	}
	return id, nil
}

func (a *API) listWebhooks(w http.ResponseWriter, r *http.Request) {
	subs, err := a.Webhooks.Subscribers(r.Context(), principal(r.Context()))
	if err != nil {
		a.problem(w, r, err)
		return
	}
	if subs == nil {
		subs = []ims.WebhookSubscriber{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"webhooks": subs})
}

func (a *API) createWebhook(w http.ResponseWriter, r *http.Request) {
	var in webhookIn
	if err := decode(r, &in); err != nil {
		a.problem(w, r, err)
		return
	}
	sub, secret, err := a.Webhooks.Create(r.Context(), principal(r.Context()), in.subscriber(0))
	if err != nil {
		a.problem(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusCreated, webhookCreated{sub, secret})
}

func (a *API) getWebhook(w http.ResponseWriter, r *http.Request) {
	id, err := webhookPathID(r, "webhook subscriber")
	if err == nil {
		var sub ims.WebhookSubscriber
		if sub, err = a.Webhooks.Subscriber(r.Context(), principal(r.Context()), id); err == nil {
			writeJSON(w, http.StatusOK, sub)
			return
		}
	}
	a.problem(w, r, err)
}

func (a *API) updateWebhook(w http.ResponseWriter, r *http.Request) {
	id, err := webhookPathID(r, "webhook subscriber")
	if err != nil {
		a.problem(w, r, err)
		return
	}
	var in webhookIn
	if err := decode(r, &in); err != nil {
		a.problem(w, r, err)
		return
	}
	sub, err := a.Webhooks.Update(r.Context(), principal(r.Context()), in.subscriber(id))
	if err != nil {
		a.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, sub)
}

func (a *API) rotateWebhookSecret(w http.ResponseWriter, r *http.Request) {
	id, err := webhookPathID(r, "webhook subscriber")
	if err != nil {
		a.problem(w, r, err)
		return
	}
	secret, err := a.Webhooks.RotateSecret(r.Context(), principal(r.Context()), id)
	if err != nil {
		a.problem(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]string{"secret": secret})
}

func (a *API) listWebhookDeliveries(w http.ResponseWriter, r *http.Request) {
	p := principal(r.Context())
	id, err := webhookPathID(r, "webhook subscriber")
	if err == nil {
		_, err = a.Webhooks.Subscriber(r.Context(), p, id)
	}
	if err != nil {
		a.problem(w, r, err)
		return
	}
	limit := 100
	if s := r.URL.Query().Get("limit"); s != "" {
		if limit, err = strconv.Atoi(s); err != nil || limit < 1 || limit > 500 {
			a.problem(w, r, ims.FieldError("limit", "limit must be a whole number from 1 to 500"))
			return
		}
	}
	ds, err := a.Webhooks.Deliveries(r.Context(), p, id, limit)
	if err != nil {
		a.problem(w, r, err)
		return
	}
	if ds == nil {
		ds = []ims.WebhookDelivery{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"deliveries": ds})
}

func (a *API) getWebhookDelivery(w http.ResponseWriter, r *http.Request) {
	id, err := webhookPathID(r, "webhook delivery")
	if err != nil {
		a.problem(w, r, err)
		return
	}
	a.writeWebhookDelivery(w, r, http.StatusOK, id)
}

func (a *API) writeWebhookDelivery(w http.ResponseWriter, r *http.Request, status int, id int64) {
	d, log, err := a.Webhooks.Delivery(r.Context(), principal(r.Context()), id)
	if err != nil {
		a.problem(w, r, err)
		return
	}
	out := webhookDeliveryJSON{WebhookDelivery: d, Log: []attemptJSON{}}
	for _, at := range log {
		out.Log = append(out.Log, attemptJSON{at, at.Duration.Milliseconds()})
	}
	writeJSON(w, status, out)
}

func (a *API) resendWebhookDelivery(w http.ResponseWriter, r *http.Request) {
	id, err := webhookPathID(r, "webhook delivery")
	if err == nil {
		err = a.Webhooks.Resend(r.Context(), principal(r.Context()), id)
	}
	if err != nil {
		a.problem(w, r, err)
		return
	}
	a.writeWebhookDelivery(w, r, http.StatusAccepted, id)
}
