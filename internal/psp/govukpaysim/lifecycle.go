package govukpaysim

// The changes of a payment's state, each with the webhooks GOV.UK Pay sends for it. Every method
// here is called with s.mu held.

// start records that the payer opened the card page.
func (s *Simulator) start(p *payment) {
	if p.state.status == statusCreated {
		p.move(stateOf(statusStarted), s.opts.Clock.Now())
		s.emit(p, eventStarted)
	}
}

// authorise sends checked card details to the simulated bank and records what it answers. The card
// details are kept whatever the answer, as GOV.UK Pay keeps them once it has tried the card.
func (s *Simulator) authorise(p *payment, c checkedCard) {
	s.start(p)
	details := c.details
	p.card = &details
	if c.email != "" {
		p.email = c.email
	}
	p.move(stateOf(statusSubmitted), s.opts.Clock.Now())
	switch c.info.outcome {
	case cardAuthorised:
		s.finish(p, stateOf(statusSuccess))
	case cardRejected:
		s.finish(p, stateOf(codeRejected))
	default:
		s.finish(p, stateOf(codeProviderError))
	}
}

// finish moves an unfinished payment to a final state and sends the webhooks of that outcome. A
// payment the service cancelled has none: GOV.UK Pay has no webhook event for it.
func (s *Simulator) finish(p *payment, st state) {
	now := s.opts.Clock.Now()
	if st.status == statusSuccess {
		p.captured = now
	}
	p.move(st, now)
	switch st.code {
	case "":
		if st.status == statusSuccess {
			// The sandbox takes ("captures") a payment as soon as the bank authorises it.
			s.emit(p, eventSucceeded)
			s.emit(p, eventCaptured)
		}
	case codeExpired:
		s.emit(p, eventExpired)
	case codeRejected, codeCancelledByPayer, codeProviderError:
		s.emit(p, eventFailed)
	}
}

// expireIfDue fails an unfinished payment with P0020 once its 90 minutes are up. Every read of a
// payment calls it, so an overdue payment never reads as in progress, even before ExpireDue runs.
func (s *Simulator) expireIfDue(p *payment) {
	if p.overdue(s.opts.Clock.Now()) {
		s.finish(p, stateOf(codeExpired))
	}
}
