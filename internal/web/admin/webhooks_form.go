package admin

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/govukfrontend"
	"github.com/ims-council/ims/internal/web"
)

// webhookFormPage adds a subscriber (Creating) or changes one, with its latest deliveries.
type webhookFormPage struct {
	Heading, Action string
	Creating        bool
	ID              int64
	Summary         govukfrontend.ErrorSummary
	Name, URL       govukfrontend.TextInput
	Events, Enabled choiceGroup
	Deliveries      []deliveryRow
}

func readWebhookFields(r *http.Request) ims.WebhookSubscriber {
	s := ims.WebhookSubscriber{Name: strings.TrimSpace(r.PostFormValue("name")), URL: strings.TrimSpace(r.PostFormValue("url")),
		Enabled: r.PostFormValue("enabled") != "no"}
	for _, e := range r.PostForm["events"] {
		s.Events = append(s.Events, ims.WebhookEventType(e))
	}
	return s
}

func (a *Admin) showWebhookForm(w http.ResponseWriter, r *http.Request, status int, v ims.WebhookSubscriber, creating bool, err error) {
	pg := webhookFormPage{Heading: "Add a webhook subscriber", Action: webhooksPath + "/new", Creating: creating}
	if !creating {
		pg.Heading, pg.Action, pg.ID = "Webhook subscriber "+v.Name, webhooksPath+"/"+strconv.FormatInt(v.ID, 10), v.ID
		ds, derr := a.Webhooks.Deliveries(r.Context(), web.PrincipalFrom(r.Context()), v.ID, recentDeliveries)
		if derr != nil {
			a.fail(w, r, derr)
			return
		}
		pg.Deliveries = deliveryRows(ds)
	}
	off := false
	pg.Name = govukfrontend.TextInput{ID: "f-name", Name: "name", Label: "Name", Value: v.Name, Spellcheck: &off, Autocomplete: "off",
		Hint: "The system that receives the webhooks, such as Housing rents system."}
	pg.URL = govukfrontend.TextInput{ID: "f-url", Name: "url", Label: "URL", Value: v.URL, Spellcheck: &off, Autocomplete: "off",
		Type: "url", Hint: "Where IMS sends each event, starting https://. Plain http:// is allowed only to localhost."}
	pg.Events = choiceGroup{Name: "events", Legend: "Events", Hint: "Select the events this system is sent."}
	for _, e := range ims.AllWebhookEventTypes() {
		pg.Events.Choices = append(pg.Events.Choices, choice{Value: string(e), Label: string(e), Hint: eventNames[e],
			Checked: slices.Contains(v.Events, e)})
	}
	pg.Enabled = choiceGroup{Name: "enabled", Legend: "Sending", Radios: true, Choices: []choice{
		{Value: "yes", Label: "On: send new events", Checked: v.Enabled},
		{Value: "no", Label: "Off: send nothing, including deliveries waiting for a retry", Checked: !v.Enabled},
	}}
	title := pg.Heading
	if err != nil {
		problems := ims.ErrorFields(err)
		pg.Name.Error, pg.URL.Error, pg.Events.Error = problems["name"], problems["url"], problems["events"]
		pg.Summary = errorSummary(err, []string{"name", "url", "events"})
		title = "Error: " + title
	}
	a.render(w, r, status, "admin-webhooks-form", title, pg)
}

// webhookNew shows the empty form that adds a subscriber.
func (a *Admin) webhookNew(w http.ResponseWriter, r *http.Request) {
	a.showWebhookForm(w, r, http.StatusOK, ims.WebhookSubscriber{Enabled: true}, true, nil)
}

// webhookSecretPage shows a subscriber's new secret, the only time anyone sees it. It is the answer
// to the POST itself, not a page redirected to, so the secret is in no session, address or history.
type webhookSecretPage struct {
	Heading string
	Sub     ims.WebhookSubscriber
	Secret  string
}

// webhookCreate adds a subscriber and shows its secret once.
func (a *Admin) webhookCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		a.fail(w, r, ims.Errorf(ims.Invalid, "The form could not be read. Go back and try again."))
		return
	}
	v := readWebhookFields(r)
	sub, secret, err := a.Webhooks.Create(r.Context(), web.PrincipalFrom(r.Context()), v)
	if err != nil {
		a.formFailed(w, r, err, func() { a.showWebhookForm(w, r, http.StatusUnprocessableEntity, v, true, err) })
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	a.render(w, r, http.StatusOK, "admin-webhooks-secret", "Webhook subscriber added",
		webhookSecretPage{Heading: "Webhook subscriber added", Sub: sub, Secret: secret})
}

// webhookEdit shows a subscriber's form filled with what it has now, and its latest deliveries.
func (a *Admin) webhookEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "webhook subscriber")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	sub, err := a.Webhooks.Subscriber(r.Context(), web.PrincipalFrom(r.Context()), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.showWebhookForm(w, r, http.StatusOK, sub, false, nil)
}

// webhookSave changes a subscriber.
func (a *Admin) webhookSave(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "webhook subscriber")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		a.fail(w, r, ims.Errorf(ims.Invalid, "The form could not be read. Go back and try again."))
		return
	}
	v := readWebhookFields(r)
	v.ID = id
	after, err := a.Webhooks.Update(r.Context(), web.PrincipalFrom(r.Context()), v)
	if err != nil {
		a.formFailed(w, r, err, func() { a.showWebhookForm(w, r, http.StatusUnprocessableEntity, v, false, err) })
		return
	}
	a.flash(r, "Changes to webhook subscriber "+after.Name+" saved.")
	http.Redirect(w, r, webhooksPath, http.StatusSeeOther)
}

// webhookRotateSecret gives a subscriber a new secret and shows it once.
func (a *Admin) webhookRotateSecret(w http.ResponseWriter, r *http.Request) {
	p := web.PrincipalFrom(r.Context())
	id, err := pathID(r, "webhook subscriber")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	secret, err := a.Webhooks.RotateSecret(r.Context(), p, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	sub, err := a.Webhooks.Subscriber(r.Context(), p, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	a.render(w, r, http.StatusOK, "admin-webhooks-secret", "New webhook secret",
		webhookSecretPage{Heading: "New webhook secret", Sub: sub, Secret: secret})
}
