package admin

import (
	"context"
	"encoding/gob"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/ims-council/ims"
)

// The staff session's keys. A signed-in session holds the user's id and when they signed in and
// were last seen; a sign-in half done (password accepted, code still to come) holds the pending
// user and until when they may finish. Roles and funds are never kept in the session: they are read
// again on every request (StaffPrincipal), so a change or a disabled account applies at once.
const (
	keyUser       = "user_id"
	keySignedInAt = "signed_in_at"
	keyLastSeen   = "last_seen"
	keyPending    = "pending_user_id"
	keyPendingTo  = "pending_until"
	keyNext       = "next"
	keyFlash      = "flash"
	keyStamp      = "credential_stamp"
)

// The session's values are encoded with gob, which must know the types held as interface values.
func init() { gob.Register(time.Time{}) }

// pendingFor is how long a user who gave the right password has to give their code.
const pendingFor = 5 * time.Minute

// seenEvery is how stale the "last seen" time may get before a request writes it again: the idle
// timeout is measured to within this, and most requests write nothing to the session.
const seenEvery = time.Minute

// newSessions returns the staff session manager. Its cookie is separate from the portal's, lasts
// only while the browser is open, is HttpOnly and SameSite=Lax (sent on the single sign-on
// provider's redirect back, never on a cross-site POST). The store's own expiry is a backstop: the
// timeouts that matter are checked in StaffPrincipal against the injectable clock.
func (a *Admin) newSessions() *scs.SessionManager {
	s := scs.New()
	s.Store = a.SessionStore
	s.Lifetime = a.Lifetime
	s.IdleTimeout = a.IdleTimeout + seenEvery
	s.Cookie.Name = "ims_staff"
	s.Cookie.Path = "/"
	s.Cookie.HttpOnly = true
	s.Cookie.SameSite = http.SameSiteLaxMode
	s.Cookie.Secure = a.SecureCookies
	s.Cookie.Persist = false
	s.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		a.fail(w, r, ims.Errorf(ims.Unavailable, "The session store is not answering: %v", err))
	}
	return s
}

// LoadSession loads the staff session into the request's context and saves it after h.
func (a *Admin) LoadSession(h http.Handler) http.Handler { return a.sessions.LoadAndSave(h) }

// SignInURL is the sign-in page, remembering where to go afterwards.
func (a *Admin) SignInURL(next string) string {
	return "/admin/sign-in?next=" + url.QueryEscape(next)
}

// StaffPrincipal returns the signed-in user of a request whose session is loaded, read afresh from
// the database, or Unauthorized when there is none, the session has timed out, the account has
// been disabled since, or its password or second factor has changed since this session signed in.
func (a *Admin) StaffPrincipal(r *http.Request) (ims.Principal, error) {
	ctx := r.Context()
	id := a.sessions.GetInt64(ctx, keyUser)
	if id == 0 {
		return ims.Principal{}, ims.Errorf(ims.Unauthorized, "Sign in to see this page.")
	}
	now := a.Now()
	signedIn, lastSeen := a.sessions.GetTime(ctx, keySignedInAt), a.sessions.GetTime(ctx, keyLastSeen)
	if now.Sub(signedIn) > a.Lifetime || now.Sub(lastSeen) > a.IdleTimeout {
		a.endSession(ctx)
		return ims.Principal{}, ims.Errorf(ims.Unauthorized, "Your session has ended. Sign in again.")
	}
	p, stamp, err := a.SignIn.StaffSession(ctx, id)
	if err == nil && stamp != a.sessions.GetString(ctx, keyStamp) {
		err = ims.Errorf(ims.Unauthorized, "Your password or authenticator app has changed since you signed in. Sign in again.")
	}
	if err != nil {
		if ims.ErrorCode(err) == ims.Unauthorized {
			a.endSession(ctx)
		}
		return ims.Principal{}, err
	}
	if now.Sub(lastSeen) >= seenEvery {
		a.sessions.Put(ctx, keyLastSeen, now)
	}
	return p, nil
}

// startSession signs a user in on this session: a new session token (so a token planted before
// sign-in is worth nothing: no session fixation), then the user and the times.
func (a *Admin) startSession(ctx context.Context, userID int64) error {
	if err := a.sessions.RenewToken(ctx); err != nil {
		return err
	}
	if err := a.keepStamp(ctx, userID); err != nil {
		return err
	}
	now := a.Now()
	a.sessions.Remove(ctx, keyPending)
	a.sessions.Remove(ctx, keyPendingTo)
	a.sessions.Put(ctx, keyUser, userID)
	a.sessions.Put(ctx, keySignedInAt, now)
	a.sessions.Put(ctx, keyLastSeen, now)
	return nil
}

// keepStamp records on the session the user's credentials as they are now: after signing in, and
// after the user sets up or replaces their own authenticator app on this session.
func (a *Admin) keepStamp(ctx context.Context, userID int64) error {
	_, stamp, err := a.SignIn.StaffSession(ctx, userID)
	if err != nil {
		return err
	}
	a.sessions.Put(ctx, keyStamp, stamp)
	return nil
}

// endSession forgets everything the session held and deletes it from the store.
func (a *Admin) endSession(ctx context.Context) {
	a.sessions.Destroy(ctx)
}

// pendingUser returns the user who gave the right password on this session and may still give
// their code, or 0.
func (a *Admin) pendingUser(ctx context.Context) int64 {
	id := a.sessions.GetInt64(ctx, keyPending)
	if id == 0 || a.Now().After(a.sessions.GetTime(ctx, keyPendingTo)) {
		return 0
	}
	return id
}

// setPending records, on a fresh session token, that userID gave the right password.
func (a *Admin) setPending(ctx context.Context, userID int64) error {
	if err := a.sessions.RenewToken(ctx); err != nil {
		return err
	}
	a.sessions.Put(ctx, keyPending, userID)
	a.sessions.Put(ctx, keyPendingTo, a.Now().Add(pendingFor))
	return nil
}

// rememberNext keeps where the user was going, when it is a back-office address.
func (a *Admin) rememberNext(ctx context.Context, next string) {
	if safeNext(next) {
		a.sessions.Put(ctx, keyNext, next)
	}
}

// takeNext returns where to go after signing in: the remembered page, or the home page.
func (a *Admin) takeNext(ctx context.Context) string {
	if next := a.sessions.PopString(ctx, keyNext); safeNext(next) {
		return next
	}
	return Home
}

// safeNext reports whether next is a path in the back office, so the sign-in page cannot be made to
// send a user to another site ("//evil.example", "https://…", "/\evil").
func safeNext(next string) bool {
	if strings.ContainsAny(next, "\\\r\n") || strings.HasPrefix(next, "//") {
		return false
	}
	u, err := url.Parse(next)
	return err == nil && u.Scheme == "" && u.Host == "" && (u.Path == Home || strings.HasPrefix(u.Path, Home+"/"))
}
