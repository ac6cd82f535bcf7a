package suspense

import (
	"context"

	"github.com/ims-council/ims"
)

// Ageing returns the open items (money left) counted and summed by age, from the business date
// they were received to today's in Europe/London, and by the value they have left. Finance only.
func (s *Service) Ageing(ctx context.Context, p ims.Principal) (ims.SuspenseAgeing, error) {
	if err := p.Require(ims.Finance); err != nil {
		return ims.SuspenseAgeing{}, err
	}
	items, err := s.DB.OpenSuspenseItems(ctx)
	if err != nil {
		return ims.SuspenseAgeing{}, err
	}
	return ims.AgeSuspense(items, ims.BusinessDate(s.DB.Now(), s.DB.London)), nil
}
