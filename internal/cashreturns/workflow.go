package cashreturns

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
	"github.com/ims-council/ims/internal/webhooks"
)

// Create starts a draft return of kind from template code, for a person with the CashReturns role
// who is given the template and sees its funds.
func (s *Service) Create(ctx context.Context, p ims.Principal, code string, kind ims.CashReturnKind) (r ims.CashReturn, err error) {
	defer ims.Wrap(&err, "CreateCashReturn(%q)", code)
	if err := p.Require(ims.CashReturns); err != nil {
		return r, err
	}
	if err := s.given(ctx, p, code); err != nil {
		return r, err
	}
	t, err := s.DB.CashReturnTemplates().Get(ctx, code)
	if err != nil {
		return r, err
	}
	defaultFund, err := s.defaultFund(ctx)
	if err != nil {
		return r, err
	}
	if !seesTemplate(p, t, defaultFund) {
		return r, ims.Errorf(ims.NotFound, "You have not been given template %s", code)
	}
	if r, err = ims.NewCashReturn(t, kind, defaultFund); err != nil {
		return r, err
	}
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		r.CreatedBy, r.CreatedAt = p.Actor(), tx.Now()
		if r.ID, err = tx.InsertCashReturn(ctx, r); err != nil {
			return err
		}
		return tx.Audit(ctx, p, "create", "cash return", fmt.Sprint(r.ID), nil, r)
	})
	if err != nil {
		return r, err
	}
	return s.Get(ctx, p, r.ID)
}

// given refuses a person not given template code. The system (demo data) is given every template.
func (s *Service) given(ctx context.Context, p ims.Principal, code string) error {
	if p.UserID == 0 && p.APIClientID == 0 {
		return nil
	}
	codes, err := s.DB.UserCashReturnTemplates(ctx, p.UserID)
	if err != nil {
		return err
	}
	if !slices.Contains(codes, code) {
		return ims.Errorf(ims.NotFound, "You have not been given template %s", code)
	}
	return nil
}

// Save replaces what a draft holds with f (ims.ApplyDraft), for a person with the CashReturns role
// given its template.
func (s *Service) Save(ctx context.Context, p ims.Principal, id int64, f ims.CashReturnFill) (r ims.CashReturn, err error) {
	defer ims.Wrap(&err, "SaveCashReturn(%d)", id)
	if err := p.Require(ims.CashReturns); err != nil {
		return r, err
	}
	return s.change(ctx, p, id, "update", func(_ *sqldb.Tx, r ims.CashReturn) (ims.CashReturn, error) {
		if err := s.given(ctx, p, r.Template); err != nil {
			return r, err
		}
		return ims.ApplyDraft(r, f)
	})
}

// Submit submits a draft (ims.CheckSubmit) for a person with the CashReturns role given its
// template, after checking each line with money as a payment line is checked (SPEC §2.1): its
// reference by its fund's rules, the amount within the fund's and the MOP's limits, its VAT code
// allowed.
func (s *Service) Submit(ctx context.Context, p ims.Principal, id int64) (r ims.CashReturn, err error) {
	defer ims.Wrap(&err, "SubmitCashReturn(%d)", id)
	if err := p.Require(ims.CashReturns); err != nil {
		return r, err
	}
	settings, err := s.settings(ctx)
	if err != nil {
		return r, err
	}
	return s.change(ctx, p, id, "submit", func(tx *sqldb.Tx, r ims.CashReturn) (ims.CashReturn, error) {
		if err := s.given(ctx, p, r.Template); err != nil {
			return r, err
		}
		if err := ims.CheckSubmit(r); err != nil {
			return r, err
		}
		mop, err := mopFor(settings, r.Kind)
		if err != nil {
			return r, err
		}
		if err := s.checkLines(ctx, p, r, mop); err != nil {
			return r, err
		}
		r.Status, r.SubmittedBy, r.SubmittedAt = ims.CashReturnSubmitted, p.Actor(), tx.Now()
		return r, nil
	})
}

