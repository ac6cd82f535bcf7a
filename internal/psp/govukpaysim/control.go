package govukpaysim

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ims-council/ims/money"
)

// The methods here move payments along without a browser, for tests and for the demo's own
// scripts. Each behaves as the matching step of the real journey, webhooks included.

// Pay does what the card page does when the payer submits cardNumber with a valid expiry date,
// security code, name and billing address: the payment starts if it had not, and the simulated
// bank answers as it would for that card. It returns an error, and changes nothing, when there is
// no such payment, the payment is finished, or the card page would refuse the number.
func (s *Simulator) Pay(paymentID, cardNumber string) error {
	s.mu.Lock()
	defer s.unlock()
	p, err := s.unfinished(paymentID)
	if err != nil {
		return err
	}
	now := s.opts.Clock.Now()
	form := cardForm{
		number: cardNumber, month: "12", year: strconv.Itoa(now.Year() + 3), cvc: "123",
		name: "Test Payer", line1: "1 Test Street", city: "Testville", postcode: "AB1 2CD",
	}
	if digits, ok := cardDigits(cardNumber); ok && lookupCard(digits).brand == "American Express" {
		form.cvc = "1234"
	}
	card, problems := form.check(now, false)
	if len(problems) > 0 {
		var msgs []string
		for _, e := range problems {
			msgs = append(msgs, e.message)
		}
		return fmt.Errorf("govukpaysim: the card page would refuse %s: %s", paymentID, strings.Join(msgs, "; "))
	}
	s.authorise(p, card)
	return nil
}

// CancelByPayer does what the card page's "Cancel payment" button does: the payment fails with
// P0030. It returns an error when there is no such payment or it is finished.
func (s *Simulator) CancelByPayer(paymentID string) error {
	s.mu.Lock()
	defer s.unlock()
	p, err := s.unfinished(paymentID)
	if err != nil {
		return err
	}
	s.finish(p, stateOf(codeCancelledByPayer))
	return nil
}

// ExpireDue fails every unfinished payment older than 90 minutes by the clock with P0020, sending
// card_payment_expired, and returns how many it expired. Reads expire overdue payments anyway; a
// host calls this now and then so that the webhooks of forgotten payments are sent too.
func (s *Simulator) ExpireDue() int {
	s.mu.Lock()
	defer s.unlock()
	n := 0
	now := s.opts.Clock.Now()
	for _, p := range s.payments {
		if p.overdue(now) {
			s.finish(p, stateOf(codeExpired))
			n++
		}
	}
	return n
}

// CompleteRefund finishes a refund left submitted by RefundStaysSubmitted: success, which sends
// card_payment_refunded, or error, which makes its amount available again. It returns an error
// when there is no such refund or it is not submitted.
func (s *Simulator) CompleteRefund(paymentID, refundID string, succeeded bool) error {
	s.mu.Lock()
	defer s.unlock()
	p := s.payments[paymentID]
	if p == nil {
		return fmt.Errorf("govukpaysim: no payment %s", paymentID)
	}
	r := p.findRefund(refundID)
	if r == nil {
		return fmt.Errorf("govukpaysim: payment %s has no refund %s", paymentID, refundID)
	}
	if r.status != refundSubmitted {
		return fmt.Errorf("govukpaysim: refund %s is already %s", refundID, r.status)
	}
	if !succeeded {
		r.status = refundError
		return nil
	}
	r.status = refundSuccess
	s.emit(p, eventRefunded)
	return nil
}

// LoseRefundAnswers makes the next n refund requests act as usual but answer 502 Bad Gateway with
// an HTML page, as a proxy does when GOV.UK Pay's answer is lost on the way back: the refund is
// made and the caller cannot tell.
func (s *Simulator) LoseRefundAnswers(n int) {
	s.mu.Lock()
	defer s.unlock()
	s.loseRefundAnswers = n
}

// RefundElsewhere makes a refund of a successful payment that did not come through the API, as a
// member of staff does in GOV.UK Pay's admin tool; it succeeds at once and sends
// card_payment_refunded. It returns the refund's id, or an error when the payment does not exist,
// did not succeed or has less than amount left to refund.
func (s *Simulator) RefundElsewhere(paymentID string, amount money.Pence) (string, error) {
	s.mu.Lock()
	defer s.unlock()
	p := s.payments[paymentID]
	if p == nil {
		return "", fmt.Errorf("govukpaysim: no payment %s", paymentID)
	}
	if amount <= 0 || amount > p.refundable() {
		return "", fmt.Errorf("govukpaysim: payment %s has %s left to refund, not %s", paymentID, p.refundable().Display(), amount.Display())
	}
	return s.addRefund(p, amount, refundSuccess).id, nil
}

// unfinished returns the payment with the id, after expiring it if due, or an error when there is
// none or it is finished. The caller holds s.mu.
func (s *Simulator) unfinished(id string) (*payment, error) {
	p := s.payments[id]
	if p == nil {
		return nil, fmt.Errorf("govukpaysim: no payment %s", id)
	}
	s.expireIfDue(p)
	if p.state.finished() {
		return nil, fmt.Errorf("govukpaysim: payment %s is already %s", id, p.state.status)
	}
	return p, nil
}
