package payments

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/sqldb"
)

// createRefund records a refund request against a succeeded card payment, checking everything that
// can be checked before the provider is asked: the requester's roles (Refund; PartialRefund for less
// than everything still refundable), a reason, a refundable MOP, and each line's amount against what
// is left of it (its amount less refunds that have not failed). The payment's row is locked while
// this is worked out, so two refunds of one payment cannot both take the same money. A refund above
// RefundApprovalLimit (when positive) waits for a RefundApprover. A requester limited to fund
// groups may refund only a payment all of whose funds they see. The same requester repeating an
// idempotency key gets the first refund back (created false); the same key with another request is
// a Conflict.
func (s *Service) createRefund(ctx context.Context, p ims.Principal, req ims.RefundRequest) (r ims.PaymentRefund, created bool, err error) {
	defer ims.Wrap(&err, "CreateRefund(%q)", req.PaymentID)
	if err := ims.MayRequestRefund(p); err != nil {
		return r, false, err
	}
	if err := req.Check(); err != nil {
		return r, false, err
	}
	hash := refundHash(req)
	if existing, existingHash, found, err := s.DB.RefundByIdempotencyKey(ctx, p.Actor(), req.IdempotencyKey); err != nil || found {
		if found && existingHash != hash {
			return r, false, ims.Errorf(ims.Conflict, "Idempotency key %q was used for a different refund", req.IdempotencyKey)
		}
		return existing, false, err
	}
	err = s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		pp, found, err := tx.LockSucceededPayment(ctx, req.PaymentID)
		if err != nil {
			return err
		}
		if !found || !pp.VisibleTo(p) {
			return ims.Errorf(ims.NotFound, "There is no succeeded payment %s to refund", req.PaymentID)
		}
		// Staff (and API clients given fund groups) refund only payments all of whose funds they see.
		funds, err := tx.PaymentFunds(ctx, req.PaymentID)
		if err != nil {
			return err
		}
		if !p.SeesEveryFund(funds) {
			return ims.Errorf(ims.NotFound, "There is no succeeded payment %s to refund", req.PaymentID)
		}
		mop, _, err := tx.MOP(ctx, pp.MOP)
		if err != nil {
			return err
		}
		if err := ims.CheckRefundable(mop); err != nil {
			return err
		}
		left, byLine, err := tx.Refundable(ctx, pp.PostingID)
		if err != nil {
			return err
		}
		lines, partial, err := ims.RefundLines(req.Lines, left, byLine)
		if err != nil {
			return err
		}
		if partial {
			if err := ims.MayRefundPartly(p); err != nil {
				return err
			}
		}
		id, err := randomText(s.DB.Rand, 15)
		if err != nil {
			return err
		}
		r = ims.PaymentRefund{ID: "ref-" + strings.ToLower(id), PaymentID: req.PaymentID, Reason: strings.TrimSpace(req.Reason),
			RequestedBy: p.Actor(), Lines: lines, CreatedAt: tx.Now()}
		for _, l := range lines {
			r.Amount += l.Amount
		}
		r.State = ims.RefundStateFor(r.Amount, s.RefundApprovalLimit)
		if err := tx.InsertRefund(ctx, r, req.IdempotencyKey, hash); err != nil {
			return err
		}
		return tx.Audit(ctx, p, "request", "refund", r.ID, nil, r)
	})
	if sqldb.IsDuplicate(err) {
		return s.createRefund(ctx, p, req) // a concurrent repeat of the same key won
	}
	return r, err == nil, err
}

// refundHash identifies the content of a refund request, so a repeated idempotency key can be told
// apart from a reused one: the SHA-256 of its JSON form without the key.
func refundHash(req ims.RefundRequest) string {
	req.IdempotencyKey = ""
	b, _ := json.Marshal(req) // plain data: cannot fail
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// approveRefund releases a refund above the approval limit to be sent (see decideRefund).
func (s *Service) approveRefund(ctx context.Context, p ims.Principal, id string) (err error) {
	defer ims.Wrap(&err, "ApproveRefund(%q)", id)
	return s.decideRefund(ctx, p, id, "approve", ims.RefundPending, "")
}

// rejectRefund refuses a refund above the approval limit (see decideRefund): nothing is sent and the
// money stays refundable. The reason is required and kept as the refund's failure message.
func (s *Service) rejectRefund(ctx context.Context, p ims.Principal, id, reason string) (err error) {
	defer ims.Wrap(&err, "RejectRefund(%q)", id)
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return ims.FieldError("reason", "Enter the reason for rejecting the refund")
	}
	return s.decideRefund(ctx, p, id, "reject", ims.RefundRejected, "Rejected: "+reason)
}

// decideRefund lets a RefundApprover (or an API client with scope refund-approvals), who is not the
// person or client who asked for it, move a refund awaiting approval to state: pending, to be sent,
// or rejected with message. An approving client may decide on any client's refunds: approving is
// its whole purpose. The decision is audited as action.
func (s *Service) decideRefund(ctx context.Context, p ims.Principal, id, action string, state ims.RefundState, message string) error {
	if err := ims.MayDecideRefund(p); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		r, found, err := tx.Refund(ctx, id)
		if err != nil {
			return err
		}
		if !found {
			return ims.Errorf(ims.NotFound, "Refund %s does not exist", id)
		}
		// An approver decides only on refunds of payments all of whose funds they see.
		funds, err := tx.PaymentFunds(ctx, r.PaymentID)
		if err != nil {
			return err
		}
		if !p.SeesEveryFund(funds) {
			return ims.Errorf(ims.NotFound, "Refund %s does not exist", id)
		}
		if err := ims.CheckRefundDecision(r, p); err != nil {
			return err
		}
		decided, err := tx.DecideRefund(ctx, id, state, p.Actor(), message)
		if err != nil {
			return err
		}
		if !decided {
			return ims.Errorf(ims.Conflict, "Refund %s is not awaiting approval", id)
		}
		after := r
		after.State, after.ApprovedBy, after.FailureMessage = state, p.Actor(), message
		return tx.Audit(ctx, p, action, "refund", id, r, after)
	})
}