// mopFor returns the method of payment a return of kind k is posted with.
func mopFor(c ims.CashReturnSettings, k ims.CashReturnKind) (string, error) {
	mop := c.CashMOP
	if k == ims.CashReturnCheque {
		mop = c.ChequeMOP
	}
	if mop == "" {
		return "", ims.Errorf(ims.Unavailable, "No method of payment is set for %s returns; a SystemAdmin sets it under Cash return settings", k)
	}
	return mop, nil
}

// checkLines checks every line with money of r as a payment line (reference, amount, VAT code),
// reporting every line's problem together.
func (s *Service) checkLines(ctx context.Context, p ims.Principal, r ims.CashReturn, mop string) error {
	problems := ims.Problems{}
	for i, l := range r.Lines {
		if l.Amount == 0 {
			continue
		}
		f := fmt.Sprintf("lines[%d]", i)
		amount := l.Amount
		res, err := s.DB.CheckReference(ctx, p, ims.ReferenceCheck{Fund: l.Fund, Reference: l.Reference, Amount: &amount, MOP: mop})
		switch {
		case ims.ErrorCode(err) == ims.Invalid:
			for name, msg := range ims.ErrorFields(err) {
				problems.Add(f+"."+name, "Line %d: %s", i+1, msg)
			}
			continue
		case err != nil:
			return err
		case !res.Valid:
			problems.Add(f+".reference", "Line %d: %s", i+1, strings.Join(res.Errors, "; "))
			continue
		}
		if l.VATCode != "" {
			fund, err := s.DB.Funds().Get(ctx, l.Fund)
			if err != nil {
				return err
			}
			v, verr := s.DB.VATCodes().Get(ctx, l.VATCode)
			switch {
			case l.VATCode != fund.VATCode && !fund.VATOverride:
				problems.Add(f+".vat_code", "Line %d: fund %s does not allow VAT code %s; its VAT code is %s", i+1, fund.Code, l.VATCode, fund.VATCode)
			case verr != nil || v.Disabled:
				problems.Add(f+".vat_code", "Line %d: VAT code %s does not exist or is disabled", i+1, l.VATCode)
			}
		}
	}
	return problems.Err("The cash return cannot be submitted")
}

// Authorise authorises a submitted return (ims.CheckAuthorise: not by the person who submitted it;
// adjustments with reasons) and posts it to the ledger in the same transaction: one cash-return
// posting with the cash or cheque MOP, the return's office, each line dated when the return was
// submitted — and the cash_return.authorised webhook event. p needs the CashReturnAuthoriser role.
func (s *Service) Authorise(ctx context.Context, p ims.Principal, id int64, adj []ims.CashReturnAdjustment) (r ims.CashReturn, err error) {
	defer ims.Wrap(&err, "AuthoriseCashReturn(%d)", id)
	if err := p.Require(ims.CashReturnAuthoriser); err != nil {
		return r, err
	}
	settings, err := s.settings(ctx)
	if err != nil {
		return r, err
	}
	return s.change(ctx, p, id, "authorise", func(tx *sqldb.Tx, r ims.CashReturn) (ims.CashReturn, error) {
		r, err := ims.CheckAuthorise(r, p, adj)
		if err != nil {
			return r, err
		}
		mop, err := mopFor(settings, r.Kind)
		if err != nil {
			return r, err
		}
		po, err := s.Ledger.PostIn(ctx, tx, p, ims.CashReturnPosting(r, mop))
		if err != nil {
			return r, err
		}
		r.Status, r.AuthorisedBy, r.AuthorisedAt, r.PostingID, r.Receipt = ims.CashReturnAuthorised, p.Actor(), tx.Now(), po.ID, po.ReceiptNumber
		// Subscribers hear of it only if the authorisation commits: the event is written in tx.
		return r, webhooks.Enqueue(ctx, tx, authorisedEvent(r))
	})
}

// AuthoriseMany authorises each of ids without adjustments (bulk authorise from the list), each in
// its own transaction, and returns those authorised and, by id, why each other one was not.
func (s *Service) AuthoriseMany(ctx context.Context, p ims.Principal, ids []int64) (done []ims.CashReturn, refused map[int64]error, err error) {
	if err := p.Require(ims.CashReturnAuthoriser); err != nil {
		return nil, nil, err
	}
	refused = map[int64]error{}
	for _, id := range ids {
		r, err := s.Authorise(ctx, p, id, nil)
		switch ims.ErrorCode(err) {
		case "":
			done = append(done, r)
		case ims.Internal, ims.Unavailable:
			return done, refused, err
		default:
			refused[id] = err
		}
	}
	return done, refused, nil
}

