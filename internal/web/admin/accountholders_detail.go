package admin

import (
	"net/http"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// holderDetailPage is one account holder.
type holderDetailPage struct {
	ims.AccountHolderDetail
	Balance, Updated string
	ChangeStop       string // the stop message form's address; empty for users who may not change it
}

// holderDetail shows an account holder: name, address, balance and stop message. A holder of a fund
// outside the user's fund groups is not found.
func (a *Admin) holderDetail(w http.ResponseWriter, r *http.Request) {
	p := web.PrincipalFrom(r.Context())
	d, err := a.AccountHolders.Get(r.Context(), p, r.PathValue("fund"), r.PathValue("reference"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v := holderDetailPage{AccountHolderDetail: d, Balance: d.Balance.Display(),
		Updated: ukTime(d.UpdatedAt)}
	if canChangeHolders(p) {
		v.ChangeStop = holderPath("stop-message", d.Fund, d.Reference)
	}
	a.render(w, r, http.StatusOK, "admin-accountholders-detail", "Account holder "+d.Reference, v)
}

// holderStopPage is the form that sets or removes a holder's stop message.
type holderStopPage struct {
	ims.AccountHolderDetail
	Action, Back, Chosen, Error string
}

// holderStopMessage shows the stop message form: the fund's messages to choose from, or none.
func (a *Admin) holderStopMessage(w http.ResponseWriter, r *http.Request) {
	a.showStopForm(w, r, http.StatusOK, "", nil)
}

// holderSetStopMessage sets the chosen stop message, or removes it.
func (a *Admin) holderSetStopMessage(w http.ResponseWriter, r *http.Request) {
	p := web.PrincipalFrom(r.Context())
	fund, ref := r.PathValue("fund"), r.PathValue("reference")
	code, chosen := r.PostFormValue("stop_message"), r.PostForm.Has("stop_message")
	var err error
	if !chosen {
		err = ims.FieldError("stop_message", "Choose a stop message, or no stop message")
	} else {
		err = a.AccountHolders.SetStopMessage(r.Context(), p, fund, ref, code)
	}
	if ims.ErrorCode(err) == ims.Invalid {
		a.showStopForm(w, r, http.StatusUnprocessableEntity, code, err)
		return
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if code == "" {
		a.flash(r, "Stop message removed")
	} else {
		a.flash(r, "Stop message set")
	}
	http.Redirect(w, r, holderPath("holder", fund, ims.NormalizeReference(ref)), http.StatusSeeOther)
}

func (a *Admin) showStopForm(w http.ResponseWriter, r *http.Request, status int, chosen string, err error) {
	d, gerr := a.AccountHolders.Get(r.Context(), web.PrincipalFrom(r.Context()), r.PathValue("fund"), r.PathValue("reference"))
	if gerr != nil {
		a.fail(w, r, gerr)
		return
	}
	v := holderStopPage{AccountHolderDetail: d, Action: holderPath("stop-message", d.Fund, d.Reference),
		Back: holderPath("holder", d.Fund, d.Reference), Chosen: d.StopMessage}
	title := "Stop message for " + d.Reference
	if err != nil {
		v.Chosen, v.Error = chosen, ims.ErrorFields(err)["stop_message"]
		if v.Error == "" {
			v.Error = ims.ErrorMessage(err)
		}
		title = "Error: " + title
	}
	a.render(w, r, status, "admin-accountholders-stop", title, v)
}
