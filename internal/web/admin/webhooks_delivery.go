package admin

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// webhookDeliveryPage is one delivery with its log and the body sent.
type webhookDeliveryPage struct {
	deliveryRow
	SubscriberID int64
	Delivered    string
	Payload      string
	CanResend    bool
	Attempts     []attemptRow
}

type attemptRow struct {
	Attempt, At, Status, Error, Duration string
}

// webhookDelivery shows a delivery's log, oldest attempt first.
func (a *Admin) webhookDelivery(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "webhook delivery")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	d, log, err := a.Webhooks.Delivery(r.Context(), web.PrincipalFrom(r.Context()), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	pg := webhookDeliveryPage{deliveryRow: deliveryRows([]ims.WebhookDelivery{d})[0], SubscriberID: d.SubscriberID,
		CanResend: d.State != ims.DeliveryPending, Payload: d.Payload}
	var pretty bytes.Buffer
	if json.Indent(&pretty, []byte(d.Payload), "", "  ") == nil {
		pg.Payload = pretty.String()
	}
	if d.DeliveredAt != nil {
		pg.Delivered = londonTime(*d.DeliveredAt)
	}
	for _, at := range log {
		row := attemptRow{Attempt: strconv.Itoa(at.Attempt), At: londonTime(at.At), Error: at.Error,
			Duration: strconv.FormatInt(at.Duration.Milliseconds(), 10) + " ms", Status: "No answer"}
		if at.StatusCode != 0 {
			row.Status = strconv.Itoa(at.StatusCode)
		}
		pg.Attempts = append(pg.Attempts, row)
	}
	a.render(w, r, http.StatusOK, "admin-webhooks-delivery", "Webhook delivery "+strconv.FormatInt(id, 10), pg)
}

// webhookResend queues a delivery again.
func (a *Admin) webhookResend(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "webhook delivery")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.Webhooks.Resend(r.Context(), web.PrincipalFrom(r.Context()), id); err != nil {
		a.fail(w, r, err)
		return
	}
	a.flash(r, "Delivery "+strconv.FormatInt(id, 10)+" will be sent again in a moment. Its attempts appear below as they are made.")
	http.Redirect(w, r, webhooksPath+"/deliveries/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
