package staffpayments

import (
	"context"

	"github.com/ims-council/ims"
)

// Check validates a staff payment as Take will, and takes nothing: the staff rules
// (ims.CheckStaffPayment) and the basket by the rules of the portal and the API (ims.CheckBasket,
// with the card MOP for a card payment; for a cheque or post-room one each line against its own
// MOP, ims.CheckStaffBasket). Besides the problems (one Invalid error naming the fields,
// lines[1].reference) it returns the lines refused for a stop message, so the form can offer a
// Finance user the override, and the warning to confirm for a positive amount on a payment
// reversal method.
func (s *Service) Check(ctx context.Context, p ims.Principal, sp ims.StaffPayment) (c ims.StaffPaymentCheck, err error) {
	defer ims.Wrap(&err, "CheckStaffPayment")
	mops, problems, err := s.check(ctx, p, sp)
	if err != nil {
		return c, err
	}
	if problems != nil {
		if c.Stopped, err = s.stopped(ctx, sp, problems); err != nil {
			return c, err
		}
		return c, problems.Err("The payment cannot be taken")
	}
	c.Warning = ims.ReversalWarning(sp, mops)
	return c, nil
}

// check returns the methods of payment a cheque or post-room payment names that exist, by code
// (none for a card payment), and every problem of the payment; err is a failure to check (or
// Forbidden), not a problem of the payment.
func (s *Service) check(ctx context.Context, p ims.Principal, sp ims.StaffPayment) (map[string]ims.MOP, ims.Problems, error) {
	if err := mayTakePayments(p); err != nil {
		return nil, nil, err
	}
	mops := map[string]ims.MOP{}
	officeExists := false
	if sp.Kind != ims.StaffCard {
		for _, code := range sp.MOPCodes() {
			m, err := s.DB.MOPs().Get(ctx, code)
			switch {
			case err == nil:
				mops[code] = m
			case ims.ErrorCode(err) != ims.NotFound:
				return nil, nil, err
			}
		}
		if sp.Office != "" {
			o, err := s.DB.Offices().Get(ctx, sp.Office)
			switch {
			case err == nil:
				officeExists = !o.Disabled
			case ims.ErrorCode(err) != ims.NotFound:
				return nil, nil, err
			}
		}
	}
	allowed, err := s.allowedMOPs(ctx, p)
	if err != nil {
		return nil, nil, err
	}
	problems := ims.Problems{}
	if err := collect(problems, ims.CheckStaffPayment(sp, p, mops, allowed, officeExists)); err != nil {
		return nil, nil, err
	}
	if err := collect(problems, s.checkBasket(ctx, p, sp, mops)); err != nil {
		return nil, nil, err
	}
	if len(problems) == 0 {
		problems = nil
	}
	return mops, problems, nil
}

// checkBasket checks the basket as the portal's and the API's are: a card payment through the card
// payment service (against the staff card MOP), a posted one line by line against each line's
// method of payment (ims.CheckStaffBasket).
func (s *Service) checkBasket(ctx context.Context, p ims.Principal, sp ims.StaffPayment, mops map[string]ims.MOP) error {
	req := sp.Request()
	if sp.Kind == ims.StaffCard {
		return s.Cards.Check(ctx, p, req)
	}
	// One view of the reference data for every line: the version is read once (ADR 38).
	ref, err := s.DB.ReferenceView(ctx)
	if err != nil {
		return err
	}
	lineMOPs := make([]ims.MOP, len(req.Lines))
	var facts []ims.BasketLineFacts
	for i := range req.Lines {
		code, _ := sp.LineMOP(i)
		if m, ok := mops[code]; ok && !m.Disabled {
			lineMOPs[i] = m
		} // else none chosen yet: the basket's other problems are still worth telling
		one := req
		one.Lines = req.Lines[i : i+1]
		f, err := ref.BasketFacts(ctx, p, one, lineMOPs[i])
		if err != nil {
			return err
		}
		facts = append(facts, f...)
	}
	return ims.CheckStaffBasket(req, lineMOPs, facts)
}

// collect adds the fields of an Invalid error to problems and returns any other error.
func collect(problems ims.Problems, err error) error {
	if err == nil {
		return nil
	}
	if ims.ErrorCode(err) != ims.Invalid {
		return err
	}
	fields := ims.ErrorFields(err)
	if len(fields) == 0 {
		problems.Add("lines", "%s", ims.ErrorMessage(err))
	}
	for k, v := range fields {
		problems.Add(k, "%s", v)
	}
	return nil
}

// stopped returns the lines whose reference was refused because its account has a stop message,
// with the message's text as staff read it.
func (s *Service) stopped(ctx context.Context, sp ims.StaffPayment, problems ims.Problems) (map[int]string, error) {
	out := map[int]string{}
	for i, l := range ims.NormalisedLines(sp.Lines) {
		if _, refused := problems[lineField(i, "reference")]; !refused {
			continue
		}
		d, found, err := s.DB.AccountHolderDetail(ctx, l.Fund, l.Reference)
		if err != nil {
			return nil, err
		}
		if found && d.StopMessage != "" {
			out[i] = d.StopMessageText
		}
	}
	return out, nil
}
