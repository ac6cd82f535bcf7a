package admin

import (
	"net/http"

	"github.com/ims-council/ims/internal/web"
)

// webhooksPage lists the subscribers and the latest deliveries to any of them.
type webhooksPage struct {
	Subscribers []webhookRow
	Deliveries  []deliveryRow
}

type webhookRow struct {
	ID                int64
	Name, URL, Events string
	Enabled           bool
}

// recentDeliveries is how many deliveries the list pages show.
const recentDeliveries = 50

// webhooksList shows every subscriber and the latest deliveries.
func (a *Admin) webhooksList(w http.ResponseWriter, r *http.Request) {
	p := web.PrincipalFrom(r.Context())
	subs, err := a.Webhooks.Subscribers(r.Context(), p)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ds, err := a.Webhooks.Deliveries(r.Context(), p, 0, recentDeliveries)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	pg := webhooksPage{Deliveries: deliveryRows(ds)}
	for _, s := range subs {
		pg.Subscribers = append(pg.Subscribers, webhookRow{ID: s.ID, Name: s.Name, URL: s.URL, Events: eventsText(s.Events), Enabled: s.Enabled})
	}
	a.render(w, r, http.StatusOK, "admin-webhooks-list", "Webhooks", pg)
}
