package govukpaysim

import (
	"net/http"
)

// maxForm caps a card form's body.
const maxForm = 16 << 10

// byToken returns the payment whose card page token it is, expired if its time is up, or nil.
// The caller holds s.mu.
func (s *Simulator) byToken(token string) *payment {
	p := s.tokens[token]
	if p != nil {
		s.expireIfDue(p)
	}
	return p
}

// showCardPage serves GET next_url: the card form, which marks the payment started. A finished
// payment sends the payer back to the service, which knows what happened.
func (s *Simulator) showCardPage(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	p := s.byToken(r.PathValue("token"))
	if p == nil {
		s.unlock()
		s.pageNotFound(w, r)
		return
	}
	if p.state.finished() {
		back := p.returnURL
		s.unlock()
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	s.start(p)
	shown := *p
	first, err := s.firstShowingOf(shown)
	if err == nil {
		s.unlock()
		s.showFirst(w, first, shown)
		return
	}
	page := s.cardPageFor(p, cardForm{email: p.email}, nil)
	layout := s.layoutFor(p, page.Heading, false)
	s.unlock()
	s.render(w, http.StatusOK, pageCard, layout, page)
}

// submitCardPage serves POST next_url: the card form. Problems show the form again with an error
// summary; otherwise the card goes to the simulated bank and the payer goes back to return_url,
// whatever the bank answered.
func (s *Simulator) submitCardPage(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "The form could not be read.", http.StatusBadRequest)
		return
	}
	form := readCardForm(r.PostForm)

	s.mu.Lock()
	p := s.byToken(r.PathValue("token"))
	if p == nil {
		s.unlock()
		s.pageNotFound(w, r)
		return
	}
	if p.state.finished() {
		// A second click, or a back button: the payment already has its outcome.
		back := p.returnURL
		s.unlock()
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	s.start(p)
	card, problems := form.check(s.opts.Clock.Now(), !p.moto)
	if len(problems) > 0 {
		page := s.cardPageFor(p, form, problems)
		layout := s.layoutFor(p, page.Heading, true)
		s.unlock()
		s.render(w, http.StatusOK, pageCard, layout, page)
		return
	}
	s.authorise(p, card)
	back := p.returnURL
	s.unlock()
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// cancelOnCardPage serves the card page's "Cancel payment" button: the payer cancels (failed,
// P0030) and goes back to the service.
func (s *Simulator) cancelOnCardPage(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	p := s.byToken(r.PathValue("token"))
	if p == nil {
		s.unlock()
		s.pageNotFound(w, r)
		return
	}
	if !p.state.finished() {
		s.finish(p, stateOf(codeCancelledByPayer))
	}
	back := p.returnURL
	s.unlock()
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// enterByPost serves next_url_post: a form posting the card page token as chargeTokenId leads to
// the card page.
func (s *Simulator) enterByPost(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "The form could not be read.", http.StatusBadRequest)
		return
	}
	token := r.PostForm.Get("chargeTokenId")
	s.mu.Lock()
	_, ok := s.tokens[token]
	s.mu.Unlock()
	if !ok {
		s.pageNotFound(w, r)
		return
	}
	http.Redirect(w, r, s.cardPageURL(token), http.StatusSeeOther)
}
