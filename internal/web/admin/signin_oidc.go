package admin

import (
	"net/http"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/auth/oidc"
	"github.com/ims-council/ims/internal/web"
)

// The values a single sign-on keeps in the session between leaving for the identity provider and
// coming back (oidc.Pending). Only the session's owner can finish the sign-in they started.
const (
	keyOIDCState    = "oidc_state"
	keyOIDCNonce    = "oidc_nonce"
	keyOIDCVerifier = "oidc_verifier"
)

// startSingleSignOn sends the browser to the council's identity provider. It is a POST (a button)
// because it writes to the session.
func (a *Admin) startSingleSignOn(w http.ResponseWriter, r *http.Request) {
	if a.SingleSignOn == nil {
		a.fail(w, r, ims.Errorf(ims.NotFound, "Single sign-on is not set up."))
		return
	}
	authURL, pending, err := a.SingleSignOn.Start()
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ctx := r.Context()
	a.sessions.Put(ctx, keyOIDCState, pending.State)
	a.sessions.Put(ctx, keyOIDCNonce, pending.Nonce)
	a.sessions.Put(ctx, keyOIDCVerifier, pending.Verifier)
	web.AllowFormsToLeave(w)
	http.Redirect(w, r, authURL, http.StatusSeeOther)
}

// finishSingleSignOn is where the identity provider sends the browser back: the ID token is checked
// (signature, issuer, audience, expiry, nonce, state) and its person matched to an IMS user.
func (a *Admin) finishSingleSignOn(w http.ResponseWriter, r *http.Request) {
	if a.SingleSignOn == nil {
		a.fail(w, r, ims.Errorf(ims.NotFound, "Single sign-on is not set up."))
		return
	}
	ctx := r.Context()
	pending := oidc.Pending{State: a.sessions.PopString(ctx, keyOIDCState), Nonce: a.sessions.PopString(ctx, keyOIDCNonce),
		Verifier: a.sessions.PopString(ctx, keyOIDCVerifier)}
	id, err := a.SingleSignOn.Finish(ctx, pending, r.URL.Query())
	if err != nil {
		a.Log.WarnContext(ctx, "admin: single sign-on refused", "request_id", web.RequestID(ctx), "err", err)
		a.refuseSingleSignOn(w, r, err)
		return
	}
	p, err := a.SignIn.SignInWithOIDC(ctx, id)
	if err != nil {
		a.refuseSingleSignOn(w, r, err)
		return
	}
	a.completeSignIn(w, r, p.UserID)
}

// refuseSingleSignOn shows why a single sign-on did not sign anyone in, on the sign-in page.
func (a *Admin) refuseSingleSignOn(w http.ResponseWriter, r *http.Request, err error) {
	if c := ims.ErrorCode(err); c != ims.Unauthorized && c != ims.Forbidden {
		a.fail(w, r, err)
		return
	}
	f := a.newSignInForm("")
	f.Refused = "Single sign-on did not sign you in: " + ims.ErrorMessage(err)
	a.showSignIn(w, r, http.StatusUnauthorized, f)
}
