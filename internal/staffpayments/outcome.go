package staffpayments

import (
	"context"

	"github.com/ims-council/ims"
)

// CardPayment returns a card payment taken over the phone as the provider now reports it (the card
// payment service asks the provider; the officer's browser is never believed), with its record. Only
// a user with Payments who sees every fund of the payment may see it; anyone else is told it does
// not exist.
func (s *Service) CardPayment(ctx context.Context, p ims.Principal, paymentID string) (r ims.StaffPaymentResult, err error) {
	defer ims.Wrap(&err, "StaffCardPayment(%q)", paymentID)
	if err := p.Require(ims.Payments); err != nil {
		return r, err
	}
	rec, found, err := s.DB.StaffPaymentByPayment(ctx, paymentID)
	if err != nil {
		return r, err
	}
	if !found {
		return r, ims.Errorf(ims.NotFound, "There is no payment taken over the phone with id %s", paymentID)
	}
	pp, err := s.Cards.Get(ctx, p, paymentID)
	if err != nil {
		return r, err
	}
	if !seesEvery(p, pp.Lines) {
		return r, ims.Errorf(ims.NotFound, "There is no payment taken over the phone with id %s", paymentID)
	}
	return ims.StaffPaymentResult{Record: rec, Payment: pp}, nil
}

// Posted returns a cheque or post-room payment by its receipt number, with its posting, for its
// result page. A user needs one of the roles that take payments and must see every fund of it.
func (s *Service) Posted(ctx context.Context, p ims.Principal, receipt string) (r ims.StaffPaymentResult, err error) {
	defer ims.Wrap(&err, "StaffPayment(%q)", receipt)
	if err := mayTakePayments(p); err != nil {
		return r, err
	}
	notFound := ims.Errorf(ims.NotFound, "There is no staff payment with receipt number %s", receipt)
	rec, found, err := s.DB.StaffPaymentByReceipt(ctx, receipt)
	if err != nil {
		return r, err
	}
	if !found || rec.PostingID == 0 {
		return r, notFound
	}
	posting, err := s.DB.PostingByReceipt(ctx, receipt)
	if err != nil {
		return r, err
	}
	for _, e := range posting.Entries {
		if !p.SeesFund(e.Fund) {
			return r, notFound
		}
	}
	return ims.StaffPaymentResult{Record: rec, Posting: posting}, nil
}

// seesEvery reports whether p sees the fund of every line.
func seesEvery(p ims.Principal, lines []ims.PaymentLine) bool {
	for _, l := range lines {
		if !p.SeesFund(l.Fund) {
			return false
		}
	}
	return true
}
