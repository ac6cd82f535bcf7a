package portal

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ims-council/ims"
)

// startPayment is "Continue to payment": it creates the payment for the basket and sends the payer
// to the provider's card page. The payment service validates the whole basket again (a fund may
// have changed since a line was added); problems are shown on the page where the payer can fix them.
//
// A double click must not take two payments. The session remembers the payment started for the
// basket as it stands, and requests of one session take turns here, each reading the session afresh
// once it has its turn: the second click finds the first click's payment and goes to the same page.
func (p *Portal) startPayment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if token := p.sessions.Token(ctx); token != "" {
		unlock := p.payLocks.lock(token)
		// Held until the response is written: the session middleware saves the session when the
		// redirect's header is written, so the next request in line reads the attempt.
		defer unlock()
	}
	v := p.newView(w, r)
	v.st = p.reload(ctx)
	if len(v.st.Lines) == 0 {
		v.redirect("/pay/basket")
		return
	}
	if id := v.st.Attempt.PaymentID; id != "" {
		pp, err := p.db.PendingPayment(ctx, principal(r), id)
		switch {
		case err != nil && ims.ErrorCode(err) != ims.NotFound:
			v.serverError(err)
			return
		case err == nil && pp.State == ims.PaymentInProgress && pp.NextURL != "":
			v.save()
			v.redirect(pp.NextURL)
			return
		case err == nil && !pp.State.Finished(), err == nil && pp.State == ims.PaymentSucceeded:
			// Being started by another instance, or already paid: the outcome page says which.
			v.save()
			v.redirect("/pay/outcome/" + url.PathEscape(id))
			return
		}
		v.st.Attempt = attempt{} // failed, cancelled or expired: this is a new attempt
	}
	_, funds, err := p.fundLabels(ctx, "")
	if err != nil {
		v.serverError(err)
		return
	}
	for i, l := range v.st.Lines {
		if f, ok := funds[l.Fund]; !ok || !f.Portal || f.Disabled {
			// Withdrawn from the portal since the line was added; the payment service would not know.
			v.showBasket(http.StatusUnprocessableEntity, map[int]string{i: v.t("You cannot pay this online any more. Remove it from your basket")})
			return
		}
	}
	req := ims.PaymentRequest{Lines: v.st.Lines, Payer: v.st.Payer.request(needsAddress(v.st.Lines, funds)),
		Language: v.lang, Source: ims.SourcePortal, Office: p.office}
	req.IdempotencyKey = attemptKey(p.sessions.Token(ctx), v.st.Attempts, req)
	pp, _, err := p.pay.Start(ctx, principal(r), req)
	if pp.ID != "" {
		v.st.Attempts++ // created, even if the provider then failed it: the next try is a new attempt
	}
	switch ims.ErrorCode(err) {
	case "":
	case ims.Invalid:
		v.save()
		v.showPaymentProblems(ims.ErrorFields(err), ims.ErrorMessage(err))
		return
	default:
		v.save()
		v.serverError(err) // Unavailable: the "try again later" page, with the basket kept
		return
	}
	v.st.Attempt = attempt{PaymentID: pp.ID}
	v.st.started(pp.ID)
	v.save()
	if pp.NextURL == "" {
		v.redirect("/pay/outcome/" + url.PathEscape(pp.ID))
		return
	}
	v.redirect(pp.NextURL)
}

// lineField matches the payment service's field names for basket lines: lines[2].reference.
var lineField = regexp.MustCompile(`^lines\[(\d+)\]\.`)

// showPaymentProblems shows what the payment service refused on the page where the payer can fix
// it: the address page for the name and address, the email page for the email address, and the
// basket for the payments.
func (v *view) showPaymentProblems(fields map[string]string, message string) {
	address := &formErrors{}
	for _, f := range []struct{ service, id string }{{"payer.name", "name"}, {"payer.address", "address-line-1"}, {"payer.postcode", "postcode"}} {
		if msg, ok := fields[f.service]; ok {
			address.add(f.id, v.t(msg))
		}
	}
	if address.any() {
		v.showAddress(http.StatusUnprocessableEntity, v.st.Payer, address)
		return
	}
	if msg, ok := fields["payer.email"]; ok {
		email := &formErrors{}
		email.add("email", v.t(msg))
		v.showEmail(http.StatusUnprocessableEntity, v.st.Payer.Email, email)
		return
	}
	// A basket line shows one problem: the reference's when it has one, as the details page puts
	// the reference first, so the field names are read in that order.
	names := slices.SortedFunc(maps.Keys(fields), func(a, b string) int {
		return cmp.Or(cmp.Compare(fieldRank(a), fieldRank(b)), cmp.Compare(a, b))
	})
	lines := map[int]string{}
	for _, name := range names {
		i := -1
		if m := lineField.FindStringSubmatch(name); m != nil {
			i, _ = strconv.Atoi(m[1])
		}
		if _, shown := lines[i]; !shown {
			lines[i] = v.t(fields[name])
		}
	}
	if len(lines) == 0 {
		lines[-1] = v.t(message)
	}
	v.showBasket(http.StatusUnprocessableEntity, lines)
}

// fieldRank orders a basket line's field errors for showing: the reference first.
func fieldRank(name string) int {
	if strings.HasSuffix(name, ".reference") {
		return 0
	}
	return 1
}

// attemptKey names one attempt at paying one basket, so that clicks on Pay that reach different
// instances at once (the in-process lock above serves only one) start one payment: the same
// session, basket and number of earlier attempts give the same key, which the database allows once.
func attemptKey(session string, earlier int, req ims.PaymentRequest) string {
	b, _ := json.Marshal(req) // plain data: cannot fail
	sum := sha256.Sum256(append([]byte(session+"|"+strconv.Itoa(earlier)+"|"), b...))
	return "portal-" + hex.EncodeToString(sum[:16])
}
