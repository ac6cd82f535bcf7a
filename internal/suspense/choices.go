package suspense

import (
	"context"

	"github.com/ims-council/ims"
)

// Choices returns the funds, methods of payment and VAT codes p may pick on the suspense forms.
// The allocation checks them again: a list is only a convenience.
func (s *Service) Choices(ctx context.Context, p ims.Principal) (c ims.SuspenseChoices, err error) {
	defer ims.Wrap(&err, "SuspenseChoices")
	if err := mayUse(p); err != nil {
		return c, err
	}
	funds, err := s.DB.Funds().List(ctx)
	if err != nil {
		return c, err
	}
	for _, f := range funds {
		if f.Disabled || f.Suspense || !p.SeesFund(f.Code) {
			continue
		}
		c.Funds = append(c.Funds, f)
		if f.CreditNotes {
			c.CreditNoteFunds = append(c.CreditNoteFunds, f)
		}
	}
	mops, err := s.DB.MOPs().List(ctx)
	if err != nil {
		return c, err
	}
	for _, m := range mops {
		if !m.Disabled {
			c.MOPs = append(c.MOPs, m)
		}
	}
	vats, err := s.DB.VATCodes().List(ctx)
	if err != nil {
		return c, err
	}
	for _, v := range vats {
		if !v.Disabled && !v.Suspense {
			c.VATCodes = append(c.VATCodes, v)
		}
	}
	return c, nil
}
