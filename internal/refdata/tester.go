package refdata

import (
	"context"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/checkdigit"
)

// ReferenceTest is what the reference tester shows: the reference as it would be recorded, each
// format check with its outcome, and the sentence a payer would get ("" when it would be accepted).
type ReferenceTest struct {
	Fund      ims.Fund
	Validator ims.ReferenceValidator // zero when the fund has none
	Reference string
	Steps     []ims.ReferenceStep
	Problem   string
}

// TestReference applies the format checks of fund's validator to reference, with the same rules the
// portal, staff pages and API apply (ims.ReferenceSteps), and reports each. It reads and changes
// nothing else. p needs the SystemAdmin role. A validator or scheme set up wrongly is an Invalid
// error saying what is wrong, since every reference would then be refused.
func (s *Service) TestReference(ctx context.Context, p ims.Principal, fund, reference string) (t ReferenceTest, err error) {
	defer ims.Wrap(&err, "TestReference")
	if t.Fund, err = s.Funds().Get(ctx, p, fund); err != nil {
		return t, err
	}
	var scheme *checkdigit.Scheme
	if t.Fund.Validator != "" {
		if t.Validator, err = s.ReferenceValidators().Get(ctx, p, t.Fund.Validator); err != nil {
			return t, err
		}
		if t.Validator.CheckDigitScheme != "" {
			sc, err := s.CheckDigitSchemes().Get(ctx, p, t.Validator.CheckDigitScheme)
			if err != nil {
				return t, err
			}
			scheme = &sc
		}
	}
	t.Reference = ims.NormalizeReference(reference)
	if t.Steps, err = ims.ReferenceSteps(t.Fund, t.Validator, scheme, reference); err != nil {
		return t, err
	}
	t.Problem = ims.FirstProblem(t.Steps)
	return t, nil
}