// Close deletes a submitted return (CashReturnDelete) or voids a draft (CashReturns given its
// template, or CashReturnDelete), with a reason, and emails the configured address about it through
// the outbox in the same transaction.
func (s *Service) Close(ctx context.Context, p ims.Principal, id int64, reason string) (r ims.CashReturn, err error) {
	defer ims.Wrap(&err, "CloseCashReturn(%d)", id)
	if err := ims.MayReadCashReturns(p); err != nil {
		return r, err
	}
	settings, err := s.settings(ctx)
	if err != nil {
		return r, err
	}
	return s.change(ctx, p, id, "close", func(tx *sqldb.Tx, r ims.CashReturn) (ims.CashReturn, error) {
		to, err := ims.CheckClose(r, reason)
		if err != nil {
			return r, err
		}
		if err := p.Require(ims.CashReturnDelete); err != nil {
			if to == ims.CashReturnDeleted || !p.HasRole(ims.CashReturns) {
				return r, err
			}
			if err := s.given(ctx, p, r.Template); err != nil {
				return r, err
			}
		}
		r.Status, r.ClosedBy, r.ClosedAt, r.CloseReason = to, p.Actor(), tx.Now(), strings.TrimSpace(reason)
		if settings.NotifyEmail == "" {
			return r, nil
		}
		return r, tx.CashReturnEmail(ctx, settings.NotifyEmail, ims.CashReturnEmail{ID: r.ID, Template: r.TemplateName, Status: to,
			Total: r.LinesTotal(), By: p.Name, Reason: r.CloseReason, At: r.ClosedAt})
	})
}

// AddNote adds a note to a return p may read.
func (s *Service) AddNote(ctx context.Context, p ims.Principal, id int64, text string) (err error) {
	defer ims.Wrap(&err, "NoteCashReturn(%d)", id)
	if err := ims.MayReadCashReturns(p); err != nil {
		return err
	}
	if err := ims.CheckNote(text); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		r, found, err := tx.CashReturnIn(ctx, id)
		if err != nil {
			return err
		}
		if !found || !ims.SeesCashReturn(p, r) {
			return ims.Errorf(ims.NotFound, "There is no cash return %d", id)
		}
		n := ims.CashReturnNote{Text: strings.TrimSpace(text), By: p.Actor(), CreatedAt: tx.Now()}
		if err := tx.InsertCashReturnNote(ctx, id, n); err != nil {
			return err
		}
		return tx.Audit(ctx, p, "note", "cash return", fmt.Sprint(id), nil, n)
	})
}

// change is what every move of a return shares: in one transaction the return read (NotFound when
// p may not see it), changed by fn, written only if no one moved it meanwhile, and audited
// before → after as action.
func (s *Service) change(ctx context.Context, p ims.Principal, id int64, action string,
	fn func(tx *sqldb.Tx, r ims.CashReturn) (ims.CashReturn, error)) (r ims.CashReturn, err error) {
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		before, found, err := tx.CashReturnIn(ctx, id)
		if err != nil {
			return err
		}
		if !found || !ims.SeesCashReturn(p, before) {
			return ims.Errorf(ims.NotFound, "There is no cash return %d", id)
		}
		after, err := fn(tx, before)
		if err != nil {
			return err
		}
		ok, err := tx.UpdateCashReturn(ctx, after, before.Status)
		if err != nil {
			return err
		}
		if !ok {
			return ims.Errorf(ims.Conflict, "Cash return %d was changed by someone else meanwhile; look at it again", id)
		}
		before.Notes, after.Notes = nil, nil
		return tx.Audit(ctx, p, action, "cash return", fmt.Sprint(id), before, after)
	})
	if err != nil {
		return r, err
	}
	return s.Get(ctx, p, id)
}
