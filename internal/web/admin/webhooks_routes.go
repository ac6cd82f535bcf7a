package admin

import (
	"context"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// Webhooks is the outgoing webhooks service of the system administrators' webhook pages
// (webhooks.Service).
type Webhooks interface {
	Subscribers(ctx context.Context, p ims.Principal) ([]ims.WebhookSubscriber, error)
	Subscriber(ctx context.Context, p ims.Principal, id int64) (ims.WebhookSubscriber, error)
	Create(ctx context.Context, p ims.Principal, s ims.WebhookSubscriber) (ims.WebhookSubscriber, string, error)
	Update(ctx context.Context, p ims.Principal, s ims.WebhookSubscriber) (ims.WebhookSubscriber, error)
	RotateSecret(ctx context.Context, p ims.Principal, id int64) (string, error)
	Deliveries(ctx context.Context, p ims.Principal, subscriberID int64, limit int) ([]ims.WebhookDelivery, error)
	Delivery(ctx context.Context, p ims.Principal, id int64) (ims.WebhookDelivery, []ims.WebhookAttempt, error)
	Resend(ctx context.Context, p ims.Principal, id int64) error
}

// webhooksPath is the webhook section's first page.
const webhooksPath = "/admin/webhooks"

func (a *Admin) webhookRoutes() []web.Route {
	if a.Webhooks == nil {
		return nil
	}
	return []web.Route{
		a.page(webhooksPath, a.webhooksList, ims.SystemAdmin),
		a.page(webhooksPath+"/new", a.webhookNew, ims.SystemAdmin),
		a.action(webhooksPath+"/new", a.webhookCreate, ims.SystemAdmin),
		a.page(webhooksPath+"/{id}", a.webhookEdit, ims.SystemAdmin),
		a.action(webhooksPath+"/{id}", a.webhookSave, ims.SystemAdmin),
		a.action(webhooksPath+"/{id}/secret", a.webhookRotateSecret, ims.SystemAdmin),
		a.page(webhooksPath+"/deliveries/{id}", a.webhookDelivery, ims.SystemAdmin),
		a.action(webhooksPath+"/deliveries/{id}/resend", a.webhookResend, ims.SystemAdmin),
	}
}

// eventNames describes each event type on the form.
var eventNames = map[ims.WebhookEventType]string{
	ims.EventPaymentSucceeded:     "A card payment succeeded.",
	ims.EventPaymentFailed:        "A card payment failed, was cancelled or expired.",
	ims.EventRefundSucceeded:      "A refund was paid back to the card.",
	ims.EventRefundFailed:         "A refund failed at the payment provider.",
	ims.EventImportCompleted:      "A payment or bank file was posted.",
	ims.EventCashReturnAuthorised: "A cash return was authorised and posted.",
	ims.EventExportBatchWritten:   "A ledger or account postings export batch was written.",
}

func eventsText(events []ims.WebhookEventType) string {
	parts := make([]string, len(events))
	for i, e := range events {
		parts[i] = string(e)
	}
	return strings.Join(parts, ", ")
}

// deliveryTags colours each delivery state's tag.
var deliveryTags = map[string]string{
	ims.DeliveryPending:   "govuk-tag--grey",
	ims.DeliveryDelivered: "govuk-tag--green",
	ims.DeliveryFailed:    "govuk-tag--red",
}

// deliveryRow is one delivery as the tables show it.
type deliveryRow struct {
	ID                                                     int64
	Created, Event, EventID, Subscriber, State, StateClass string
	Attempts, LastStatus, LastError                        string
}

func deliveryRows(ds []ims.WebhookDelivery) []deliveryRow {
	rows := make([]deliveryRow, 0, len(ds))
	for _, d := range ds {
		row := deliveryRow{ID: d.ID, Created: londonTime(d.CreatedAt), Event: string(d.EventType), EventID: d.EventID,
			Subscriber: d.SubscriberName, State: d.State, StateClass: deliveryTags[d.State], LastError: d.LastError}
		row.Attempts = strconv.Itoa(d.Attempts)
		if d.LastStatus != 0 {
			row.LastStatus = strconv.Itoa(d.LastStatus)
		}
		rows = append(rows, row)
	}
	return rows
}
