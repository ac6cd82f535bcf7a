// Package staffpayments takes payments for customers in the back office (SPEC §5.3): card payments
// over the phone, which the card payment service starts at the provider with the MOTO flag, and
// cheque and post-room payments, posted at once. Every basket is checked by the portal's and the
// API's rules (ims.CheckBasket); a line refused for its account's stop message may be taken only
// when a Finance user overrides it with a reason, which is recorded and audited.
package staffpayments

import (
	"context"
	"slices"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/payments"
	"github.com/ims-council/ims/internal/sqldb"
)

// Service takes staff payments in one database.
type Service struct {
	DB *sqldb.DB
	// Cards starts card payments at the provider and reads their outcome.
	Cards *payments.Service
	// CardReturnURL is where the provider sends the officer back after a card payment: the back
	// office's result page (the payment's id is added to it).
	CardReturnURL string
	// ReceiptLink returns the signed link to a receipt's public page for the receipt email; nil
	// leaves the link out.
	ReceiptLink func(receiptNumber string) string
}

// mayTakePayments refuses a principal holding none of the roles that take staff payments.
func mayTakePayments(p ims.Principal) error {
	if len(ims.StaffPaymentKinds(p)) == 0 {
		return ims.Errorf(ims.Forbidden, "You need the Payments, ChequeProcess or PostPayment role to take payments.")
	}
	return nil
}

// Choices returns what the payment form offers p: the kinds of payment p's roles take, the funds p
// sees, the methods of payment p may post, and the offices.
func (s *Service) Choices(ctx context.Context, p ims.Principal) (c ims.StaffPaymentChoices, err error) {
	defer ims.Wrap(&err, "StaffPaymentChoices")
	if err := mayTakePayments(p); err != nil {
		return c, err
	}
	c.Kinds, c.MayOverride = ims.StaffPaymentKinds(p), p.HasRole(ims.Finance)
	funds, err := s.DB.Funds().List(ctx)
	if err != nil {
		return c, err
	}
	for _, f := range funds {
		if !f.Disabled && !f.Suspense && p.SeesFund(f.Code) {
			c.Funds = append(c.Funds, f)
		}
	}
	allowed, err := s.allowedMOPs(ctx, p)
	if err != nil {
		return c, err
	}
	mops, err := s.DB.MOPs().List(ctx)
	if err != nil {
		return c, err
	}
	for _, m := range mops {
		if !m.Disabled && slices.Contains(allowed, m.Code) && ims.StaffPostable(ims.StaffPost, m.Kind) {
			c.MOPs = append(c.MOPs, m)
		}
	}
	if c.LastOffice, err = s.DB.LastStaffPaymentOffice(ctx, p.UserID); err != nil {
		return c, err
	}
	offices, err := s.DB.Offices().List(ctx)
	if err != nil {
		return c, err
	}
	for _, o := range offices {
		if !o.Disabled {
			c.Offices = append(c.Offices, o)
		}
	}
	return c, nil
}

// allowedMOPs returns the codes of the methods of payment p may post (the user's, SPEC §3.3).
func (s *Service) allowedMOPs(ctx context.Context, p ims.Principal) ([]string, error) {
	if p.UserID == 0 {
		return nil, nil
	}
	u, err := s.DB.UserByID(ctx, p.UserID)
	return u.MOPs, err
}

// MaxHolders is the most account holders a look-up returns.
const MaxHolders = 20

// FindAccountHolders looks up the account holders of the funds p sees by reference, name or
// postcode (any of them; at least one), for the payment form to fill in the payer's name and
// address from.
func (s *Service) FindAccountHolders(ctx context.Context, p ims.Principal, q ims.AccountHolderSearch) (_ []ims.AccountHolder, err error) {
	defer ims.Wrap(&err, "FindAccountHolders")
	if err := mayTakePayments(p); err != nil {
		return nil, err
	}
	q.Reference, q.Name, q.Postcode = ims.NormalizeReference(q.Reference), strings.TrimSpace(q.Name), strings.TrimSpace(q.Postcode)
	if q.Reference == "" && q.Name == "" && q.Postcode == "" {
		return nil, ims.FieldError("find", "Enter a reference, a name or a postcode to look up")
	}
	q.Limit, q.After, q.Address = MaxHolders, nil, ""
	var funds []string // nil: every fund
	if !p.SeesAllFunds() {
		funds = append([]string{}, p.Funds...)
	}
	return s.DB.SearchAccountHolders(ctx, funds, q)
}
