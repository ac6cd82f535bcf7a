package refdata

import (
	"context"
	"time"

	"github.com/ims-council/ims"
)

// ConfigurationProblems is `ims config check` for the settings page: what is inconsistent in the
// reference data (ims.ConfigurationProblems), none when it is usable. p needs the SystemAdmin role.
func (s *Service) ConfigurationProblems(ctx context.Context, p ims.Principal) (_ []string, err error) {
	defer ims.Wrap(&err, "ConfigurationProblems")
	if err := p.Require(ims.SystemAdmin); err != nil {
		return nil, err
	}
	return s.DB.CheckConfiguration(ctx)
}

// Organisation returns the council's details shown on receipts. p needs the SystemAdmin role (every
// page reads the council's name through the layout, which needs no role).
func (s *Service) Organisation(ctx context.Context, p ims.Principal) (_ ims.Organisation, err error) {
	defer ims.Wrap(&err, "Organisation")
	if err := p.Require(ims.SystemAdmin); err != nil {
		return ims.Organisation{}, err
	}
	return s.DB.Organisation(ctx)
}

// CurrentSystemMessage returns the system message to show at time at, nil when none runs (see
// ims.CurrentSystemMessage): any message for staff pages, only public ones for the portal
// (publicOnly). It needs no role: the banner is shown to everyone the pages are shown to.
func (s *Service) CurrentSystemMessage(ctx context.Context, at time.Time, publicOnly bool) (_ *ims.SystemMessage, err error) {
	defer ims.Wrap(&err, "CurrentSystemMessage")
	msgs, err := s.DB.SystemMessages().List(ctx)
	if err != nil {
		return nil, err
	}
	return ims.CurrentSystemMessage(msgs, at, publicOnly), nil
}

// CurrentMessage is CurrentSystemMessage now, by the database's clock, for page layouts: ok is
// false when no message runs.
func (s *Service) CurrentMessage(ctx context.Context, publicOnly bool) (m ims.SystemMessage, ok bool, err error) {
	cur, err := s.CurrentSystemMessage(ctx, s.DB.Clock.Now(), publicOnly)
	if err != nil || cur == nil {
		return m, false, err
	}
	return *cur, true, nil
}
